import { maxWeightMatching } from "./assign.js";
import type { PairingConfig } from "./config.js";
import type { ImageFeatures } from "./features.js";
import { type SignalScore, totalScore } from "./score.js";
import { isHairOrCosmetic } from "./signals/category.js";

export interface Candidate {
  back: number;
  sig: SignalScore;
}

export interface MatchedPair {
  front: number;
  back: number;
  score: number;
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
 * Keeps the top PAIR_CANDIDATE_K candidates of each front at or above PAIR_MIN_PRESCORE, solves the global
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
  const w = new Map<number, number>();
  const content = new Map<number, number>();
  const byBack = new Map<number, number[]>();
  const edges: { front: number; back: number; weight: number }[] = [];
  const kept: { back: number; score: number }[][] = [];
  fronts.forEach((_, f) => {
    const scored = cands[f]
      .map((c) => ({ back: c.back, s: totalScore(c.sig, orderWeight), base: c.sig.base }))
      .filter((c) => c.s >= config.minPrescore)
      .sort((a, b) => b.s - a.s || a.back - b.back)
      .slice(0, config.candidateK);
    kept.push(scored.map((c) => ({ back: c.back, score: c.s })));
    for (const c of scored) {
      w.set(f * nB + c.back, c.s);
      content.set(f * nB + c.back, c.base);
      edges.push({ front: f, back: c.back, weight: c.s });
      const l = byBack.get(c.back);
      if (l) l.push(f);
      else byBack.set(c.back, [f]);
    }
  });
  const matchF = maxWeightMatching(fronts.length, nB, edges);
  const matchB = new Int32Array(nB).fill(-1);
  matchF.forEach((b, f) => {
    if (b >= 0) matchB[b] = f;
  });
  const weight = (f: number, b: number) => w.get(f * nB + b) ?? 0;

  const pairs: MatchedPair[] = [];
  matchF.forEach((b, f) => {
    if (b < 0) return;
    const s = weight(f, b);
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
    const low = s < minScore || (content.get(f * nB + b) ?? 0) < MIN_AUTO_CONTENT_SCORE;
    pairs.push({
      front: f,
      back: b,
      score: s,
      regret,
      runnerUp: s - regret,
      rival,
      auto: !low && regret >= minGap,
      lowScore: low,
    });
  });
  return { pairs, keptCandidates: edges.length, kept };
}
