import { closenessFromDistance, proximityFromRanks } from "../features/capture-order/filename.js";
import type { ImageFeatures } from "../features/extract.js";
import type { PairingConfig } from "./config.js";
import { type Candidate, matchFrontsToBacks } from "./match.js";

/**
 * How capture order helps in this batch. "adjacent": a back is shot right after (or before) its front.
 * "interpolated": backs follow the fronts' order at some offset that drifts slowly, as when all fronts are
 * shot first and then all backs (in the same or reversed order), so a back's place is predicted from the
 * confident pairs around its front.
 */
export interface OrderCalibration {
  mode: PairingConfig["orderSignal"];
  model: "none" | "adjacent" | "interpolated";
  reliability: number | null;
  /** weight of the order term when pairing fronts with backs (weights.proximity at full reliability) */
  weight: number;
  /** the same for side, detail and re-take shots joining a product (weights.extraProximity at full reliability) */
  extraWeight: number;
}

type RankPair = [front: number, back: number];

/**
 * Back rank predicted for a front rank from the confident pairs around it (sorted by front rank), leaving out
 * the anchor at index `skip`. Binary search: every candidate pair of a batch asks, so a scan would be
 * candidates × anchors.
 */
export function predictBackRank(anchors: readonly RankPair[], frontRank: number, skip = -1): number | null {
  // lo: the last anchor before frontRank; hi: the first after it (anchors at frontRank itself are skipped)
  let lo = firstIndexPast(anchors, frontRank, false) - 1;
  if (lo >= 0 && lo === skip) lo--;
  let hi = firstIndexPast(anchors, frontRank, true);
  if (hi === skip) hi++;
  return interpolateBetween(anchors, lo, hi >= anchors.length ? -1 : hi, frontRank);
}

/**
 * Back rank for `frontRank` on the line through anchors `lo` and `hi` (indexes, -1 for none); with one of them,
 * the same offset as that anchor; with neither, null.
 */
export function interpolateBetween(
  anchors: readonly RankPair[],
  lo: number,
  hi: number,
  frontRank: number,
): number | null {
  if (lo === -1 && hi === -1) return null;
  if (lo === -1) return frontRank + (anchors[hi][1] - anchors[hi][0]);
  if (hi === -1) return frontRank + (anchors[lo][1] - anchors[lo][0]);
  const [f1, b1] = anchors[lo];
  const [f2, b2] = anchors[hi];
  return b1 + ((b2 - b1) * (frontRank - f1)) / (f2 - f1);
}

/** Index of the first anchor whose front rank is >= rank (> rank when `strictly`); anchors.length if none. */
function firstIndexPast(anchors: readonly RankPair[], rank: number, strictly: boolean): number {
  let a = 0;
  let b = anchors.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (anchors[m][0] < rank || (strictly && anchors[m][0] === rank)) a = m + 1;
    else b = m;
  }
  return a;
}

export function interpolatedProximity(
  anchors: readonly RankPair[],
  front: number | null,
  back: number | null,
): number {
  if (front === null || back === null) return 0;
  const p = predictBackRank(anchors, front);
  if (p === null) return 0;
  return closenessFromDistance(Math.abs(back - p));
}

/**
 * Pairs the batch once without capture order, takes the confident pairs, and measures how well each order
 * model predicts them (leave-one-out). The better model gets a weight that grows with its reliability (its
 * Wilson lower bound, so that a few anchors prove little): full in capture-order batches, zero when names are
 * random or the photos were shuffled.
 */
export function calibrateOrder(
  fronts: readonly ImageFeatures[],
  backs: readonly ImageFeatures[],
  cands: readonly Candidate[][],
  captureCoverage: number,
  config: PairingConfig,
): OrderCalibration & { anchors: RankPair[] } {
  const W = config.weights.proximity;
  const We = config.weights.extraProximity;
  if (config.orderSignal === "off")
    return { mode: "off", model: "none", reliability: null, weight: 0, extraWeight: 0, anchors: [] };
  const first = matchFrontsToBacks(fronts, backs, cands, 0, config);
  const anchors: RankPair[] = [];
  for (const p of first.pairs) {
    const a = fronts[p.front].captureRank;
    const b = backs[p.back].captureRank;
    if (a === null || b === null || p.score < config.autoScore || p.regret < config.autoGap) continue;
    anchors.push([a, b]);
  }
  anchors.sort((x, y) => x[0] - y[0]);
  if (config.orderSignal === "on")
    return { mode: "on", model: "adjacent", reliability: null, weight: W, extraWeight: We, anchors };
  // one anchor is evidence too: the Wilson bound below gives a lone adjacent pair 0.6 of the weight. A small
  // batch whose label text is misread may have only one pair sure enough to anchor (on the `--ocr 0.08` copy of
  // dev, two of the three pairs of an 8-photo batch shot in order were lost without it)
  if (captureCoverage < 0.5 || anchors.length === 0) {
    return { mode: "auto", model: "none", reliability: null, weight: 0, extraWeight: 0, anchors };
  }
  let adjacent = 0;
  let predicted = 0;
  anchors.forEach(([f, b], i) => {
    if (proximityFromRanks(f, b) >= 0.6) adjacent++;
    const p = predictBackRank(anchors, f, i);
    if (p !== null && Math.abs(p - b) <= 2) predicted++;
  });
  const adj = adjacent / anchors.length;
  const interp = predicted / anchors.length;
  // interpolation needs enough anchors to mean anything, and must clearly beat plain adjacency
  const useInterp = anchors.length >= 4 && interp > adj + 0.1;
  const reliability = useInterp ? interp : adj;
  // weighed at one standard error below the measured reliability: in a small batch a few anchors can agree
  // with an order model by chance (5 of 16 in a shuffled 50-photo batch on dev)
  const sure = wilsonLowerBound(reliability, anchors.length, 1);
  const share = Math.min(1, Math.max(0, (sure - 0.2) / 0.5));
  const weight = W * share;
  const extraWeight = We * share;
  return {
    mode: "auto",
    model: weight === 0 && extraWeight === 0 ? "none" : useInterp ? "interpolated" : "adjacent",
    reliability,
    weight,
    extraWeight,
    anchors,
  };
}

/** Lower end of the Wilson score interval of a proportion `p` measured on `n` trials, `z` standard errors down. */
export function wilsonLowerBound(p: number, n: number, z: number): number {
  if (n <= 0) return 0;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return (centre - spread) / (1 + z2 / n);
}
