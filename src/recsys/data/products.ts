/** The product catalogue: one record per product id, with the attribute table folded in and placeholders cleared. */
import type { DuckDBConnection } from "@duckdb/node-api";
import { csvLineMap } from "../../lib/csv-lines.js";
import { csvHeader, csvRawHeader, readCsvText } from "../../lib/duck.js";
import { PRODUCT_FIELDS, type Preset, PresetError, type ProductField } from "./presets.js";

/** The product fields read as numbers; every other field but the id is free text. */
const NUMERIC_FIELDS = ["price", "avg_star", "num_sold"] as const;
type NumericField = (typeof NUMERIC_FIELDS)[number];
type TextField = Exclude<ProductField, "product_id" | NumericField>;
const TEXT_FIELDS = PRODUCT_FIELDS.filter(
  (f): f is TextField => f !== "product_id" && !(NUMERIC_FIELDS as readonly string[]).includes(f),
);

export type Product = { product_id: string } & Record<TextField, string> &
  Record<NumericField, number | null>;

/** Shopee's exports use no_brand, no_type, no_origin, no_skin… for "unknown". */
function cleanText(s: string | null | undefined): string {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  if (/^no_[a-z_]+$/i.test(t) || /^(nan|null|none|n\/a|-)$/i.test(t)) return "";
  return t;
}

function num(s: string | null | undefined): number | null {
  const t = (s ?? "").replace(/[, ]/g, "").trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A catalogue entry known only by its id (a log without a products table): the id stands in for the name. */
export function productWithoutAttributes(id: string): Product {
  const p = { product_id: id } as Product;
  for (const f of TEXT_FIELDS) p[f] = "";
  for (const f of NUMERIC_FIELDS) p[f] = null;
  p.name = id;
  return p;
}

export interface ProductTableRead {
  products: Product[];
  duplicates: number;
  rejects: { file: string; line: number; error: string }[];
}

export async function readProductTable(
  con: DuckDBConnection,
  file: string,
  columns: Partial<Record<ProductField, string>>,
  base?: Map<string, Product>,
): Promise<ProductTableRead> {
  const header = await csvHeader(con, file);
  // Only the id and (in the main table) the name are required; other attributes are used when present.
  const required = (Object.entries(columns) as [ProductField, string][]).filter(
    ([f]) => f === "product_id" || (!base && f === "name"),
  );
  await requireColumns(con, file, required);
  const fields = (Object.entries(columns) as [ProductField, string][]).filter(([, c]) => header.includes(c));
  const csv = await readCsvText(
    con,
    file,
    fields.map(([, c]) => c),
  );
  const get = (f: ProductField, i: number) => (columns[f] ? csv.columns[columns[f]!]?.[i] : undefined);
  const byId = base ?? new Map<string, Product>();
  const products: Product[] = base ? [...base.values()] : [];
  let duplicates = 0;
  for (let i = 0; i < csv.rows; i++) {
    const id = (get("product_id", i) ?? "").trim();
    if (!id) continue;
    let p = byId.get(id);
    if (p && !base) {
      duplicates++;
      continue;
    }
    if (!p) {
      if (base) continue; // attributes for a product the catalogue lacks
      p = { product_id: id } as Product;
      for (const f of TEXT_FIELDS) p[f] = "";
      for (const f of NUMERIC_FIELDS) p[f] = null;
      byId.set(id, p);
      products.push(p);
    }
    for (const f of TEXT_FIELDS) {
      const v = cleanText(get(f, i));
      // The attribute table fills gaps; it never overwrites what the product table said.
      if (v && (!base || !p[f])) p[f] = v;
    }
    for (const f of NUMERIC_FIELDS) {
      const v = num(get(f, i));
      if (v !== null && (!base || p[f] === null)) p[f] = v;
    }
  }
  const lines =
    csv.rejects.length > 0
      ? csvLineMap(
          file,
          csv.dialect,
          csv.rows,
          csv.rejects.map((r) => r.byte),
        )
      : undefined;
  return {
    products,
    duplicates,
    rejects: csv.rejects.map((r) => ({ file, line: lines?.ofReject(r.byte) ?? r.line, error: r.error })),
  };
}

/**
 * A missing column is one clear message naming the file, the column, the field it feeds and what the file has.
 * An empty file, or a header naming a needed column twice (which copy would be read is a guess), is refused too.
 */
export async function requireColumns(
  con: DuckDBConnection,
  file: string,
  fields: [string, string][],
): Promise<void> {
  const raw = await csvRawHeader(con, file);
  if (raw.length === 0)
    throw new PresetError(
      `${file}: the file is empty; expected a header row with ${fields.map(([, c]) => `"${c}"`).join(", ")}`,
    );
  for (const [field, col] of fields) {
    const at = raw.flatMap((c, i) => (c?.trim() === col ? [i + 1] : []));
    if (at.length > 1)
      throw new PresetError(
        `${file}: column "${col}" (needed for ${field}) appears ${at.length} times in the header (columns ${at.join(", ")}); keep one`,
      );
  }
  const header = await csvHeader(con, file);
  for (const [field, col] of fields) {
    if (!header.includes(col)) {
      throw new PresetError(
        `${file}: missing column "${col}" (needed for ${field}); the file has: ${header.join(", ")}`,
      );
    }
  }
}

export function productText(p: Product): string {
  return [p.name, p.brand, p.type, p.skin_type, p.feature, p.ingredient, p.description]
    .filter(Boolean)
    .join(" . ");
}

export type { Preset };
