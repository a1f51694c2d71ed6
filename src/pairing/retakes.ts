import type { ImageFeatures } from "./features.js";
import type { Candidate } from "./match.js";
import { type ScoreContext, totalScore, weightedCoverage } from "./score.js";
import { brandSimilarity } from "./signals/brand.js";
import { colourAgreement } from "./signals/colour.js";
import { packagingAgreement } from "./signals/packaging.js";
import { compareSizes } from "./signals/size.js";

/** Capture ranks apart within which a second front of the same product counts as a re-take. */
export const RETAKE_MAX_DISTANCE = 2;

/**
 * Whether front `b` is a re-take (or the outer box's front) of front `a`, shot moments apart. Label text alone
 * cannot tell a re-take from a sibling (same brand and line, another size or shade is common in a shop's
 * batch), but a seller photographs one product at a time: two fronts of one brand that name the same thing,
 * with no size, variant, container or colour clash, one or two shots apart, are one product.
 */
export function isRetake(a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext): boolean {
  if (a.captureRank === null || b.captureRank === null) return false;
  if (Math.abs(a.captureRank - b.captureRank) > RETAKE_MAX_DISTANCE) return false;
  if (!a.brand || !b.brand || brandSimilarity(a.brand, b.brand) < 0.85) return false;
  const ab = weightedCoverage(a.nameTokens, b.allTokens, ctx.idf);
  const ba = weightedCoverage(b.nameTokens, a.allTokens, ctx.idf);
  if (ab === null || ba === null || Math.max(ab, ba) < 0.5) return false;
  // a close re-take may crop the variant line away; two different variants are two products
  const va = a.variantTokens.join(" ");
  const vb = b.variantTokens.join(" ");
  if (va !== "" && vb !== "" && va !== vb) return false;
  if (compareSizes(a.quantities, b.quantities) === "conflict") return false;
  const outerBox = a.packaging === "box" || b.packaging === "box";
  if (a.packaging && b.packaging && !outerBox && packagingAgreement(a.packaging, b.packaging) < 0.5)
    return false;
  return colourAgreement(a.colour, b.colour, a.colours, b.colours) >= 0.5;
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
): RetakeGroups {
  const retakeOf = new Map<number, number>();
  if (ctx.orderWeight <= 0) return { retakeOf, cands: [...cands] };
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
  const best = (i: number) =>
    cands[i].reduce((m, c) => Math.max(m, totalScore(c.sig, ctx.orderWeight)), Number.NEGATIVE_INFINITY);
  const out: Candidate[][] = [...cands];
  for (const group of members.values()) {
    if (group.length < 2) continue;
    const rep = group.reduce((x, y) => (best(y) > best(x) ? y : x));
    const pooled = new Map<number, Candidate>();
    for (const m of group) {
      for (const c of cands[m]) {
        const had = pooled.get(c.back);
        if (!had || totalScore(c.sig, ctx.orderWeight) > totalScore(had.sig, ctx.orderWeight))
          pooled.set(c.back, c);
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
