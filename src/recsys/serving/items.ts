/** Catalogue helpers for serving: response items, popularity scores and request filters. */
import type { Signal } from "./config.js";
import type { RecommendedItem } from "./responses.js";
import type { Filters } from "./schemas.js";
import type { ServingState } from "./state.js";

export function describe(
  state: ServingState,
  i: number,
  rank: number,
  score: number,
  signals: Record<Signal, number>,
): RecommendedItem {
  const p = state.ds.products[i]!;
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    product_id: p.product_id,
    rank,
    score: round(score),
    product_name: p.name,
    brand: p.brand,
    price: p.price,
    avg_star: p.avg_star,
    signals: {
      cf: round(signals.cf),
      content: round(signals.content),
      popularity: round(signals.popularity),
      quality: round(signals.quality),
      item_item: round(signals.item_item),
    },
  };
}

export function popularityScores(state: ServingState): Float32Array {
  const out = new Float32Array(state.ds.nItems);
  const order = state.popularityOrder;
  for (let r = 0; r < order.length; r++) out[order[r]!] = order.length - r;
  return out;
}

export function filterMask(state: ServingState, f: Filters): Uint8Array {
  const n = state.ds.nItems;
  const out = new Uint8Array(n).fill(1);
  const brands =
    f.brand === undefined
      ? undefined
      : new Set((Array.isArray(f.brand) ? f.brand : [f.brand]).map((b) => b.trim().toLowerCase()));
  const skin = f.skin_type?.trim().toLowerCase();
  const cat = f.category?.trim().toLowerCase();
  if (
    !brands &&
    !skin &&
    !cat &&
    f.min_price === undefined &&
    f.max_price === undefined &&
    f.min_rating === undefined
  )
    return out;
  for (let i = 0; i < n; i++) {
    const p = state.ds.products[i]!;
    if (brands && !brands.has(p.brand.trim().toLowerCase())) out[i] = 0;
    else if (skin && !p.skin_type.toLowerCase().includes(skin)) out[i] = 0;
    else if (cat && !p.type.toLowerCase().includes(cat) && !p.name.toLowerCase().includes(cat)) out[i] = 0;
    else if (f.min_price !== undefined && (p.price === null || p.price < f.min_price)) out[i] = 0;
    else if (f.max_price !== undefined && (p.price === null || p.price > f.max_price)) out[i] = 0;
    else if (f.min_rating !== undefined && (p.avg_star === null || p.avg_star < f.min_rating)) out[i] = 0;
  }
  return out;
}
