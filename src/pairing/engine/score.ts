/** A pair's score: the registry's terms in order, with the capture-order term kept apart for the engine. */

import { proximityFromRanks } from "../features/capture-order/filename.js";
import type { ImageFeatures } from "../features/extract.js";
import { EXTRA_TERMS, PAIR_TERMS, SHARED_TERMS } from "../features/registry.js";
import type { ScoreContext, ScoreTerm } from "../features/signal.js";

export type { ScoreContext };

export interface SignalScore {
  /** total without the capture-order term */
  base: number;
  /** capture-order proximity in [0, 1], multiplied by orderWeight in `total` */
  proximity: number;
  /** empty unless asked for: building strings costs more than scoring */
  evidence: string[];
}

/** Shared by every score computed without evidence: the hot path allocates no array. */
const NO_EVIDENCE = Object.freeze([]) as unknown as string[];

export function totalScore(s: Pick<SignalScore, "base" | "proximity">, orderWeight: number): number {
  return s.base + orderWeight * s.proximity;
}

function addTerms(
  s: number,
  terms: readonly ScoreTerm[],
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
  bProductTokens: readonly number[],
): number {
  for (let i = 0; i < terms.length; i++) s = terms[i](s, a, b, ctx, ev, bProductTokens);
  return s;
}

/** Score of `front` and `back` being the two faces of one product, with the evidence behind it. */
export function scorePair(
  front: ImageFeatures,
  back: ImageFeatures,
  ctx: ScoreContext,
  withEvidence = false,
): SignalScore {
  const ev: string[] | null = withEvidence ? [] : null;
  // a back's product field often names a generic type or another product of the brand: only the words its own
  // label shows are asked of the front (an extra shot is asked the whole field: it often shows the rest)
  let s = addTerms(0, SHARED_TERMS, front, back, ctx, ev, back.productTokensShown);
  s = addTerms(s, PAIR_TERMS, front, back, ctx, ev, back.productTokensShown);
  // the capture-order term is reported by the engine, which knows which order model the batch uses
  const proximity = proximityFromRanks(front.captureRank, back.captureRank);
  return { base: s, proximity, evidence: ev ?? NO_EVIDENCE };
}

/** Score of photo `x` showing the same product as photo `p` (a product's front or back). */
export function scoreExtra(
  x: ImageFeatures,
  p: ImageFeatures,
  ctx: ScoreContext,
  withEvidence = false,
): SignalScore {
  const ev: string[] | null = withEvidence ? [] : null;
  let s = addTerms(0, SHARED_TERMS, x, p, ctx, ev, p.productTokens);
  s = addTerms(s, EXTRA_TERMS, x, p, ctx, ev, p.productTokens);
  const proximity = proximityFromRanks(x.captureRank, p.captureRank);
  return { base: s, proximity, evidence: ev ?? NO_EVIDENCE };
}

/** Token rarity over the batch: a word on few photos says more than one on many. By lexicon id; 1 for no photo. */
export function inverseDocumentFrequency(feats: readonly ImageFeatures[]): Float64Array {
  const lex = feats.length > 0 ? feats[0].lex : null;
  if (!lex) return new Float64Array(0);
  const df = new Int32Array(lex.size);
  for (const f of feats) {
    if (f.lex !== lex) throw new Error("features of one batch must share one lexicon");
    const ids = f.allTokens.ids;
    for (let i = 0; i < ids.length; i++) df[ids[i]]++;
  }
  const n = feats.length;
  const idf = new Float64Array(lex.size);
  for (let id = 0; id < idf.length; id++) idf[id] = df[id] === 0 ? 1 : Math.log((n + 1) / (df[id] + 0.5));
  return idf;
}
