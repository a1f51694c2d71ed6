/**
 * What a reviewed batch becomes: listing rows (CSV or JSON), the pairing contract with the corrections applied,
 * and, for the bench, the batch's truth in score.py's format.
 */
import { type PairingResult, pairsOfProducts } from "../pairing/index.js";
import type { ReviewState } from "./state.js";

export interface ListingRow {
  product_id: string;
  title: string;
  brand: string;
  product: string;
  variant: string;
  size: string;
  category: string;
  /** front, back, extras, in that order */
  photos: string[];
  confidence: number;
  decided_by: string;
}

/**
 * Brand + product + variant + size, each once: a part the title already holds is left out, and a name that
 * starts with the brand ("SUNKISS Mineral SPF 50") stands for both.
 */
export function listingTitle(p: { brand: string; name: string; variant: string; size: string }): string {
  const parts: string[] = [];
  for (const part of [p.brand, p.name, p.variant, p.size]) {
    const t = part.trim().replace(/\s+/g, " ");
    if (!t || t.toLowerCase() === "unknown") continue;
    const said = parts.join(" ").toLowerCase();
    if (said.includes(t.toLowerCase())) continue;
    const last = parts.at(-1);
    if (last !== undefined && t.toLowerCase().startsWith(`${last.toLowerCase()} `))
      parts[parts.length - 1] = t;
    else parts.push(t);
  }
  return parts.join(" ");
}

export function listingRows(s: ReviewState): ListingRow[] {
  return s.products.map((p) => ({
    product_id: p.id,
    title: listingTitle(p),
    brand: p.brand,
    product: p.name,
    variant: p.variant,
    size: p.size,
    category: p.category,
    photos: [p.front, ...(p.back === null ? [] : [p.back]), ...p.extras],
    confidence: p.confidence,
    decided_by: p.decidedBy,
  }));
}

const CSV_COLUMNS = [
  "product_id",
  "title",
  "brand",
  "product",
  "variant",
  "size",
  "category",
  "photos",
  "confidence",
  "decided_by",
] as const;

/** RFC 4180 CSV, photos joined by "|" in their listing order. */
export function listingCsv(s: ReviewState): string {
  const cell = (v: unknown) => {
    const t = Array.isArray(v) ? v.join("|") : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of listingRows(s)) lines.push(CSV_COLUMNS.map((c) => cell(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The pairing contract with the seller's corrections: what the engine would have answered, had it known. */
export function correctedPairing(s: ReviewState, engineVersion: string): PairingResult {
  const products = s.products.map((p) => ({
    productId: p.id,
    frontUrl: p.front,
    backUrl: p.back,
    extras: [...p.extras],
    brand: p.brand,
    product: p.name,
    variant: p.variant,
    size: p.size,
    category: p.category,
    matchScore: 0,
    confidence: p.confidence,
    decidedBy: p.decidedBy as PairingResult["products"][number]["decidedBy"],
    evidence: p.decidedBy === "seller" ? ["corrected by the seller"] : [],
  }));
  return {
    engineVersion,
    products,
    pairs: pairsOfProducts(products),
    singletons: s.singletons.map((x) => ({ url: x.url, role: x.role, reason: x.reason })),
    errors: [],
  };
}

/** The reviewed batch as the bench's truth (score.py's format): the seller's pairs, extras and singletons. */
export function benchTruth(s: ReviewState) {
  return {
    pairs: s.products.filter((p) => p.back !== null).map((p) => [p.front, p.back as string]),
    extras: Object.fromEntries(s.products.filter((p) => p.extras.length > 0).map((p) => [p.front, p.extras])),
    alternates: {},
    singletons: [
      ...s.products.filter((p) => p.back === null && p.extras.length === 0).map((p) => p.front),
      ...s.singletons.map((x) => x.url),
    ],
    products: s.products.length,
    catalogueItems: s.products.length,
    batchInfo: { orderMode: "reviewed", source: "seller corrections" },
  };
}
