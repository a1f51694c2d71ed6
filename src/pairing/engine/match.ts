import { isHairOrCosmetic } from "../features/category/category.js";
import type { ImageFeatures } from "../features/extract.js";
import { maxWeightMatching } from "./assign.js";
import type { PairingConfig } from "./config.js";
import { type ScoreContext, type SignalScore, scorePair, totalScore } from "./score.js";

/**
 * A back scored for a front (`scorePair`): its evidence score and capture-order proximity, flat in one object. A
 * 5,000-photo batch holds nearly 200,000 and every matching pass reads them all; a nested score object
 * per candidate doubled the allocations and the pointers chased.
 */
export interface Candidate extends Pick<SignalScore, "base" | "proximity"> {
  back: number;
}

/** `back` (slot `slot` of the batch's backs) scored for `front`, as a candidate. */
export function candidateOf(
  front: ImageFeatures,
  back: ImageFeatures,
  slot: number,
  ctx: ScoreContext,
): Candidate {
  const s = scorePair(front, back, ctx);
  return { back: slot, base: s.base, proximity: s.proximity };
}

export interface MatchedPair {
  front: number;
  back: number;
  score: number;
  /** its score from the photos alone, without capture order */
  contentScore: number;
  /** how much total score the best local alternative (a swap or a re-assignment) would lose */
  regret: number;
  /** score of the best alternative for this front or back, for the record */
  runnerUp: number;
  /** the image behind that alternative: another back for this front, or another front for this back */
  rival: { front: number; back: number } | null;
  auto: boolean;
  /** below the auto-accept score, or its own evidence below MIN_AUTO_CONTENT_SCORE (as opposed to scoring enough but not leading by the gap) */
  lowScore: boolean;
}

/**
 * The least a pair's own evidence (its score without capture order) may come to for the pair to be accepted:
 * a back shot right after a front whose brand, size or category contradicts it is the next product's, or an
 * orphan, not its back.
 */
export const MIN_AUTO_CONTENT_SCORE = 0;

export interface MatchOutcome {
  pairs: MatchedPair[];
  keptCandidates: number;
  /** per front slot: its kept candidate backs, best first (the backs a tie-break may choose from) */
  kept: { back: number; score: number }[][];
}

/**
 * Keeps the top candidateK candidates of each front at or above minPrescore, solves the global
 * one-to-one assignment, and decides which matched pairs are auto-accepted.
 */
export function matchFrontsToBacks(
  fronts: readonly ImageFeatures[],
  backs: readonly ImageFeatures[],
  cands: readonly Candidate[][],
  orderWeight: number,
  config: PairingConfig,
  /** two fronts of one product: an alternative through the other is no real rival */
  sameProduct: (f1: number, f2: number) => boolean = () => false,
): MatchOutcome {
  const nB = backs.length;
  const byBack = new Map<number, number[]>();
  const edges: { front: number; back: number; weight: number }[] = [];
  const kept: { back: number; score: number; base: number }[][] = [];
  fronts.forEach((_, f) => {
    // the best candidateK by score, then by back: an insertion into a short sorted list, not a sort of all
    const scored: { back: number; score: number; base: number }[] = [];
    const k = config.candidateK;
    for (const c of cands[f]) {
      const s = totalScore(c, orderWeight);
      if (s < config.minPrescore) continue;
      let at = scored.length;
      while (
        at > 0 &&
        (scored[at - 1].score < s || (scored[at - 1].score === s && scored[at - 1].back > c.back))
      )
        at--;
      if (at >= k) continue;
      scored.splice(at, 0, { back: c.back, score: s, base: c.base });
      if (scored.length > k) scored.length = k;
    }
    kept.push(scored);
    for (const c of scored) {
      edges.push({ front: f, back: c.back, weight: c.score });
      const l = byBack.get(c.back);
      if (l) l.push(f);
      else byBack.set(c.back, [f]);
    }
  });
  // a front keeps at most candidateK backs: its short list is the cheapest place to look a weight up
  const keptEdge = (f: number, b: number) => {
    for (const c of kept[f]) if (c.back === b) return c;
    return undefined;
  };
  const matchF = maxWeightMatching(fronts.length, nB, edges);
  const matchB = new Int32Array(nB).fill(-1);
  matchF.forEach((b, f) => {
    if (b >= 0) matchB[b] = f;
  });
  const weight = (f: number, b: number) => keptEdge(f, b)?.score ?? 0;

  const pairs: MatchedPair[] = [];
  matchF.forEach((b, f) => {
    if (b < 0) return;
    const own = keptEdge(f, b);
    const s = own?.score ?? 0;
    let regret = s; // leaving both alone
    let rival: MatchedPair["rival"] = null;
    for (const { back: b2 } of kept[f]) {
      if (b2 === b) continue;
      const f2 = matchB[b2];
      const alt = f2 < 0 ? weight(f, b2) : weight(f, b2) + weight(f2, b) - weight(f2, b2);
      if (s - alt < regret) {
        regret = s - alt;
        rival = { front: f, back: b2 };
      }
    }
    for (const f2 of byBack.get(b) ?? []) {
      if (f2 === f || sameProduct(f, f2)) continue;
      const b2 = matchF[f2];
      const alt = b2 < 0 ? weight(f2, b) : weight(f2, b) + weight(f, b2) - weight(f2, b2);
      if (s - alt < regret) {
        regret = s - alt;
        rival = { front: f2, back: b };
      }
    }
    const hair = isHairOrCosmetic(fronts[f].domain ?? backs[b].domain);
    const minScore = hair ? config.autoHairScore : config.autoScore;
    const minGap = hair ? config.autoHairGap : config.autoGap;
    // capture order may choose between backs the photos allow, never make one they contradict acceptable
    const low = s < minScore || (own?.base ?? 0) < MIN_AUTO_CONTENT_SCORE;
    pairs.push({
      front: f,
      back: b,
      score: s,
      contentScore: own?.base ?? 0,
      regret,
      runnerUp: s - regret,
      rival,
      auto: !low && regret >= minGap,
      lowScore: low,
    });
  });
  return { pairs, keptCandidates: edges.length, kept };
}
