import { brandInText, brandSimilarity } from "../features/brand/brand.js";
import { colourAgreement } from "../features/colour/colour.js";
import type { ImageFeatures } from "../features/extract.js";
import { packagingAgreement } from "../features/packaging/packaging.js";
import { compareSizes } from "../features/size/size.js";
import { weightedCoverage } from "../text/coverage.js";
import type { Candidate } from "./match.js";
import { type ScoreContext, totalScore } from "./score.js";

/** Capture ranks apart within which a second front of the same product counts as a re-take. */
export const RETAKE_MAX_DISTANCE = 2;

/** How closely two fronts must agree to be one product; the rest (brand, container, colour) is common. */
interface FrontAgreement {
  /** weighted share of one front's name words that the other shows, for the better-covered side */
  minCoverage: number;
  /** ... and for the other side */
  minReverseCoverage: number;
  /** a variant named on one front only is no clash (a close re-take may crop the variant line away) */
  variantMayBeMissing: boolean;
  /** both fronts must show a common pack size, not just no conflicting one */
  sizeMustMatch: boolean;
  /** product fields that name each other stand in for the label's name words (see `productFieldsAgree`) */
  productFieldsSuffice: boolean;
  /** a close view's name words may count with one OCR slip each (see `closeViewNamesTheFront`) */
  nameSlip: boolean;
}

function frontsAgree(a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext, rule: FrontAgreement): boolean {
  if (!sameBrand(a, b)) return false;
  if (!(rule.productFieldsSuffice && productFieldsAgree(a, b, ctx))) {
    const ab = weightedCoverage(a.nameTokens, b.allTokens, ctx.idf);
    const ba = weightedCoverage(b.nameTokens, a.allTokens, ctx.idf);
    if (ab === null || ba === null) return false;
    // a box front or a partial re-take shows less text, so only one side must name (nearly) all of the other
    if (Math.max(ab, ba) < rule.minCoverage || Math.min(ab, ba) < rule.minReverseCoverage) {
      if (!(rule.nameSlip && closeViewNamesTheFront(a, b, ctx, Math.min(ab, ba), rule.minCoverage)))
        return false;
    }
  }
  const va = a.variantTokens;
  const vb = b.variantTokens;
  if (!sameIds(va, vb) && !(rule.variantMayBeMissing && (va.length === 0 || vb.length === 0))) return false;
  const size = compareSizes(a.quantities, b.quantities);
  if (size === "conflict" || (rule.sizeMustMatch && size !== "match")) return false;
  // a box front is the outer pack of the bottle or tube: only other containers disagree
  const outerBox = a.packaging === "box" || b.packaging === "box";
  if (a.packaging && b.packaging && !outerBox && packagingAgreement(a.packaging, b.packaging) < 0.5)
    return false;
  return colourAgreement(a.colour, b.colour, a.colours, b.colours) >= 0.5;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Each front's product field is named by the other photo: both read one product name. Under OCR noise the hero
 * words of two shots of one front are garbled differently ("5ULFATE FRE" / "f0r ai hair type"), and a garbled
 * word is rare in the batch, so it outweighs the name both shots share. Of the 120 pairs of fronts of one
 * product with one brand key in `npm run bench:pairing-noisy`'s copy of dev, the name-word rule finds 3 and this
 * one 67. It also passes siblings that share a name (on dev, 83 pairs of different products against 68 of one
 * product), so it never decides the matching: only whether a front left without a back joins a product as its
 * re-take (where it must still lead every other product by extraGap), and whether fronts shot moments
 * apart are one.
 */
function productFieldsAgree(a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext): boolean {
  const ab = weightedCoverage(a.productTokens, b.allTokens, ctx.idf, true);
  const ba = weightedCoverage(b.productTokens, a.allTokens, ctx.idf, true);
  return ab !== null && ba !== null && Math.min(ab, ba) >= PRODUCT_FIELD_COVERAGE;
}
const PRODUCT_FIELD_COVERAGE = 0.9;

/**
 * A close-up, an angled shot or the outer box next to a front, whose name words match the front's when each may
 * carry one OCR slip ("SHMPOO", "Benefiace"), shows that front: the two photos' text is read apart, and a close
 * view is what a re-take is. Two full front views are more often siblings of one line (they share the line's
 * words and differ in one, such as "Mint Sorbet" / "Black Chocolate"), so they still need the exact words. The
 * words shared exactly must also come to SLIP_REVERSE_COVERAGE on both sides. Letting full views pass too would
 * merge siblings shot side by side.
 */
function closeViewNamesTheFront(
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  exactCoverage: number,
  minCoverage: number,
): boolean {
  if (!(a.closeView || b.closeView) || exactCoverage < SLIP_REVERSE_COVERAGE) return false;
  const ab = weightedCoverage(a.nameTokens, b.allTokens, ctx.idf, true) ?? 0;
  const ba = weightedCoverage(b.nameTokens, a.allTokens, ctx.idf, true) ?? 0;
  return Math.max(ab, ba) >= minCoverage;
}
const SLIP_REVERSE_COVERAGE = 0.2;

/**
 * Both fronts carry one brand; or, when the vision step read no brand on one of them (a stylised logo), that
 * photo's own text shows the other's brand.
 */
function sameBrand(a: ImageFeatures, b: ImageFeatures): boolean {
  // one OCR slip in a long brand ("Darphin" / "Darpin") scores 0.85
  if (a.brand && b.brand) return brandSimilarity(a.brand, b.brand) >= 0.85;
  const [known, blind] = a.brand ? [a, b] : [b, a];
  return known.brand !== null && brandInText(known.brand, blind.printed, false);
}

const BY_TEXT_ALONE: FrontAgreement = {
  minCoverage: 0.9,
  minReverseCoverage: 0.2,
  variantMayBeMissing: false,
  sizeMustMatch: true,
  productFieldsSuffice: false,
  nameSlip: false,
};
const LEFTOVER_BY_TEXT: FrontAgreement = { ...BY_TEXT_ALONE, productFieldsSuffice: true };
const SHOT_MOMENTS_APART: FrontAgreement = {
  minCoverage: 0.5,
  minReverseCoverage: 0,
  variantMayBeMissing: true,
  sizeMustMatch: false,
  productFieldsSuffice: true,
  nameSlip: true,
};

/**
 * Whether two fronts show the same product (a re-take or the outer box's front) by their text alone: same
 * brand, one naming nearly all of what the other names, the same size and variant, and no container or colour
 * clash. Choosing either for the back is right, so one must not make the other's pair look ambiguous, and a
 * leftover one joins the product as an extra. (Siblings named alike still pass at times: on dev this held for
 * 16 re-takes and 23 different products, so it only decides where nothing better does.)
 */
export function sameProductFronts(a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext): boolean {
  return frontsAgree(a, b, ctx, BY_TEXT_ALONE);
}

/** `sameProductFronts` for a front the matching left without a back, which may join a product as its re-take. */
export function leftoverFrontOfProduct(a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext): boolean {
  return frontsAgree(a, b, ctx, LEFTOVER_BY_TEXT);
}

/**
 * Whether front `b` is a re-take (or the outer box's front) of front `a`, shot moments apart. Label text alone
 * cannot tell a re-take from a sibling (same brand and line, another size or shade is common in a shop's
 * batch), but a seller photographs one product at a time: two fronts of one brand that name the same thing,
 * with no size, variant, container or colour clash, one or two shots apart, are one product (on dev: 78
 * re-takes, 1 sibling).
 */
export function isRetake(a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext): boolean {
  if (a.captureRank === null || b.captureRank === null) return false;
  if (Math.abs(a.captureRank - b.captureRank) > RETAKE_MAX_DISTANCE) return false;
  return frontsAgree(a, b, ctx, SHOT_MOMENTS_APART);
}

export interface RetakeGroups {
  /** front slot of a re-take → front slot of the photo that stands for its product in the matching */
  retakeOf: Map<number, number>;
  /** candidate lists with each group's backs pooled on its representative; re-takes get none */
  cands: Candidate[][];
}

/**
 * Groups re-takes among the fronts, only when the batch's capture order is trusted (orderWeight > 0). Each
 * group enters the matching once, as the member with the best candidate, holding the best score any member
 * reached for each back; otherwise two photos of one front compete for one back and both are left ambiguous.
 */
export function groupRetakes(
  fronts: readonly ImageFeatures[],
  cands: readonly Candidate[][],
  ctx: ScoreContext,
  /** the order weight the front–back matching will use */
  orderWeight: number,
): RetakeGroups {
  const retakeOf = new Map<number, number>();
  if (orderWeight <= 0) return { retakeOf, cands: [...cands] };
  const parent = fronts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const byRank = fronts
    .map((f, i) => [f.captureRank, i] as const)
    .filter((x): x is readonly [number, number] => x[0] !== null)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  for (let p = 0; p < byRank.length; p++) {
    for (let q = p + 1; q < byRank.length && byRank[q][0] - byRank[p][0] <= RETAKE_MAX_DISTANCE; q++) {
      const a = byRank[p][1];
      const b = byRank[q][1];
      if (isRetake(fronts[a], fronts[b], ctx)) parent[find(b)] = find(a);
    }
  }
  const members = new Map<number, number[]>();
  fronts.forEach((_, i) => {
    const r = find(i);
    const l = members.get(r);
    if (l) l.push(i);
    else members.set(r, [i]);
  });
  // the group's face is its first shot: a seller photographs the front, then a closer re-take or the carton.
  // (Which of them sits nearer the back says nothing about which shows the product.) Same rank: the one its own
  // evidence matches best.
  const best = (i: number) => cands[i].reduce((m, c) => Math.max(m, c.base), Number.NEGATIVE_INFINITY);
  const firstShot = (y: number, x: number) => {
    const ry = fronts[y].captureRank as number;
    const rx = fronts[x].captureRank as number;
    return ry < rx || (ry === rx && best(y) > best(x));
  };
  const out: Candidate[][] = [...cands];
  for (const group of members.values()) {
    if (group.length < 2) continue;
    const rep = group.reduce((x, y) => (firstShot(y, x) ? y : x));
    const pooled = new Map<number, Candidate>();
    for (const m of group) {
      for (const c of cands[m]) {
        const had = pooled.get(c.back);
        if (!had || totalScore(c, orderWeight) > totalScore(had, orderWeight)) pooled.set(c.back, c);
      }
      if (m !== rep) {
        retakeOf.set(m, rep);
        out[m] = [];
      }
    }
    out[rep] = [...pooled.values()];
  }
  return { retakeOf, cands: out };
}
