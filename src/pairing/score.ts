import { jaccard } from "../lib/text.js";
import type { SignalWeights } from "./config.js";
import type { ImageFeatures } from "./features.js";
import { appearanceScore, appearanceSimilarity } from "./signals/appearance.js";
import { brandInText, brandSimilarity } from "./signals/brand.js";
import { categoryAgreementOfCodes } from "./signals/category.js";
import { colourAgreementOfCodes } from "./signals/colour.js";
import { proximityFromRanks } from "./signals/filename.js";
import { hasIngredientList } from "./signals/ingredients.js";
import { lookSimilarityOfMasks } from "./signals/look.js";
import { packagingAgreementOfCodes } from "./signals/packaging.js";
import { compareSizes } from "./signals/size.js";
import type { TokenSet } from "./token-set.js";

/** Batch-level context the signals need: token rarity and how far capture order can be trusted. */
export interface ScoreContext {
  weights: SignalWeights;
  /** rarity of each word of the batch's lexicon, by id */
  idf: Float64Array;
  /**
   * weight of capture-order proximity for extra shots in this batch (0 when order carries no information);
   * front–back matching gets its own weight from the order calibration
   */
  extraOrderWeight: number;
  otherBackPenalty: number;
}

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

const fmt = (x: number) => (x >= 0 ? `+${x.toFixed(2)}` : x.toFixed(2));

/**
 * IDF-weighted share of `tokens` that `pool` contains; null when `tokens` is empty. With `oneSlip`, a word of five
 * letters or more also counts when the pool holds it with one letter dropped, added or misread (a scan of the
 * pool: only for the few comparisons that need it). Tokens and pool are ids of one lexicon, `idf` their rarity.
 */
export function weightedCoverage(
  tokens: readonly number[],
  pool: TokenSet,
  idf: Float64Array,
  oneSlip = false,
): number | null {
  if (tokens.length === 0) return null;
  let total = 0;
  let hit = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = idf[t] ?? 1;
    total += w;
    if (pool.has(t) || (oneSlip && pool.lex.length(t) >= 5 && pool.hasWithinOneEdit(pool.lex.words[t])))
      hit += w;
  }
  if (total <= 0) return null;
  return hit / total;
}

/**
 * Share of PAIR_W_BRAND_CONFLICT charged when one of the two brands is a company named by its legal form ("PT
 * Mitra Beauty Indonesia", "Distrilab SAS") or a name the label prints after "distributed by" that no front of
 * the batch carries (`keepMakersNoFrontShows`). A back's brand field is often read off its "distributed by" line;
 * that the front shows another brand then says little against the pair. It still says something: the company
 * may make another product of the batch. (On dev, shares from 0.3 to 0.6 score alike; 0 lets more wrong pairs
 * through.)
 */
export const COMPANY_CONFLICT_SHARE = 0.5;

/** Brand evidence shared by pair and extra scoring. */
function brandSignal(a: ImageFeatures, b: ImageFeatures, w: SignalWeights, ev: string[] | null): number {
  if (a.brand && b.brand) {
    const sim = brandSimilarity(a.brand, b.brand);
    if (sim > 0) {
      const read = a.brandFromText || b.brandFromText ? ", one read from label text" : "";
      ev?.push(`brand ${sim === 1 ? "equal" : "similar"}${read} (${fmt(w.brand * sim)})`);
      return w.brand * sim;
    }
    if (
      // exact only: a fuzzy search through every conflicting candidate's text costs more than it finds
      brandInText(a.brand, b.printed, false) ||
      brandInText(b.brand, a.printed, false)
    ) {
      ev?.push(`brand printed on the other photo (${fmt(w.brand * 0.5)})`);
      return w.brand * 0.5;
    }
    // a company named by its legal form, or a name the label prints as its maker or distributor and no front
    // shows, is often the distributor read off the back, not a rival brand
    const legal = a.brand.legalEntity || b.brand.legalEntity;
    const maker = !legal && (a.brandIsMaker || b.brandIsMaker);
    const pen = legal || maker ? COMPANY_CONFLICT_SHARE * w.brandConflict : w.brandConflict;
    const why = legal ? " (a company name)" : maker ? " (a distributor named on the label)" : "";
    ev?.push(`brand conflict "${a.brandLabel}" vs "${b.brandLabel}"${why} (${fmt(-pen)})`);
    return -pen;
  }
  if (a.brand && !b.brand && brandInText(a.brand, b.printed)) {
    ev?.push(`unknown brand rescued: "${a.brandLabel}" in text (${fmt(w.brandRescue)})`);
    return w.brandRescue;
  }
  if (!a.brand && b.brand && brandInText(b.brand, a.printed)) {
    ev?.push(`unknown brand rescued: "${b.brandLabel}" in text (${fmt(w.brandRescue * 0.7)})`);
    return w.brandRescue * 0.7;
  }
  return 0;
}

/** Signals common to pairing a front with a back and attaching an extra to a photo of a product. */
function sharedSignals(
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
  /** `b`'s product words that `a` should show (its product field, or the part of it its label confirms) */
  bProductTokens: readonly number[],
): number {
  const w = ctx.weights;
  let s = brandSignal(a, b, w, ev);

  const cov = weightedCoverage(a.nameTokens, b.allTokens, ctx.idf);
  // a photo without text cannot show a name, so missing words count only against photos that have text
  const rev = a.allTokens.size > 0 ? weightedCoverage(bProductTokens, a.allTokens, ctx.idf) : null;
  if (cov !== null || rev !== null) {
    const c = cov ?? 0;
    let p = w.product * c;
    if (rev !== null) p += w.product * 0.5 * (rev - 0.5);
    s += p;
    ev?.push(`product tokens ${c.toFixed(2)}${rev !== null ? `/${rev.toFixed(2)}` : ""} (${fmt(p)})`);
  }
  const vcov = weightedCoverage(a.variantTokens, b.allTokens, ctx.idf);
  if (vcov !== null) {
    const v = w.variant * (vcov - 0.3);
    s += v;
    ev?.push(`variant ${vcov.toFixed(2)} (${fmt(v)})`);
  }
  const size = compareSizes(a.quantities, b.quantities);
  if (size === "match") {
    s += w.size;
    ev?.push(`size match (${fmt(w.size)})`);
  } else if (size === "conflict") {
    s -= 0.5 * w.size;
    ev?.push(`size conflict (${fmt(-0.5 * w.size)})`);
  }
  const pack = packagingAgreementOfCodes(a.packagingCode, b.packagingCode);
  if (pack !== 0) {
    s += w.packaging * pack;
    ev?.push(`packaging ${a.packaging}/${b.packaging} (${fmt(w.packaging * pack)})`);
  }
  const look = lookSimilarityOfMasks(a.lookLo, a.lookHi, b.lookLo, b.lookHi);
  if (look !== null && w.look > 0) {
    const v = w.look * (2 * look - 0.3);
    s += v;
    ev?.push(`look ${look.toFixed(2)} (${fmt(v)})`);
  }
  if (a.appearance && b.appearance) {
    // measured colours replace the colour words, which our analyser derives from the same pixels
    const sim = appearanceSimilarity(a.appearance, b.appearance);
    const v = w.appearance * appearanceScore(sim);
    s += v;
    ev?.push(`colour signature ${sim.toFixed(2)} (${fmt(v)})`);
  } else {
    const col = colourAgreementOfCodes(a.colourCode, b.colourCode, a.coloursMask, b.coloursMask);
    if (col !== 0) {
      s += w.colour * col;
      ev?.push(`colour ${a.colour}/${b.colour} (${fmt(w.colour * col)})`);
    }
  }
  const cat = categoryAgreementOfCodes(a.domainCode, b.domainCode);
  if (cat !== 0) {
    s += w.category * cat;
    ev?.push(`category ${a.domain}/${b.domain} (${fmt(w.category * cat)})`);
  }
  if (a.barcodes.length > 0 && b.barcodes.length > 0) {
    const shared = a.barcodes.some((c) => b.barcodes.includes(c));
    const v = shared ? w.barcode : -0.5 * w.barcode;
    s += v;
    ev?.push(`barcode ${shared ? "shared" : "differs"} (${fmt(v)})`);
  }
  if (a.folder !== "" && a.folder === b.folder) s += w.folder;
  return s;
}

/**
 * Extra share of PAIR_W_VARIANT charged, in proportion, for the words of the back's variant the front does not
 * show: the reverse check then runs from -0.6 (none shown) to +0.7 (all shown). A back whose variant field names
 * a flavour or shade that is nowhere on the front is a sibling's far more often than its own: on dev and two
 * all-ten-knobs copies that happens to 0.6 % of true pairs but to 5 % of the wrong pairs the engine accepted and
 * 4.5 % of the wrong ones it held back. The forward check stays symmetric: backs often print no variant at all,
 * and the same charge there cost right pairs on every copy (BENCHMARKS.md, thirteenth session).
 */
export const BACK_VARIANT_UNSHOWN = 0.3;

/** Score of `front` and `back` being the two faces of one product, with the evidence behind it. */
export function scorePair(
  front: ImageFeatures,
  back: ImageFeatures,
  ctx: ScoreContext,
  withEvidence = false,
): SignalScore {
  const ev: string[] | null = withEvidence ? [] : null;
  // a back's product field often names a generic type or another product of the brand: only the words its own
  // label shows are asked of the front (for extra shots the whole field measured better: 0.883 vs 0.879 recall)
  let s = sharedSignals(front, back, ctx, ev, back.productTokensShown);
  const w = ctx.weights;
  // the variant read both ways, with one weight: a front whose variant field is empty may still print the back's
  // variant, and a sibling's front prints another. Words the front does not show cost a little more
  // (BACK_VARIANT_UNSHOWN). (Over dev and 21 noisy and held-out copies, 368 more right
  // pairs and 34 fewer wrong ones. At twice the weight 484 and 45, but on copies whose backs lose or swap their
  // variant, 9 and 10 more wrong pairs where this weight has 1; only the words the back's label shows: 59 and 6.)
  if (front.allTokens.size > 0) {
    const rv = weightedCoverage(back.variantTokens, front.allTokens, ctx.idf);
    if (rv !== null) {
      const v = w.variant * (rv - 0.3 - BACK_VARIANT_UNSHOWN * (1 - rv));
      s += v;
      ev?.push(`back's variant ${rv.toFixed(2)} (${fmt(v)})`);
    }
  }
  if (hasIngredientList(back.ingredients)) {
    s += w.ingredients;
    ev?.push(`ingredient list on back (${fmt(w.ingredients)})`);
  }
  if (back.sideCue && w.sideCue > 0) {
    // the vision step saw a narrow side panel on a photo it called a side, but whose text reads as a back:
    // some are backs, many are side shots of a product whose real back is elsewhere in the batch
    s -= w.sideCue;
    ev?.push(`back shows a side-panel cue (${fmt(-w.sideCue)})`);
  }
  if (back.visionRole === "other") {
    s -= ctx.otherBackPenalty;
    ev?.push(`back labelled "other" (${fmt(-ctx.otherBackPenalty)})`);
  }
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
  let s = sharedSignals(x, p, ctx, ev, p.productTokens);
  if (x.ingredients.names.size > 0 && p.ingredients.names.size > 0) {
    const j = jaccard(x.ingredients.names, p.ingredients.names);
    if (j > 0.2) {
      s += 3 * j;
      ev?.push(`ingredient list overlap ${j.toFixed(2)} (${fmt(3 * j)})`);
    }
  }
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
