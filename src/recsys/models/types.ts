import { UserError } from "../../lib/errors.js";
/** What every recommender model is: it scores the whole catalogue for a user given their history. */
import type { Progress } from "../../lib/progress.js";
import type { Csr, Dataset, FitStage } from "../data/dataset.js";

export interface UserContext {
  /** Index in the training data's user list, or -1 for a user the model has not seen. */
  user: number;
  /** Items in the user's history (training rows only). */
  items: Int32Array;
  /** Confidence of each history item. */
  conf: Float32Array;
  /** Reference time (epoch s): the user's latest history event offline, "now" when serving. */
  time?: number;
  /** Items of the user's latest history event (sequence-aware models start from these). */
  recent?: Int32Array;
}

export interface Recommender {
  /** the registry name of the model type (models/registry.ts) */
  readonly type: string;
  readonly nItems: number;
  /** Writes a score for every item into `out` (length nItems); higher is better. */
  score(ctx: UserContext, out: Float32Array): void;
}

export interface TrainedModel extends Recommender {
  readonly params: object;
  /** Writes the model's arrays (.npy) into `dir` and returns the file names; params/metadata are written by the caller. */
  save(dir: string): string[];
}

export interface TrainInput {
  ds: Dataset;
  train: Csr;
  stage: FitStage;
  seed: number;
  progress: (label: string, total: number) => Progress;
}

export class ModelError extends UserError {}

/** History of user u from a CSR matrix, as a UserContext. */
/** Per-user context beyond the history itself: reference time and latest-event items. */
export interface HistoryExtras {
  lastTime: Float64Array;
  recent: Map<number, Int32Array>;
}

export function contextOf(m: Csr, u: number, extras?: HistoryExtras): UserContext {
  const a = m.indptr[u]!;
  const b = m.indptr[u + 1]!;
  const ctx: UserContext = { user: u, items: m.indices.subarray(a, b), conf: m.data.subarray(a, b) };
  if (extras) {
    if (extras.lastTime[u]! > 0) ctx.time = extras.lastTime[u]!;
    const r = extras.recent.get(u);
    if (r) ctx.recent = r;
  }
  return ctx;
}
