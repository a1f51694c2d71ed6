/** The recommender's API: prepare data, train and register models, evaluate them, and serve the current best. */
export { type Dataset, loadDataset } from "./data/dataset.js";
export { DEMO_SHAPES, type DemoScale, generateDemoShop } from "./data/demo.js";
export { type PrepareOptions, type ProcessingReport, prepareDataset } from "./data/prepare.js";
export { loadPreset, type Preset } from "./data/presets.js";
export { type EvalResult, evaluateModel } from "./eval/metrics.js";
export {
  comparisonChart,
  comparisonMarkdown,
  comparisonTable,
  flattenMetrics,
  groupHr,
} from "./eval/report.js";
export { loadModel, saveModel } from "./models/io.js";
export { MODEL_TYPES, MODELS, type ModelType } from "./models/registry.js";
export type { Recommender, UserContext } from "./models/types.js";
export { evaluateRegistered, trainAndRegister } from "./pipeline.js";
export {
  loadRegistry,
  promote,
  type Registry,
  RegistryError,
  registryPath,
  rollback,
  SELECTION_METRIC,
  saveRegistry,
  verifyEntry,
} from "./registry/registry.js";
export { ensureModel } from "./serving/bootstrap.js";
export { loadServingConfig, redactedConfig, type ServingConfig } from "./serving/config.js";
export {
  BatchResponseSchema,
  CacheStatsResponseSchema,
  RecommendedItemSchema,
  RecommendResponseSchema,
  SimilarResponseSchema,
} from "./serving/responses.js";
export { BatchRequestSchema, RecommendRequestSchema, SimilarRequestSchema } from "./serving/schemas.js";
export { NotFoundError, RecommendService } from "./serving/service.js";
export { loadServingState, type ServingState } from "./serving/state.js";
export { parseParams, trainAndEvaluate } from "./train.js";
