/** Saving and loading models: numpy-readable arrays plus params.json, so a model folder stands on its own. */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { readJsonFile, writeJsonAtomic } from "../../lib/fs.js";
import { readNpyFloat32 } from "../../lib/npy.js";
import { HybridModel } from "./hybrid.js";
import { isModelType, MODELS, type ModelType } from "./registry.js";
import { ModelError, type Recommender, type TrainedModel } from "./types.js";

export interface SavedParams {
  type: ModelType;
  params: unknown;
}

/** Writes a model's arrays and params.json into dir; returns the files written (relative to dir). */
export function saveModel(model: TrainedModel | HybridModel, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  if (model instanceof HybridModel) {
    const files: string[] = [];
    for (const name of model.params.components) {
      const sub = join("components", name);
      for (const f of saveModel(model.components[name] as TrainedModel, join(dir, sub)))
        files.push(join(sub, f));
    }
    writeJsonAtomic(join(dir, "params.json"), { type: "hybrid", params: model.params } satisfies SavedParams);
    return [...files, "params.json"];
  }
  const files = model.save(dir);
  writeJsonAtomic(join(dir, "params.json"), {
    type: model.type as ModelType,
    params: model.params,
  } satisfies SavedParams);
  return [...files, "params.json"];
}

export function loadModel(dir: string): Recommender {
  const saved = readJsonFile(join(dir, "params.json")) as SavedParams;
  if (!isModelType(saved.type))
    throw new ModelError(`${dir}/params.json: unknown model type "${String(saved.type)}"`);
  return MODELS[saved.type].load({
    dir,
    params: saved.params as Record<string, unknown>,
    npy: (name) => readNpyFloat32(join(dir, name)),
    has: (name) => existsSync(join(dir, name)),
    loadChild: loadModel,
  });
}
