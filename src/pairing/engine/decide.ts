import type { ImageFeatures } from "../features/extract.js";
import { pairConfidence } from "./confidence.js";
import type { PairingConfig } from "./config.js";
import type { ProductDraft } from "./extras.js";
import { type MatchedPair, type MatchOutcome, MIN_AUTO_CONTENT_SCORE } from "./match.js";
import type { SingletonReason } from "./reasons.js";
import { round } from "./round.js";

export interface AmbiguousFront {
  frontUrl: string;
  /** the back the assignment gave it */
  backUrl: string;
  score: number;
  lead: number;
  /** its candidate backs, best first */
  candidates: { backUrl: string; score: number }[];
}

/** An accepted pair and, for its evidence, the alternative it beat. */
export interface DecidedPair {
  match: MatchedPair;
  rival: string;
  /** "model" when the tie-break chose the back, "review" when it is a suggestion below the auto rule */
  by: "auto" | "model" | "review";
}

export interface Decision {
  /** accepted pairs as products (positions in the batch's feature list) */
  paired: ProductDraft[];
  /** accepted pairs by front position */
  decided: Map<number, DecidedPair>;
  usedBacks: Set<number>;
  /** fronts and backs the assignment matched but did not accept: their own product's faces, never extras */
  heldBack: Set<number>;
  ambiguous: AmbiguousFront[];
  reason: Map<number, SingletonReason>;
}

/**
 * Applies the auto-accept rule to the assignment. A pair below it is still suggested, decided "review", when its
 * confidence reaches `suggestMin` and its own evidence does not contradict it: a seller confirms a suggestion
 * in one look, but must find a dropped back among all the singletons. Below that it is split into singletons.
 * Ambiguous fronts are returned with every back they may take, for the tie-break, suggested or not.
 */
export function decidePairs(
  outcome: MatchOutcome,
  frontPos: readonly number[],
  backPos: readonly number[],
  fronts: readonly ImageFeatures[],
  backs: readonly ImageFeatures[],
  config: PairingConfig,
  /** validated tie-break answers: front url -> back url, or null when the model said none of them */
  overrides?: ReadonlyMap<string, string | null>,
): Decision {
  const reason = new Map<number, SingletonReason>();
  const paired: ProductDraft[] = [];
  const decided = new Map<number, DecidedPair>();
  const usedBacks = new Set<number>();
  const heldBack = new Set<number>();
  const ambiguous: AmbiguousFront[] = [];
  const rivalText = (p: MatchedPair) =>
    p.rival === null
      ? "none"
      : p.rival.front === p.front
        ? `back ${backs[p.rival.back].url}`
        : `front ${fronts[p.rival.front].url}`;
  for (const p of outcome.pairs) {
    if (!p.auto) continue;
    const f = frontPos[p.front];
    const b = backPos[p.back];
    paired.push({ front: f, back: b, extras: [], extraScores: [] });
    decided.set(f, { match: p, rival: rivalText(p), by: "auto" });
    usedBacks.add(b);
  }
  // Model decisions first, so a back the model gives one front is never also held back for another.
  const open: MatchedPair[] = [];
  for (const p of outcome.pairs) {
    if (p.auto) continue;
    const chosen = overrides?.get(fronts[p.front].url);
    const cand =
      chosen === undefined || chosen === null
        ? undefined
        : outcome.kept[p.front].find((c) => backs[c.back].url === chosen);
    if (cand && !usedBacks.has(backPos[cand.back])) {
      const f = frontPos[p.front];
      const b = backPos[cand.back];
      paired.push({ front: f, back: b, extras: [], extraScores: [] });
      decided.set(f, {
        match: { ...p, back: cand.back, score: cand.score },
        rival: rivalText(p),
        by: "model",
      });
      usedBacks.add(b);
    } else open.push(p);
  }
  for (const p of open) {
    const f = frontPos[p.front];
    const b = backPos[p.back];
    const declined = overrides?.get(fronts[p.front].url) === null;
    const suggested =
      !declined &&
      !usedBacks.has(b) &&
      p.contentScore >= MIN_AUTO_CONTENT_SCORE &&
      pairConfidence(p.score, p.regret, config) >= config.suggestMin;
    if (suggested) {
      paired.push({ front: f, back: b, extras: [], extraScores: [] });
      decided.set(f, { match: p, rival: rivalText(p), by: "review" });
      usedBacks.add(b);
    } else heldBack.add(f);
    const why: SingletonReason = p.lowScore ? "low_match_score" : "ambiguous_match";
    if (!suggested) reason.set(f, why);
    if (!suggested && !usedBacks.has(b)) {
      heldBack.add(b);
      reason.set(b, why);
    }
    if (why === "ambiguous_match") {
      ambiguous.push({
        frontUrl: fronts[p.front].url,
        backUrl: backs[p.back].url,
        score: round(p.score),
        lead: round(p.regret),
        candidates: outcome.kept[p.front].map((c) => ({ backUrl: backs[c.back].url, score: round(c.score) })),
      });
    }
  }
  return { paired, decided, usedBacks, heldBack, ambiguous, reason };
}
