import { weightedCoverage } from "../../text/coverage.js";
import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";

const WEIGHTS = {
  product: { min: 0, max: 20, doc: "share of one photo's product words the other shows (IDF-weighted)" },
  variant: {
    min: 0,
    max: 20,
    doc: "share of the variant's words (shade, flavour, scent) the other photo shows",
  },
};
type W = WeightValues<typeof WEIGHTS>;

/**
 * Extra share of the variant weight charged, in proportion, for the words of the back's variant the front does
 * not show: the reverse check then runs from -0.6 (none shown) to +0.7 (all shown). A back whose variant field
 * names a flavour or shade that is nowhere on the front is a sibling's far more often than its own. The forward
 * check stays symmetric: backs often print no variant at all, and the same charge there cost right pairs.
 */
export const BACK_VARIANT_UNSHOWN = 0.3;

function productTerm(
  s: number,
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
  bProductTokens: readonly number[],
): number {
  const w = ctx.weights as W;
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
  return s;
}

/**
 * The variant read both ways, with one weight: a front whose variant field is empty may still print the back's
 * variant, and a sibling's front prints another. Words the front does not show cost a little more
 * (BACK_VARIANT_UNSHOWN).
 */
function backVariantTerm(
  s: number,
  front: ImageFeatures,
  back: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
) {
  if (front.allTokens.size === 0) return s;
  const rv = weightedCoverage(back.variantTokens, front.allTokens, ctx.idf);
  if (rv === null) return s;
  const v = (ctx.weights as W).variant * (rv - 0.3 - BACK_VARIANT_UNSHOWN * (1 - rv));
  ev?.push(`back's variant ${rv.toFixed(2)} (${fmt(v)})`);
  return s + v;
}

export const productWordsSignal: Signal<keyof typeof WEIGHTS> = {
  name: "product words",
  weights: WEIGHTS,
  shared: productTerm,
  pair: backVariantTerm,
};
