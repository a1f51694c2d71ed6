import { compactSkeleton, trigrams, jaccard, words, ocrSkeleton } from "../../lib/text.js";

/**
 * Words that vary between photos of one brand ("Makarizo" / "Makarizo Professional",
 * "L'Oreal Paris" / "Loreal") or name the legal entity rather than the brand.
 */
const BRAND_NOISE = new Set([
  "professional", "professionnel", "professionals", "paris", "london", "new", "york", "inc", "llc", "ltd",
  "limited", "co", "corp", "corporation", "company", "gmbh", "ag", "sa", "sas", "srl", "spa", "pt", "tbk", "bv",
  "laboratoires", "laboratoire", "laboratories", "laboratory", "labs", "lab", "cosmetics", "cosmetic", "cosmetiques",
  "beauty", "the", "by", "et", "and", "group", "international", "usa", "official", "naturals",
]);

export interface BrandKey {
  /** skeleton of the brand without noise words, e.g. "ioreai" for "L'Oréal Paris" */
  key: string;
  /** skeleton of the full brand, for containment tests */
  full: string;
  grams: Set<string>;
}

export function isUnknownBrand(raw: string | null | undefined): boolean {
  if (!raw) return true;
  const f = raw.trim().toLowerCase();
  return f === "" || f === "unknown" || f === "n/a" || f === "none" || f === "unbranded" || f === "generic";
}

export function brandKey(raw: string | null | undefined): BrandKey | null {
  if (isUnknownBrand(raw)) return null;
  const ws = words(raw as string);
  const kept = ws.filter((w) => !BRAND_NOISE.has(w));
  const key = (kept.length > 0 ? kept : ws).map(ocrSkeleton).join("");
  const full = ws.map(ocrSkeleton).join("");
  if (key.length < 2) return null;
  return { key, full, grams: trigrams(key) };
}

/** 1 for the same brand after normalisation, a fraction for spelling drift, 0 for unrelated brands. */
export function brandSimilarity(a: BrandKey, b: BrandKey): number {
  if (a.key === b.key) return 1;
  if (a.key.length >= 4 && b.key.length >= 4 && (a.full.includes(b.key) || b.full.includes(a.key))) return 0.9;
  const j = jaccard(a.grams, b.grams);
  return j >= 0.45 ? Math.min(0.85, j + 0.2) : 0;
}

/** Whether a brand is printed somewhere in a text (label lines, a website, a distributor line). */
export function brandInText(b: BrandKey, textCompact: string): boolean {
  if (b.key.length < 4) return false;
  return textCompact.includes(b.key);
}

export { compactSkeleton };
