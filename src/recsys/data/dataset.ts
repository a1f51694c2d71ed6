/** A prepared dataset loaded into typed arrays, and the sparse matrices the models train on. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openDuck, readParquet } from "../../lib/duck.js";
import { UserError } from "../../lib/errors.js";
import { readJsonFile } from "../../lib/fs.js";
import { SPLIT_CODE } from "./segment.js";

export class DatasetError extends UserError {}

/** What `prepare` measured of a dataset, kept in its meta.json. */
export interface DataStats {
  data_hash: string;
  users: number;
  items: number;
  catalogue_products: number;
  interactions: number;
  events: number;
  trainable_users: number;
  cold_users: number;
  test_users: number;
  val_users: number;
  split_rows: Record<string, number>;
  rating_histogram: Record<string, number>;
  mean_interactions_per_user: number;
  density: number;
  time_range: { first: string; last: string };
  merged_copies: number;
}

export interface ProductMeta {
  product_id: string;
  name: string;
  brand: string;
  type: string;
  price: number | null;
  avg_star: number | null;
  skin_type: string;
  content_text: string;
}

export interface Dataset {
  dir: string;
  userIds: string[];
  itemIds: string[];
  nUsers: number;
  nItems: number;
  user: Int32Array;
  item: Int32Array;
  event: Int32Array;
  rating: Int8Array;
  confidence: Float32Array;
  ts: Float64Array;
  split: Uint8Array;
  /** Catalogue items in item_idx order. */
  products: ProductMeta[];
  stats: DataStats;
}

const REQUIRED = [
  "interactions.parquet",
  "user_item_mappings.json",
  "enriched_products.parquet",
  "data_stats.json",
];

export async function loadDataset(dir: string): Promise<Dataset> {
  for (const f of REQUIRED) {
    if (!existsSync(join(dir, f))) throw new DatasetError(`${dir}: missing ${f}; run \`recs prepare\` first`);
  }
  const maps = readJsonFile(join(dir, "user_item_mappings.json")) as {
    user_ids?: string[];
    item_ids?: string[];
  };
  if (!Array.isArray(maps.user_ids) || !Array.isArray(maps.item_ids)) {
    throw new DatasetError(`${dir}/user_item_mappings.json: expected user_ids and item_ids arrays`);
  }
  const con = await openDuck();
  try {
    const t = await readParquet(con, join(dir, "interactions.parquet"));
    const c = t.columns;
    for (const name of ["user_idx", "item_idx", "event_idx", "rating", "confidence", "ts", "split_code"]) {
      if (!c[name]) throw new DatasetError(`${dir}/interactions.parquet: missing column ${name}`);
    }
    const p = await readParquet(con, join(dir, "enriched_products.parquet"));
    const nItems = maps.item_ids.length;
    const products: ProductMeta[] = new Array(nItems);
    for (let r = 0; r < p.rows; r++) {
      const idx = Number(p.columns.item_idx?.[r] ?? -1);
      if (idx < 0 || idx >= nItems) continue;
      const s = (k: string) => String(p.columns[k]?.[r] ?? "");
      const n = (k: string) => {
        const v = p.columns[k]?.[r];
        return v === null || v === undefined ? null : Number(v);
      };
      products[idx] = {
        product_id: s("product_id"),
        name: s("product_name"),
        brand: s("brand"),
        type: s("type"),
        price: n("price"),
        avg_star: n("avg_star"),
        skin_type: s("skin_type"),
        content_text: s("content_text"),
      };
    }
    for (let i = 0; i < nItems; i++) {
      if (!products[i]) throw new DatasetError(`${dir}/enriched_products.parquet: no row for item_idx ${i}`);
    }
    return {
      dir,
      userIds: maps.user_ids,
      itemIds: maps.item_ids,
      nUsers: maps.user_ids.length,
      nItems,
      user: Int32Array.from(c.user_idx as number[]),
      item: Int32Array.from(c.item_idx as number[]),
      event: Int32Array.from(c.event_idx as number[]),
      rating: Int8Array.from(c.rating as number[]),
      confidence: Float32Array.from(c.confidence as number[]),
      ts: Float64Array.from(c.ts as number[]),
      split: Uint8Array.from(c.split_code as number[]),
      products,
      stats: readJsonFile(join(dir, "data_stats.json")) as DataStats,
    };
  } finally {
    con.closeSync();
  }
}

/** Compressed sparse rows: row r's columns are indices[indptr[r] .. indptr[r+1]). */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  /** Confidence of each entry. */
  data: Float32Array;
}

/**
 * "val": fit on the earliest rows only, to choose models and weights on the validation events.
 * "final": fit on everything before each user's test event.
 */
export type FitStage = "val" | "final";

export function stageRowMask(ds: Dataset, stage: FitStage): Uint8Array {
  const mask = new Uint8Array(ds.user.length);
  for (let r = 0; r < mask.length; r++) {
    const s = ds.split[r]!;
    mask[r] = stage === "val" ? (s === SPLIT_CODE.train ? 1 : 0) : s <= SPLIT_CODE.val ? 1 : 0;
  }
  return mask;
}

export function buildCsr(
  rows: number,
  cols: number,
  r: Int32Array,
  c: Int32Array,
  v: Float32Array,
  mask?: Uint8Array,
): Csr {
  const indptr = new Int32Array(rows + 1);
  let nnz = 0;
  for (let k = 0; k < r.length; k++) {
    if (mask && !mask[k]) continue;
    indptr[r[k]! + 1]!++;
    nnz++;
  }
  for (let i = 0; i < rows; i++) indptr[i + 1]! += indptr[i]!;
  const fill = indptr.slice(0, rows);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  for (let k = 0; k < r.length; k++) {
    if (mask && !mask[k]) continue;
    const p = fill[r[k]!]!++;
    indices[p] = c[k]!;
    data[p] = v[k]!;
  }
  // Sort each row's columns so lookups and merges are simple.
  for (let i = 0; i < rows; i++) {
    const a = indptr[i]!;
    const b = indptr[i + 1]!;
    if (b - a < 2) continue;
    const order = Array.from({ length: b - a }, (_, j) => a + j).sort((x, y) => indices[x]! - indices[y]!);
    const ci = order.map((o) => indices[o]!);
    const cd = order.map((o) => data[o]!);
    indices.set(ci, a);
    data.set(cd, a);
  }
  return { rows, cols, indptr, indices, data };
}

export function transpose(m: Csr): Csr {
  const rowsOf = new Int32Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) rowsOf[p] = r;
  return buildCsr(m.cols, m.rows, m.indices, rowsOf, m.data);
}

/** The user x item training matrix of a stage (confidence values). */
export function trainMatrix(ds: Dataset, stage: FitStage): Csr {
  return buildCsr(ds.nUsers, ds.nItems, ds.user, ds.item, ds.confidence, stageRowMask(ds, stage));
}

/** Held-out targets: user -> items of their validation or test event. */
export function heldOut(ds: Dataset, stage: FitStage): Map<number, number[]> {
  const want = stage === "val" ? SPLIT_CODE.val : SPLIT_CODE.test;
  const out = new Map<number, number[]>();
  for (let r = 0; r < ds.user.length; r++) {
    if (ds.split[r] !== want) continue;
    const u = ds.user[r]!;
    const list = out.get(u);
    if (list) list.push(ds.item[r]!);
    else out.set(u, [ds.item[r]!]);
  }
  return out;
}

/** Each user's reference time (latest training row) and the items of their latest training event. */
export function historyExtras(
  ds: Dataset,
  stage: FitStage | "all",
): { lastTime: Float64Array; recent: Map<number, Int32Array> } {
  const mask = stage === "all" ? new Uint8Array(ds.user.length).fill(1) : stageRowMask(ds, stage);
  const lastTime = new Float64Array(ds.nUsers);
  const lastEvent = new Int32Array(ds.nUsers).fill(-1);
  for (let r = 0; r < mask.length; r++) {
    if (!mask[r]) continue;
    const u = ds.user[r]!;
    const t = ds.ts[r]!;
    if (t > lastTime[u]! || (t === lastTime[u]! && ds.event[r]! > lastEvent[u]!)) {
      lastTime[u] = t;
      lastEvent[u] = ds.event[r]!;
    }
  }
  const lists = new Map<number, number[]>();
  for (let r = 0; r < mask.length; r++) {
    if (!mask[r]) continue;
    const u = ds.user[r]!;
    if (ds.event[r] !== lastEvent[u]) continue;
    const l = lists.get(u);
    if (l) l.push(ds.item[r]!);
    else lists.set(u, [ds.item[r]!]);
  }
  const recent = new Map<number, Int32Array>();
  for (const [u, l] of lists) recent.set(u, Int32Array.from(l));
  return { lastTime, recent };
}

/** Number of distinct events per user in a stage's training rows. */
export function eventsPerUser(ds: Dataset, stage: FitStage): Int32Array {
  const mask = stageRowMask(ds, stage);
  const seen = new Map<number, number>();
  const out = new Int32Array(ds.nUsers);
  for (let r = 0; r < mask.length; r++) {
    if (!mask[r]) continue;
    const e = ds.event[r]!;
    if (seen.has(e)) continue;
    seen.set(e, 1);
    out[ds.user[r]!]!++;
  }
  return out;
}
