import { foldText } from "../../../lib/text.js";
import { readLabel } from "../cues/index.js";

export type Dimension = "volume" | "mass" | "count" | "servings";

export interface Quantity {
  dim: Dimension;
  /** ml for volume, g for mass, units for count and servings */
  value: number;
  /** true when the text reads as a per-serving amount ("1 scoop (24g)") rather than the pack size */
  serving: boolean;
}

const UNIT: Record<string, [Dimension, number]> = {
  ml: ["volume", 1],
  mls: ["volume", 1],
  cl: ["volume", 10],
  l: ["volume", 1000],
  ltr: ["volume", 1000],
  litre: ["volume", 1000],
  liter: ["volume", 1000],
  floz: ["volume", 29.5735],
  fl: ["volume", 29.5735],
  g: ["mass", 1],
  gr: ["mass", 1],
  gram: ["mass", 1],
  grams: ["mass", 1],
  kg: ["mass", 1000],
  mg: ["mass", 0.001],
  oz: ["mass", 28.3495],
  lb: ["mass", 453.592],
  lbs: ["mass", 453.592],
  ct: ["count", 1],
  count: ["count", 1],
  pcs: ["count", 1],
  pc: ["count", 1],
  pieces: ["count", 1],
  capsules: ["count", 1],
  caps: ["count", 1],
  tablets: ["count", 1],
  tabs: ["count", 1],
  softgels: ["count", 1],
  gummies: ["count", 1],
  wipes: ["count", 1],
  lingettes: ["count", 1],
  sheets: ["count", 1],
  servings: ["servings", 1],
  serving: ["servings", 1],
  portions: ["servings", 1],
};

const QTY_RE =
  /(\d+(?:[.,]\d+)?)\s*(fl\.?\s*oz\.?|fl\.?|ml|mls|cl|ltr|litre|liter|l|kg|mg|grams|gram|gr|g|oz|lbs|lb|ct|count|pcs|pc|pieces|capsules|caps|tablets|tabs|softgels|gummies|wipes|lingettes|sheets|servings|serving|portions)(?![a-z])/g;
/** All quantities in a free-text size or label text, canonicalised to ml / g / count / servings. */
export function parseQuantities(text: string): Quantity[] {
  if (!text) return [];
  const f = foldText(text);
  return parseFoldedQuantities(f, readLabel(f).servingCue);
}

/**
 * The quantities of folded text; `serving`: the text reads as a per-serving amount ("1 scoop (24g)", see
 * `LabelCues.servingCue`), so its amounts are not the pack size.
 */
export function parseFoldedQuantities(f: string, serving: boolean): Quantity[] {
  const out: Quantity[] = [];
  QTY_RE.lastIndex = 0;
  for (let m = QTY_RE.exec(f); m !== null; m = QTY_RE.exec(f)) {
    const n = Number.parseFloat(m[1].replace(",", "."));
    if (!Number.isFinite(n) || n <= 0) continue;
    const unit = m[2].replace(/[.\s]/g, "");
    const def = UNIT[unit === "fl" ? "floz" : unit];
    if (!def) continue;
    out.push({ dim: def[0], value: n * def[1], serving });
  }
  return out;
}

/** Same amount, allowing the rounding labels use between unit systems (8.4 fl oz vs 250 ml). */
export function sameQuantity(a: Quantity, b: Quantity): boolean {
  if (a.dim !== b.dim) return false;
  const hi = Math.max(a.value, b.value);
  return (
    Math.abs(a.value - b.value) <= Math.max(0.035 * hi, a.dim === "volume" || a.dim === "mass" ? 1.5 : 0)
  );
}

export type SizeRelation = "match" | "conflict" | "unknown";

/**
 * Relation between the pack sizes read on two photos. A conflict needs pack sizes (not serving sizes) of one
 * dimension on both sides and no common amount.
 */
export function compareSizes(a: Quantity[], b: Quantity[]): SizeRelation {
  if (a.length === 0 || b.length === 0) return "unknown";
  for (const x of a) for (const y of b) if (sameQuantity(x, y)) return "match";
  for (const x of a) {
    if (x.serving) continue;
    for (const y of b) if (!y.serving && x.dim === y.dim) return "conflict";
  }
  return "unknown";
}
