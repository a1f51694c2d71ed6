/** The recommender's API: prepare data, train and register models, evaluate them, and serve the current best. */
export { type Dataset, loadDataset } from "./data/dataset.js";
export { type DemoScale, generateDemoShop } from "./data/demo.js";
export { type PrepareOptions, type ProcessingReport, prepareDataset } from "./data/prepare.js";
export { loadPreset, type Preset } from "./data/presets.js";
export { type EvalResult, evaluateModel } from "./eval/metrics.js";
export { loadModel, saveModel } from "./models/io.js";
export { MODEL_TYPES, type ModelType, type Recommender, type UserContext } from "./models/types.js";
export { evaluateRegistered, trainAndRegister } from "./pipeline.js";
export { loadRegistry, promote, type Registry, rollback, verifyEntry } from "./registry/registry.js";
export { loadServingConfig, type ServingConfig } from "./serving/config.js";
export { RecommendService } from "./serving/service.js";
export { loadServingState, type ServingState } from "./serving/state.js";
export { parseParams, trainAndEvaluate } from "./train.js";
