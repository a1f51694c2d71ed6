/**
 * Fitting a model the way the registry needs it: fit on the validation stage to measure it (and tune hybrid
 * weights), then refit on everything before the test events, and measure that on the test events.
 */
import type { z } from "zod";
import { UserError } from "../lib/errors.js";
import type { Progress } from "../lib/progress.js";
import { type Dataset, type FitStage, heldOut, historyExtras, trainMatrix } from "./data/dataset.js";
import { type EvalResult, evaluateModel, mergeEvals, VAL_FOLDS } from "./eval/metrics.js";
import { CONTENT_DEFAULTS, type ContentModel, trainContent } from "./models/content.js";
import {
  HybridModel,
  type HybridOptions,
  type HybridParams,
  type Normalisation,
  normaliseScores,
  type TuningCase,
  tuneWeights,
  WEIGHT_GRID,
} from "./models/hybrid.js";
import { isModelType, MODELS, type ModelType } from "./models/registry.js";
import {
  contextOf,
  ModelError,
  type Recommender,
  type TrainedModel,
  type TrainInput,
} from "./models/types.js";

export class ParamError extends UserError {}

/** Parses "key=value" overrides for a model type against its schema. */
export function parseParams(type: ModelType, overrides: Record<string, string>): Record<string, unknown> {
  const schema = MODELS[type].params as unknown as z.ZodObject;
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(overrides).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new ParamError(
      `--param ${unknown[0]}: model ${type} has no such parameter; it takes ${known.join(", ")}`,
    );
  const r = schema.safeParse(overrides);
  if (!r.success) {
    const i = r.error.issues[0];
    const key = String(i?.path[0] ?? "");
    // the values arrive as text and are coerced: name what the user wrote, not the NaN it became
    throw new ParamError(
      `--param ${key}=${JSON.stringify(overrides[key] ?? "")}: ${i?.message.replace(/, received NaN$/, "")} (model ${type})`,
    );
  }
  return r.data as Record<string, unknown>;
}

export const HYBRID_COMPONENTS = [
  "ease",
  "itemknn",
  "content",
  "pop",
  "pop_recent",
  "pop_time",
  "transition",
  "als",
  "bpr",
] as const;

async function fitBase(
  type: Exclude<ModelType, "hybrid">,
  input: TrainInput,
  params: Record<string, unknown>,
): Promise<TrainedModel> {
  const train = MODELS[type].train;
  if (!train) throw new ModelError(`model ${type} cannot be fitted on its own`);
  return train(input, params);
}

function componentSpec(
  name: string,
  hp: HybridOptions,
): { type: Exclude<ModelType, "hybrid">; params: Record<string, unknown> } {
  switch (name) {
    case "pop_recent":
      return {
        type: "pop",
        params: { halfLifeDays: hp.recentHalfLifeDays, windowDays: 0, oneTimeWeight: 1 },
      };
    case "pop_time":
      return { type: "pop", params: { halfLifeDays: 0, windowDays: hp.windowDays, oneTimeWeight: 1 } };
    default:
      if (isModelType(name) && name !== "hybrid")
        return { type: name, params: MODELS[name].params.parse({}) as Record<string, unknown> };
      throw new ParamError(
        `--param components: unknown hybrid component "${name}" (use ${HYBRID_COMPONENTS.join(", ")})`,
      );
  }
}

async function fitComponents(input: TrainInput, hp: HybridOptions): Promise<Record<string, TrainedModel>> {
  const out: Record<string, TrainedModel> = {};
  for (const name of hp.components) {
    const spec = componentSpec(name, hp);
    out[name] = await fitBase(spec.type, input, spec.params);
  }
  return out;
}

/** Tunes hybrid weights (and the normalisation) on the validation users that pass `include`. */
function tuneHybrid(
  ds: Dataset,
  components: Record<string, TrainedModel>,
  hp: HybridOptions,
  include: (u: number) => boolean,
): HybridParams {
  const train = trainMatrix(ds, "val");
  const targets = heldOut(ds, "val");
  const extras = historyExtras(ds, "val");
  const users = [...targets.keys()]
    .filter(include)
    .sort((a, b) => a - b)
    .slice(0, hp.tuneUsers);
  const names = hp.components;
  let best: HybridParams | undefined;
  let bestScore = -1;
  for (const normalisation of ["zscore", "max", "rank"] as Normalisation[]) {
    const warm: TuningCase[] = [];
    const cold: TuningCase[] = [];
    for (const u of users) {
      const ctx = contextOf(train, u, extras);
      const scores = names.map((n) => {
        const s = new Float32Array(ds.nItems);
        components[n]!.score(ctx, s);
        normaliseScores(s, ctx.items, normalisation);
        return s;
      });
      (ctx.items.length >= 2 ? warm : cold).push({
        scores,
        history: ctx.items,
        targets: new Set(targets.get(u)!),
      });
    }
    const tw = tuneWeights(warm, names.length, 10, ds.nItems);
    const tc = tuneWeights(cold, names.length, 10, ds.nItems);
    const total = (tw.ndcg * warm.length + tc.ndcg * cold.length) / Math.max(1, warm.length + cold.length);
    if (total > bestScore) {
      bestScore = total;
      best = {
        components: names,
        normalisation,
        weights: {
          trainable: Object.fromEntries(names.map((n, i) => [n, tw.weights[i]!])),
          cold: Object.fromEntries(names.map((n, i) => [n, tc.weights[i]!])),
        },
        tuning: {
          users: warm.length + cold.length,
          ndcg_trainable: tw.ndcg,
          ndcg_cold: tc.ndcg,
          grid: WEIGHT_GRID,
        },
      };
    }
  }
  return best!;
}

export interface TrainOutcome {
  type: ModelType;
  model: TrainedModel | HybridModel;
  params: Record<string, unknown>;
  val: EvalResult;
  test: EvalResult;
  fitSeconds: number;
}

export interface TrainOptions {
  seed: number;
  evalSample: number;
  progress: (label: string, total: number) => Progress;
  similarity?: (i: number, j: number) => number;
}

export async function trainAndEvaluate(
  ds: Dataset,
  type: ModelType,
  params: Record<string, unknown>,
  opts: TrainOptions,
): Promise<TrainOutcome> {
  const input = (stage: FitStage): TrainInput => ({
    ds,
    train: trainMatrix(ds, stage),
    stage,
    seed: opts.seed,
    progress: opts.progress,
  });
  const evalOpts = { k: 10, sample: opts.evalSample, seed: opts.seed, similarity: opts.similarity };
  const t0 = performance.now();
  if (type === "hybrid") {
    const hp = params as HybridOptions;
    const valComponents = await fitComponents(input("val"), hp);
    // Cross-fitted validation: weights tuned on one fold are measured on the other, and the two are pooled.
    const val = mergeEvals(
      VAL_FOLDS.map((fold, f) => {
        const other = VAL_FOLDS[1 - f]!;
        const tuned = tuneHybrid(ds, valComponents, hp, other);
        return evaluateModel(new HybridModel(valComponents, tuned, ds.nItems), ds, "val", {
          ...evalOpts,
          users: fold,
        });
      }),
    );
    const hybridParams = tuneHybrid(ds, valComponents, hp, () => true);
    const finalComponents = await fitComponents(input("final"), hp);
    const fitSeconds = (performance.now() - t0) / 1000;
    const model = new HybridModel(finalComponents, hybridParams, ds.nItems);
    const test = evaluateModel(model, ds, "final", evalOpts);
    return {
      type,
      model,
      params: { ...hp, components: hp.components.join(","), fitted: hybridParams },
      val,
      test,
      fitSeconds,
    };
  }
  const valModel = await fitBase(type, input("val"), params);
  const val = evaluateModel(valModel, ds, "val", evalOpts);
  const t1 = performance.now();
  const model = await fitBase(type, input("final"), params);
  const fitSeconds = (performance.now() - t1) / 1000;
  const test = evaluateModel(model, ds, "final", evalOpts);
  return { type, model, params, val, test, fitSeconds };
}

/** Content similarity for diversity metrics: the exact TF-IDF model, fitted once per dataset. */
export function contentSimilarity(
  ds: Dataset,
  seed: number,
  progress: TrainOptions["progress"],
): (i: number, j: number) => number {
  const c: ContentModel = trainContent(
    { ds, train: trainMatrix(ds, "final"), stage: "final", seed, progress },
    { ...CONTENT_DEFAULTS, neighbours: ds.nItems },
  );
  return (i, j) => c.similarity(i, j);
}

export type { Recommender };
export { ModelError };
