/** Saving and loading models: numpy-readable arrays plus params.json, so a model folder stands on its own. */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { readJsonFile, writeJsonAtomic } from "../../lib/fs.js";
import { readNpyFloat32 } from "../../lib/npy.js";
import { AlsModel, type AlsParams } from "./als.js";
import { BprModel, type BprParams } from "./bpr.js";
import { ContentModel, type ContentParams } from "./content.js";
import { EaseModel, type EaseParams } from "./ease.js";
import { HybridModel, type HybridParams } from "./hybrid.js";
import { ItemKnnModel, type ItemKnnParams } from "./itemknn.js";
import { type PopParams, PopularityModel } from "./pop.js";
import { TransitionModel, type TransitionParams } from "./transition.js";
import { MODEL_TYPES, ModelError, type ModelType, type Recommender, type TrainedModel } from "./types.js";

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
  writeJsonAtomic(join(dir, "params.json"), { type: model.type, params: model.params } satisfies SavedParams);
  return [...files, "params.json"];
}

export function loadModel(dir: string): Recommender {
  const saved = readJsonFile(join(dir, "params.json")) as SavedParams;
  if (!MODEL_TYPES.includes(saved.type))
    throw new ModelError(`${dir}/params.json: unknown model type "${String(saved.type)}"`);
  const npy = (name: string) => readNpyFloat32(join(dir, name));
  switch (saved.type) {
    case "pop": {
      const s = npy("scores.npy");
      const cum = existsSync(join(dir, "time_counts.npy")) ? npy("time_counts.npy").data : undefined;
      return new PopularityModel(s.data, saved.params as PopParams, cum);
    }
    case "itemknn": {
      const s = npy("S.npy");
      return new ItemKnnModel(s.data, s.shape[0]!, saved.params as ItemKnnParams);
    }
    case "ease": {
      const b = npy("B.npy");
      return new EaseModel(b.data, b.shape[0]!, saved.params as EaseParams);
    }
    case "als":
    case "bpr": {
      const u = npy("U.npy");
      const v = npy("V.npy");
      const f = u.shape[1]!;
      const known = new Uint8Array(u.shape[0]!);
      for (let r = 0; r < known.length; r++) {
        for (let d = 0; d < f; d++) {
          if (u.data[r * f + d] !== 0) {
            known[r] = 1;
            break;
          }
        }
      }
      if (saved.type === "als")
        return new AlsModel(u.data, v.data, u.shape[0]!, v.shape[0]!, saved.params as AlsParams, known);
      const b = npy("item_bias.npy");
      return new BprModel(u.data, v.data, b.data, u.shape[0]!, v.shape[0]!, saved.params as BprParams, known);
    }
    case "content": {
      if (existsSync(join(dir, "S.npy"))) {
        const s = npy("S.npy");
        return new ContentModel(s.shape[0]!, saved.params as ContentParams, s.data);
      }
      const v = npy("V.npy");
      return new ContentModel(v.shape[0]!, saved.params as ContentParams, undefined, v.data, v.shape[1]!);
    }
    case "transition": {
      const s = npy("S.npy");
      return new TransitionModel(s.data, s.shape[0]!, saved.params as TransitionParams);
    }
    case "hybrid": {
      const params = saved.params as HybridParams;
      const components: Record<string, Recommender> = {};
      for (const name of params.components) components[name] = loadModel(join(dir, "components", name));
      const n = Object.values(components)[0]?.nItems ?? 0;
      return new HybridModel(components, params, n);
    }
  }
}
