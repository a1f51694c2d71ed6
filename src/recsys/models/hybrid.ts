/**
 * Hybrid: a weighted sum of per-user-normalised component scores (EASE, ItemKNN, content, popularity, recent
 * popularity, optionally ALS). Weights are tuned on the validation events, separately for users with one history
 * event ("cold") and users with more ("trainable"), since what helps a one-item history differs.
 */

import { join } from "node:path";
import { z } from "zod";
import { modelSpec } from "./spec.js";
import { topK } from "./topk.js";
import type { Recommender, UserContext } from "./types.js";

export type Normalisation = "zscore" | "max" | "rank";

export interface HybridWeights {
  trainable: Record<string, number>;
  cold: Record<string, number>;
}

export interface HybridParams {
  components: string[];
  weights: HybridWeights;
  normalisation: Normalisation;
  tuning?: { users: number; ndcg_trainable: number; ndcg_cold: number; grid: number[] };
}

export class HybridModel implements Recommender {
  readonly type = "hybrid" as const;
  private readonly buf: Float32Array;

  constructor(
    readonly components: Record<string, Recommender>,
    readonly params: HybridParams,
    readonly nItems: number,
  ) {
    this.buf = new Float32Array(nItems);
  }

  score(ctx: UserContext, out: Float32Array): void {
    const w = ctx.items.length >= 2 ? this.params.weights.trainable : this.params.weights.cold;
    out.fill(0);
    for (const name of this.params.components) {
      const weight = w[name] ?? 0;
      if (weight === 0) continue;
      this.components[name]!.score(ctx, this.buf);
      normaliseScores(this.buf, ctx.items, this.params.normalisation);
      for (let i = 0; i < this.nItems; i++) out[i]! += weight * this.buf[i]!;
    }
  }
}

/**
 * Per-user normalisation over the items that can be recommended (history excluded): z-score, or division by the
 * maximum. Component scales differ by orders of magnitude (counts vs. cosines), so raw sums would be meaningless.
 */
export function normaliseScores(s: Float32Array, history: ArrayLike<number>, how: Normalisation): void {
  const n = s.length;
  const saved: number[] = [];
  for (let h = 0; h < history.length; h++) {
    saved.push(s[history[h]!]!);
    s[history[h]!] = Number.NaN;
  }
  let count = 0;
  let sum = 0;
  let sum2 = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = s[i]!;
    if (Number.isNaN(v)) continue;
    count++;
    sum += v;
    sum2 += v * v;
    if (v > max) max = v;
  }
  if (how === "rank") {
    // Reciprocal-rank fusion: 1 / (60 + rank); ties share the better rank.
    const order = Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(s[i]!));
    order.sort((a, b) => s[b]! - s[a]! || a - b);
    let prevScore = Number.NaN;
    let prevRank = 0;
    order.forEach((item, r) => {
      const v = s[item]!;
      const rank = v === prevScore ? prevRank : r;
      prevScore = v;
      prevRank = rank;
      s[item] = 1 / (60 + rank);
    });
    for (let h = 0; h < history.length; h++) s[history[h]!] = 0;
    return;
  }
  if (how === "zscore") {
    const mean = count ? sum / count : 0;
    const sd = count ? Math.sqrt(Math.max(0, sum2 / count - mean * mean)) : 0;
    const inv = sd > 0 ? 1 / sd : 0;
    for (let i = 0; i < n; i++) s[i] = (s[i]! - mean) * inv;
  } else {
    const inv = max > 0 ? 1 / max : 0;
    for (let i = 0; i < n; i++) s[i] = s[i]! * inv;
  }
  for (let h = 0; h < history.length; h++) s[history[h]!] = saved[h]!;
}

export interface TuningCase {
  /** Normalised component scores, one Float32Array (nItems) per component, in component order. */
  scores: Float32Array[];
  history: Int32Array;
  targets: Set<number>;
}

/** Mean NDCG@k of a weight vector over tuning cases. */
export function ndcgFor(cases: TuningCase[], weights: number[], k: number, nItems: number): number {
  const combined = new Float32Array(nItems);
  let total = 0;
  for (const c of cases) {
    combined.fill(0);
    weights.forEach((w, ci) => {
      if (w === 0) return;
      const s = c.scores[ci]!;
      for (let i = 0; i < nItems; i++) combined[i]! += w * s[i]!;
    });
    const top = topK(combined, k, c.history);
    let dcg = 0;
    for (let r = 0; r < top.length; r++) if (c.targets.has(top[r]!)) dcg += 1 / Math.log2(r + 2);
    let idcg = 0;
    for (let r = 0; r < Math.min(k, c.targets.size); r++) idcg += 1 / Math.log2(r + 2);
    total += idcg > 0 ? dcg / idcg : 0;
  }
  return cases.length ? total / cases.length : 0;
}

export const WEIGHT_GRID = [0, 0.1, 0.25, 0.5, 1, 2];

/** Coordinate ascent over a weight grid, from equal weights; ties keep the simpler (earlier) value. */
export function tuneWeights(
  cases: TuningCase[],
  components: number,
  k: number,
  nItems: number,
  grid = WEIGHT_GRID,
): { weights: number[]; ndcg: number } {
  let weights = new Array(components).fill(1);
  let best = ndcgFor(cases, weights, k, nItems);
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (let c = 0; c < components; c++) {
      for (const g of grid) {
        if (g === weights[c]) continue;
        const trial = weights.slice();
        trial[c] = g;
        if (trial.every((w) => w === 0)) continue;
        const v = ndcgFor(cases, trial, k, nItems);
        if (v > best + 1e-9) {
          best = v;
          weights = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights, ndcg: best };
}

/** What `--param` sets for a hybrid; its fitted weights (HybridParams) are what a saved hybrid holds. */
export const hybridOptions = z
  .object({
    components: z
      .string()
      .default("ease,itemknn,content,pop_time,transition")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    recentHalfLifeDays: z.coerce.number().positive().default(180),
    windowDays: z.coerce.number().positive().default(7),
    tuneUsers: z.coerce.number().int().min(10).default(3000),
  })
  .strict();
export type HybridOptions = z.infer<typeof hybridOptions>;

export const hybridModel = modelSpec<HybridOptions>({
  params: hybridOptions,
  load: ({ dir, params, loadChild }) => {
    const saved = params as unknown as HybridParams;
    const components: Record<string, Recommender> = {};
    for (const name of saved.components) components[name] = loadChild(join(dir, "components", name));
    const n = Object.values(components)[0]?.nItems ?? 0;
    return new HybridModel(components, saved, n);
  },
});
