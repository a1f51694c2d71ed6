/**
 * review.html: a contact sheet a seller can check at a glance. One row per product (front | back | extras)
 * with its evidence, then every singleton with its reason. Thumbnails are embedded, so the file can be
 * mailed or opened anywhere without the photo folder.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { escapeMarkup as esc } from "../../lib/text.js";
import { SINGLETON_REASONS } from "../engine/reasons.js";
import type { PairingMetrics, PairingResult } from "../engine/types.js";

const THUMB = 220;

/** Brand and product as a listing title, without repeating a brand the product name already starts with. */
export function listingName(p: { brand: string; product: string }): string {
  const product = /^(unidentified item|unknown)?$/i.test(p.product.trim()) ? "" : p.product.trim();
  const brand = p.brand === "Unknown" ? "" : p.brand.trim();
  if (brand && product.toLowerCase().startsWith(brand.toLowerCase())) return product;
  return [brand, product].filter(Boolean).join(" ");
}

async function thumbnail(path: string): Promise<string | null> {
  try {
    const jpeg = await sharp(readFileSync(path), { failOn: "error" })
      .rotate()
      .resize(THUMB, THUMB, { fit: "inside" })
      .jpeg({ quality: 72 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
  } catch {
    return null;
  }
}

function cell(url: string | null, label: string, thumbs: Map<string, string | null>): string {
  if (url === null) return `<td class="empty"><div class="ph">no ${esc(label)}</div></td>`;
  const src = thumbs.get(url);
  const img = src
    ? `<img src="${src}" alt="${esc(url)}" loading="lazy">`
    : `<div class="ph">unreadable</div>`;
  return `<td data-url="${esc(url)}">${img}<div class="cap">${esc(label)} · ${esc(url)}</div></td>`;
}

/** The whole page. `folder` is where the photos are; `metrics` adds the headline figures. */
export async function renderReview(
  result: PairingResult,
  folder: string,
  metrics?: PairingMetrics,
): Promise<string> {
  const urls = [
    ...result.products.flatMap((p) => [p.frontUrl, ...(p.backUrl ? [p.backUrl] : []), ...p.extras]),
    ...result.singletons.map((s) => s.url),
  ];
  const thumbs = new Map<string, string | null>();
  await Promise.all(urls.map(async (u) => thumbs.set(u, await thumbnail(join(folder, u)))));

  const productRows = result.products.map((p, i) => {
    const name = [listingName(p), p.size].filter(Boolean).join(" · ");
    const extras = p.extras.map((e, k) => cell(e, `extra ${k + 1}`, thumbs)).join("");
    return `<tr class="product" data-product="${esc(p.productId)}">
<th>${i + 1}</th>${cell(p.frontUrl, "front", thumbs)}${cell(p.backUrl, "back", thumbs)}${extras}
<td class="facts"><b>${esc(name || "unnamed product")}</b><br>score ${p.matchScore.toFixed(2)} · confidence ${p.confidence.toFixed(2)} · decided by ${esc(p.decidedBy)}
<details><summary>evidence</summary><ul>${p.evidence.map((e) => `<li>${esc(e)}</li>`).join("")}</ul></details></td></tr>`;
  });
  const singletonRows = result.singletons.map(
    (s) => `<tr class="singleton">${cell(s.url, s.role, thumbs)}
<td class="facts"><b>${esc(s.reason)}</b><br>${esc(SINGLETON_REASONS[s.reason] ?? "")}</td></tr>`,
  );
  const errors = result.errors.map((e) => `<li>${esc(e.url)}: ${esc(e.field)}: ${esc(e.message)}</li>`);
  const t = metrics?.totals;
  const headline = t
    ? `${t.images} photos · ${result.pairs.length} pairs · ${result.products.length} products · ${t.singletons} singletons · ${t.extrasAttached} extras · pair rate ${(metrics.rates.pairRate * 100).toFixed(1)} %`
    : `${result.products.length} products · ${result.singletons.length} singletons`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shelfwise review</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin-bottom:32px}
td,th{border:1px solid #ddd;padding:6px;vertical-align:top;text-align:center}
td.facts{text-align:left;max-width:380px}
img{max-width:${THUMB}px;max-height:${THUMB}px;display:block;margin:auto}
.cap{font-size:11px;color:#666;word-break:break-all;max-width:${THUMB}px}
.ph{width:${THUMB / 2}px;height:${THUMB / 2}px;display:flex;align-items:center;justify-content:center;background:#f4f4f4;color:#999}
tr.singleton td.facts b{color:#a33}
</style></head><body>
<h1>Pairing review</h1>
<p id="headline">${esc(headline)}</p>
<h2>Products (${result.products.length})</h2>
<table id="products">${productRows.join("\n")}</table>
<h2>Singletons (${result.singletons.length})</h2>
<table id="singletons">${singletonRows.join("\n")}</table>
${errors.length > 0 ? `<h2>Errors</h2><ul id="errors">${errors.join("")}</ul>` : ""}
</body></html>
`;
}
