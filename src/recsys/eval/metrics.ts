/**
 * Offline ranking evaluation: each held-out user's history (training rows) is scored against the whole
 * catalogue, history items are excluded, and the top K is compared with the held-out event's items.
 */
import { Rng } from "../../lib/rng.js";
import {
  type Dataset,
  eventsPerUser,
  type FitStage,
  heldOut,
  historyExtras,
  trainMatrix,
} from "../data/dataset.js";
import { topK } from "../models/topk.js";
import { contextOf, type Recommender } from "../models/types.js";

export const USER_GROUPS = ["all", "trainable", "cold"] as const;
export type UserGroup = (typeof USER_GROUPS)[number];

export interface GroupMetrics {
  users: number;
  hr: number;
  recall: number;
  ndcg: number;
  map: number;
  hr_se: number;
  ndcg_se: number;
}

export interface EvalResult {
  stage: FitStage;
  k: number;
  groups: Record<UserGroup, GroupMetrics>;
  coverage: number;
  diversity: number;
  novelty: number;
  seconds: number;
}

export interface EvalOptions {
  k: number;
  /** Evaluate a seeded sample of this many users (0 = all). */
  sample: number;
  seed: number;
  /** Item-item similarity for intra-list diversity (1 - mean pairwise similarity). */
  similarity?: (i: number, j: number) => number;
  /** Only evaluate users passing this filter (e.g. the model-selection half of the validation users). */
  users?: (user: number) => boolean;
  onProgress?: (done: number, total: number) => void;
}

interface Acc {
  n: number;
  hr: number;
  hr2: number;
  recall: number;
  ndcg: number;
  ndcg2: number;
  map: number;
}

const emptyAcc = (): Acc => ({ n: 0, hr: 0, hr2: 0, recall: 0, ndcg: 0, ndcg2: 0, map: 0 });

/** Two fixed folds of the validation users, for cross-fitted tuning (a tuned model is judged on the other fold). */
export const VAL_FOLDS: ((u: number) => boolean)[] = [(u) => u % 2 === 0, (u) => u % 2 === 1];

/** Pools evaluations of disjoint user sets into one, weighting by users. */
export function mergeEvals(parts: EvalResult[]): EvalResult {
  const first = parts[0]!;
  const groups = {} as Record<UserGroup, GroupMetrics>;
  for (const g of USER_GROUPS) {
    const n = parts.reduce((s, p) => s + p.groups[g].users, 0);
    const w = (p: EvalResult) => (n ? p.groups[g].users / n : 0);
    const avg = (k: keyof GroupMetrics) => parts.reduce((s, p) => s + w(p) * p.groups[g][k], 0);
    const se = (k: "hr_se" | "ndcg_se") =>
      Math.sqrt(parts.reduce((s, p) => s + (w(p) * p.groups[g][k]) ** 2, 0));
    groups[g] = {
      users: n,
      hr: avg("hr"),
      recall: avg("recall"),
      ndcg: avg("ndcg"),
      map: avg("map"),
      hr_se: se("hr_se"),
      ndcg_se: se("ndcg_se"),
    };
  }
  const total = parts.reduce((s, p) => s + p.groups.all.users, 0) || 1;
  const wavg = (k: "coverage" | "diversity" | "novelty") =>
    parts.reduce((s, p) => s + (p.groups.all.users / total) * p[k], 0);
  return {
    stage: first.stage,
    k: first.k,
    groups,
    coverage: wavg("coverage"),
    diversity: wavg("diversity"),
    novelty: wavg("novelty"),
    seconds: parts.reduce((s, p) => s + p.seconds, 0),
  };
}

export function evaluateModel(
  model: Recommender,
  ds: Dataset,
  stage: FitStage,
  opts: EvalOptions,
): EvalResult {
  const t0 = performance.now();
  const train = trainMatrix(ds, stage);
  const targets = heldOut(ds, stage);
  const events = eventsPerUser(ds, stage);
  const extras = historyExtras(ds, stage);
  const k = opts.k;
  let users = [...targets.keys()].filter((u) => !opts.users || opts.users(u)).sort((a, b) => a - b);
  if (opts.sample > 0 && users.length > opts.sample)
    users = new Rng(opts.seed)
      .shuffle(users)
      .slice(0, opts.sample)
      .sort((a, b) => a - b);
  const popularity = new Float64Array(ds.nItems);
  let trainUsers = 0;
  for (let u = 0; u < train.rows; u++) {
    if (train.indptr[u + 1]! > train.indptr[u]!) trainUsers++;
    for (let p = train.indptr[u]!; p < train.indptr[u + 1]!; p++) popularity[train.indices[p]!]!++;
  }
  const acc: Record<UserGroup, Acc> = { all: emptyAcc(), trainable: emptyAcc(), cold: emptyAcc() };
  const recommended = new Uint8Array(ds.nItems);
  const scores = new Float32Array(ds.nItems);
  let diversitySum = 0;
  let diversityLists = 0;
  let noveltySum = 0;
  let noveltyItems = 0;
  const discount = Array.from({ length: k }, (_, r) => 1 / Math.log2(r + 2));
  users.forEach((u, idx) => {
    const ctx = contextOf(train, u, extras);
    model.score(ctx, scores);
    const top = topK(scores, k, ctx.items);
    const truth = new Set(targets.get(u)!);
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    for (let r = 0; r < top.length; r++) {
      const item = top[r]!;
      recommended[item] = 1;
      noveltySum += -Math.log2((popularity[item]! + 1) / (trainUsers + 1));
      noveltyItems++;
      if (truth.has(item)) {
        hits++;
        dcg += discount[r]!;
        ap += hits / (r + 1);
      }
    }
    let idcg = 0;
    for (let r = 0; r < Math.min(truth.size, k); r++) idcg += discount[r]!;
    const hr = hits > 0 ? 1 : 0;
    const ndcg = idcg > 0 ? dcg / idcg : 0;
    const groups: UserGroup[] = ["all", events[u]! >= 2 ? "trainable" : "cold"];
    for (const g of groups) {
      const a = acc[g];
      a.n++;
      a.hr += hr;
      a.hr2 += hr * hr;
      a.recall += hits / truth.size;
      a.ndcg += ndcg;
      a.ndcg2 += ndcg * ndcg;
      a.map += ap / Math.min(truth.size, k);
    }
    if (opts.similarity && top.length > 1) {
      let s = 0;
      let pairs = 0;
      for (let a = 0; a < top.length; a++) {
        for (let b = a + 1; b < top.length; b++) {
          s += opts.similarity(top[a]!, top[b]!);
          pairs++;
        }
      }
      diversitySum += 1 - s / pairs;
      diversityLists++;
    }
    if (opts.onProgress && (idx % 500 === 0 || idx === users.length - 1))
      opts.onProgress(idx + 1, users.length);
  });
  let covered = 0;
  for (let i = 0; i < ds.nItems; i++) covered += recommended[i]!;
  const finish = (a: Acc): GroupMetrics => {
    const n = Math.max(1, a.n);
    const mean = (s: number) => s / n;
    const se = (s: number, s2: number) =>
      a.n > 1 ? Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2) / (a.n - 1)) : 0;
    return {
      users: a.n,
      hr: mean(a.hr),
      recall: mean(a.recall),
      ndcg: mean(a.ndcg),
      map: mean(a.map),
      hr_se: se(a.hr, a.hr2),
      ndcg_se: se(a.ndcg, a.ndcg2),
    };
  };
  return {
    stage,
    k,
    groups: { all: finish(acc.all), trainable: finish(acc.trainable), cold: finish(acc.cold) },
    coverage: covered / Math.max(1, ds.nItems),
    diversity: diversityLists ? diversitySum / diversityLists : 0,
    novelty: noveltyItems ? noveltySum / noveltyItems : 0,
    seconds: (performance.now() - t0) / 1000,
  };
}
