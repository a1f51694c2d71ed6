import type { ImageFeatures } from "../features/extract.js";
import { FeatureIndex } from "./candidates.js";
import type { PairingConfig } from "./config.js";
import type { SingletonReason } from "./reasons.js";
import { leftoverFrontOfProduct } from "./retakes.js";
import { type ScoreContext, scoreExtra, totalScore } from "./score.js";

/** A product being assembled: positions in the batch's feature list. */
export interface ProductDraft {
  front: number;
  back: number | null;
  extras: number[];
  extraScores: number[];
}

interface Proposal {
  image: number;
  head: number;
  score: number;
}

export interface ExtrasInput {
  feats: readonly ImageFeatures[];
  paired: ProductDraft[];
  leftoverFronts: number[];
  /** fronts whose pair was held back as ambiguous: they keep their own shots but never become re-takes */
  heldFronts: number[];
  /** fronts the engine grouped as re-takes of another front (`of`), shot moments apart: they join its product */
  retakes: { image: number; of: number }[];
  leftoverBacks: number[];
  extraShots: number[];
  captureOrder: readonly number[];
  captureIndexOf: ReadonlyMap<number, number>;
  ctx: ScoreContext;
  config: PairingConfig;
}

export interface ExtrasOutcome {
  /** paired products and the lone fronts that gained extras, in that order */
  products: ProductDraft[];
  /** leftovers that stay alone, with why (fronts not listed keep the reason the matcher gave) */
  rejected: Map<number, SingletonReason>;
}

/**
 * Attaches side, detail and re-take shots to products. Leftover fronts first decide whether they are
 * re-takes of a paired product (a stricter bar, since a lone sibling front looks much the same); the rest
 * become heads of back-less products that other shots may join.
 */
export function attachExtras(inp: ExtrasInput): ExtrasOutcome {
  const { config } = inp;
  const rejected = new Map<number, SingletonReason>();
  const heads: ProductDraft[] = [...inp.paired];

  const retakeProps = propose(inp, heads, inp.leftoverFronts, () => true, true);
  const taken = assignProposals(retakeProps, heads, config.extraMinScore + 1, config, rejected);
  for (const f of [...inp.leftoverFronts, ...inp.heldFronts]) {
    if (taken.has(f)) continue;
    rejected.delete(f);
    heads.push({ front: f, back: null, extras: [], extraScores: [] });
  }
  attachRetakes(inp, heads, rejected);
  const nPaired = inp.paired.length;
  const backProps = propose(inp, heads, inp.leftoverBacks, (h) => h < nPaired);
  const shotProps = propose(inp, heads, inp.extraShots, () => true);
  // a back no front took is usually an orphan back or a sibling's: it must clear a higher bar to be a side panel
  assignProposals(backProps, heads, config.extraMinScore + 3, config, rejected);
  assignProposals(shotProps, heads, config.extraMinScore, config, rejected);
  for (const b of inp.leftoverBacks)
    if (rejected.has(b) && rejected.get(b) !== "extras_limit") rejected.set(b, "orphan_back");
  const products = heads.filter((h, i) => i < nPaired || h.extras.length > 0);
  return { products, rejected };
}

/**
 * Re-takes join the product of the front they were grouped with, before any other shot competes for its
 * extrasMax places. One whose front ended inside another product (as its re-take) follows it there.
 * Every re-take's front heads a product or sits in one by now: paired, held back, or a leftover front.
 */
function attachRetakes(inp: ExtrasInput, heads: ProductDraft[], rejected: Map<number, SingletonReason>) {
  if (inp.retakes.length === 0) return;
  const headOf = new Map<number, ProductDraft>();
  for (const h of heads) {
    headOf.set(h.front, h);
    for (const e of h.extras) headOf.set(e, h);
  }
  for (const r of inp.retakes) {
    const h = headOf.get(r.of);
    if (h && h.extras.length < inp.config.extrasMax) {
      h.extras.push(r.image);
      h.extraScores.push(
        totalScore(scoreExtra(inp.feats[r.image], inp.feats[r.of], inp.ctx), inp.ctx.extraOrderWeight),
      );
      rejected.delete(r.image);
    } else rejected.set(r.image, "extras_limit");
  }
}

/** For each image, the best head (and whether it leads the runner-up by extraGap). */
function propose(
  inp: ExtrasInput,
  heads: readonly ProductDraft[],
  images: readonly number[],
  allowed: (head: number) => boolean,
  frontsOnly = false,
): (Proposal & { gapOk: boolean })[] {
  if (images.length === 0 || heads.length === 0) return [];
  const items: ImageFeatures[] = [];
  const headOfSlot: number[] = [];
  const slotOf = new Map<number, number>();
  heads.forEach((h, i) => {
    if (!allowed(i)) return;
    // a re-take or box front is judged against the product's front alone
    for (const p of frontsOnly ? [h.front] : [h.front, h.back]) {
      if (p === null) continue;
      slotOf.set(p, items.length);
      items.push(inp.feats[p]);
      headOfSlot.push(i);
    }
  });
  const index = new FeatureIndex(
    items,
    inp.captureOrder,
    slotOf,
    images.map((x) => inp.feats[x]),
  );
  const ow = inp.ctx.extraOrderWeight;
  const out: (Proposal & { gapOk: boolean })[] = [];
  for (const x of images) {
    const fx = inp.feats[x];
    const perHead = new Map<number, number>();
    for (const slot of index.candidatesFor(fx, inp.captureIndexOf.get(x), 6, 48)) {
      // another front joins a product only as its re-take: the same name, size and look, not a sibling
      // (a box front shows less text than the bottle's, so one side may name only part of the other)
      if (frontsOnly && !leftoverFrontOfProduct(fx, items[slot], inp.ctx)) continue;
      if (ow > 0 && capturedApart(fx, items[slot])) continue;
      if (ow > 0 && !frontsOnly && shotBeforeProduct(fx, heads[headOfSlot[slot]], inp.feats)) continue;
      const s = totalScore(scoreExtra(fx, items[slot], inp.ctx), ow);
      const h = headOfSlot[slot];
      perHead.set(h, Math.max(perHead.get(h) ?? Number.NEGATIVE_INFINITY, s));
    }
    const ranked = [...perHead].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (ranked.length === 0) continue;
    const second = ranked.length > 1 ? ranked[1][1] : Number.NEGATIVE_INFINITY;
    out.push({
      image: x,
      head: ranked[0][0],
      score: ranked[0][1],
      gapOk: ranked[0][1] - second >= inp.config.extraGap,
    });
  }
  return out;
}

/** Capture ranks within which a side, detail or re-take shot sits from a face of its product. */
export const EXTRA_MAX_DISTANCE = 6;

/**
 * A seller shoots a product's sides and details in the same sitting as its front or back: on dev, 99 % of
 * extras sit within three capture ranks of one of their product's faces. When the batch's capture order is
 * trusted, a face farther away than EXTRA_MAX_DISTANCE cannot claim the shot, however alike the two look
 * (a brand's other products share its colours, containers and category words).
 */
function capturedApart(x: ImageFeatures, face: ImageFeatures): boolean {
  return (
    x.captureRank !== null &&
    face.captureRank !== null &&
    Math.abs(x.captureRank - face.captureRank) > EXTRA_MAX_DISTANCE
  );
}

/**
 * Sellers shoot a product's front or back before its close-ups: on dev, 866 of 869 extras in capture-ordered
 * batches come after at least one face of their product. A shot taken before every face of a product is the
 * previous product's, however alike the two look. (Not applied to re-takes: either front may be the first.)
 */
function shotBeforeProduct(x: ImageFeatures, head: ProductDraft, feats: readonly ImageFeatures[]): boolean {
  if (x.captureRank === null) return false;
  let ranked = 0;
  for (const face of [head.front, head.back]) {
    const r = face === null ? null : feats[face].captureRank;
    if (r === null) continue;
    if (r < x.captureRank) return false;
    ranked++;
  }
  return ranked > 0;
}

/** Best proposals first; a product takes at most extrasMax. Returns the images attached. */
function assignProposals(
  props: (Proposal & { gapOk: boolean })[],
  heads: ProductDraft[],
  minScore: number,
  config: PairingConfig,
  rejected: Map<number, SingletonReason>,
): Set<number> {
  const taken = new Set<number>();
  props.sort((a, b) => b.score - a.score || a.image - b.image);
  for (const p of props) {
    if (p.score < minScore || !p.gapOk) {
      rejected.set(p.image, "unattached_extra");
      continue;
    }
    const h = heads[p.head];
    if (h.extras.length >= config.extrasMax) {
      rejected.set(p.image, "extras_limit");
      continue;
    }
    h.extras.push(p.image);
    h.extraScores.push(p.score);
    taken.add(p.image);
  }
  return taken;
}
