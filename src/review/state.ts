/**
 * A batch under review: the engine's products and singletons, as the seller corrects them. Pure: every edit
 * returns a new state or throws a ReviewEditError naming what was wrong, and every state it returns holds each
 * photo of the batch exactly once.
 */
import { z } from "zod";
import type { PairingResult, SingletonReason } from "../pairing/index.js";

export interface ReviewProduct {
  id: string;
  front: string;
  back: string | null;
  extras: string[];
  brand: string;
  name: string;
  variant: string;
  size: string;
  category: string;
  /** the engine's confidence in the pair (0 for a lone front); 1 once the seller has changed the product */
  confidence: number;
  /** auto, model, review or none as the engine decided; "seller" once the seller changed it */
  decidedBy: string;
}

export interface ReviewSingleton {
  url: string;
  /** the vision role the engine reported ("other" for a photo the seller set aside) */
  role: "front" | "back" | "side" | "other";
  /** the engine's reason, or the one a seller's edit implies (a split-off back is an orphan back) */
  reason: SingletonReason;
}

/** What the analysis read on one photo: a product the seller makes from it starts with these. */
export interface PhotoFacts {
  brand: string;
  name: string;
  variant: string;
  size: string;
  category: string;
}

export interface ReviewState {
  products: ReviewProduct[];
  singletons: ReviewSingleton[];
  /** by photo url, when the analysis is known */
  facts?: Record<string, PhotoFacts>;
  /** the next product id to hand out: ids are never reused, so an edit names one product for good */
  nextId: number;
}

export class ReviewEditError extends Error {}

const Url = z.string().min(1).max(1000);
const ProductId = z.string().min(1).max(40);
/** One correction, as the page sends it. */
export const ReviewEditSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("swap"), product: ProductId }).strict(),
  z
    .object({
      op: z.literal("move"),
      url: Url,
      /** a product id, or "new" for a product of its own with this photo as its front */
      to: z.union([ProductId, z.literal("new")]),
    })
    .strict(),
  z.object({ op: z.literal("split"), product: ProductId }).strict(),
  z.object({ op: z.literal("not_product"), url: Url }).strict(),
  z
    .object({
      op: z.literal("edit"),
      product: ProductId,
      brand: z.string().max(200).optional(),
      name: z.string().max(300).optional(),
      size: z.string().max(100).optional(),
    })
    .strict(),
]);
export type ReviewEdit = z.infer<typeof ReviewEditSchema>;

/** The review state of an engine result (and the analysis it paired, for what each photo shows). */
export function stateFromPairing(result: PairingResult, analysis?: unknown): ReviewState {
  const products = result.products.map((p, i) => ({
    id: `p${i + 1}`,
    front: p.frontUrl,
    back: p.backUrl,
    extras: [...p.extras],
    brand: p.brand,
    name: p.product,
    variant: p.variant,
    size: p.size,
    category: p.category,
    confidence: p.confidence,
    decidedBy: p.decidedBy,
  }));
  return {
    products,
    singletons: result.singletons.map((s) => ({ url: s.url, role: s.role, reason: s.reason })),
    nextId: products.length + 1,
    facts: factsOf(analysis),
  };
}

/** Each photo's brand, name, variant, size and category as its analysis group reads them ("Unknown" dropped). */
function factsOf(analysis: unknown): Record<string, PhotoFacts> {
  const out: Record<string, PhotoFacts> = {};
  const groups = (analysis as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return out;
  const text = (v: unknown) =>
    typeof v === "string" && !/^(unknown|unidentified item)$/i.test(v.trim()) ? v.trim() : "";
  for (const g of groups as Record<string, unknown>[]) {
    const url = Array.isArray(g?.images) ? g.images[0] : undefined;
    if (typeof url !== "string") continue;
    out[url] = {
      brand: text(g.brand),
      name: text(g.product),
      variant: text(g.variant),
      size: text(g.size),
      category: text(g.category) || "Unknown",
    };
  }
  return out;
}

/** Every photo of the state, in products then singletons. */
export function photosOf(s: ReviewState): string[] {
  const out: string[] = [];
  for (const p of s.products) {
    out.push(p.front);
    if (p.back !== null) out.push(p.back);
    out.push(...p.extras);
  }
  for (const x of s.singletons) out.push(x.url);
  return out;
}

/** Contract violations: a photo missing, repeated, or not of the batch. Empty when the state is sound. */
export function reviewContract(s: ReviewState, batchUrls: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const u of photosOf(s)) seen.set(u, (seen.get(u) ?? 0) + 1);
  const known = new Set(batchUrls);
  for (const u of batchUrls) if (!seen.has(u)) problems.push(`${u} is missing`);
  for (const [u, n] of seen) {
    if (n > 1) problems.push(`${u} appears ${n} times`);
    if (!known.has(u)) problems.push(`${u} is not a photo of this batch`);
  }
  return problems;
}

/** Applies one correction; the result holds the same photos, each once. */
export function applyEdit(state: ReviewState, edit: ReviewEdit): ReviewState {
  const s: ReviewState = structuredClone(state);
  const product = (id: string) => {
    const p = s.products.find((x) => x.id === id);
    if (!p) throw new ReviewEditError(`no product ${id} in this batch`);
    return p;
  };
  const touched = (p: ReviewProduct) => {
    p.confidence = 1;
    p.decidedBy = "seller";
  };
  switch (edit.op) {
    case "swap": {
      const p = product(edit.product);
      if (p.back === null) throw new ReviewEditError(`product ${p.id} has no back to swap with its front`);
      [p.front, p.back] = [p.back, p.front];
      touched(p);
      break;
    }
    case "split": {
      const p = product(edit.product);
      if (p.back === null && p.extras.length === 0)
        throw new ReviewEditError(`product ${p.id} is its front alone: there is nothing to split off`);
      if (p.back !== null) s.singletons.push({ url: p.back, role: "back", reason: "orphan_back" });
      for (const u of p.extras) s.singletons.push({ url: u, role: "side", reason: "unattached_extra" });
      p.back = null;
      p.extras = [];
      touched(p);
      break;
    }
    case "not_product": {
      takeOut(s, edit.url);
      s.singletons.push({ url: edit.url, role: "other", reason: "non_product" });
      break;
    }
    case "move": {
      const target = edit.to === "new" ? null : product(edit.to);
      // on its own product, an extra becomes the back when there is none, and the back becomes an extra
      if (target && target.back === null && target.extras.includes(edit.url)) {
        target.extras = target.extras.filter((u) => u !== edit.url);
        target.back = edit.url;
        touched(target);
        break;
      }
      if (target && target.back === edit.url) {
        target.back = null;
        target.extras.push(edit.url);
        touched(target);
        break;
      }
      if (
        target &&
        (target.front === edit.url || target.back === edit.url || target.extras.includes(edit.url))
      )
        throw new ReviewEditError(`${edit.url} is already in product ${target.id}`);
      takeOut(s, edit.url);
      if (target === null) {
        const f = s.facts?.[edit.url];
        s.products.push({
          id: `p${s.nextId++}`,
          front: edit.url,
          back: null,
          extras: [],
          brand: f?.brand ?? "",
          name: f?.name ?? "",
          variant: f?.variant ?? "",
          size: f?.size ?? "",
          category: f?.category ?? "Unknown",
          confidence: 1,
          decidedBy: "seller",
        });
      } else {
        // a product with no back takes the photo as its back: two moves make a pair of two loose photos
        if (target.back === null) target.back = edit.url;
        else target.extras.push(edit.url);
        touched(target);
      }
      break;
    }
    case "edit": {
      const p = product(edit.product);
      if (edit.brand !== undefined) p.brand = edit.brand.trim();
      if (edit.name !== undefined) p.name = edit.name.trim();
      if (edit.size !== undefined) p.size = edit.size.trim();
      touched(p);
      break;
    }
  }
  return s;
}

/**
 * Removes a photo from wherever it is. A product's front leaves only with nothing else in the product, and the
 * product goes with it: its back and extras would otherwise be left with no front.
 */
function takeOut(s: ReviewState, url: string): void {
  const si = s.singletons.findIndex((x) => x.url === url);
  if (si >= 0) {
    s.singletons.splice(si, 1);
    return;
  }
  for (const [i, p] of s.products.entries()) {
    if (p.front === url) {
      if (p.back !== null || p.extras.length > 0)
        throw new ReviewEditError(
          `${url} is the front of product ${p.id}: swap it with the back, or split the product, first`,
        );
      s.products.splice(i, 1);
      return;
    }
    if (p.back === url) {
      p.back = null;
      p.confidence = 1;
      p.decidedBy = "seller";
      return;
    }
    const e = p.extras.indexOf(url);
    if (e >= 0) {
      p.extras.splice(e, 1);
      return;
    }
  }
  throw new ReviewEditError(`${url} is not a photo of this batch`);
}

/** Products the seller should look at first: the least certain, then in batch order. */
export function reviewOrder(products: readonly ReviewProduct[]): ReviewProduct[] {
  return [...products].sort((a, b) => a.confidence - b.confidence || idNumber(a.id) - idNumber(b.id));
}

const idNumber = (id: string) => Number(id.slice(1));
