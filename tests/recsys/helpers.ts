import type { Dataset, ProductMeta } from "../../src/recsys/data/dataset.js";
import type { DataStats } from "../../src/recsys/data/prepare.js";
import { SPLIT_CODE, type Split } from "../../src/recsys/data/segment.js";

/** One row: user index, item index, rating, time (days), split, optional event id (defaults to one per row). */
export type Row = [number, number, number, number, Split, number?];

export function makeDataset(nUsers: number, nItems: number, rows: Row[]): Dataset {
  const products: ProductMeta[] = Array.from({ length: nItems }, (_, i) => ({
    product_id: `p${i}`,
    name: `sản phẩm ${i % 3 === 0 ? "sữa rửa mặt" : i % 3 === 1 ? "kem chống nắng" : "nước hoa hồng"} ${i}`,
    brand: `brand${i % 2}`,
    type: "",
    price: 100000 + i,
    avg_star: 4.5,
    skin_type: "",
    content_text: `mô tả ${i}`,
  }));
  return {
    dir: "memory",
    userIds: Array.from({ length: nUsers }, (_, u) => `u${u}`),
    itemIds: products.map((p) => p.product_id),
    nUsers,
    nItems,
    user: Int32Array.from(rows.map((r) => r[0])),
    item: Int32Array.from(rows.map((r) => r[1])),
    rating: Int8Array.from(rows.map((r) => r[2])),
    confidence: Float32Array.from(rows.map((r) => r[2])),
    ts: Float64Array.from(rows.map((r) => r[3] * 86400)),
    split: Uint8Array.from(rows.map((r) => SPLIT_CODE[r[4]])),
    event: Int32Array.from(rows.map((r, i) => r[5] ?? i)),
    products,
    stats: { data_hash: "test" } as DataStats,
  };
}

/** A small random shop with structure: users prefer one of two item halves. Seeded, so tests are deterministic. */
export function structuredDataset(nUsers = 60, nItems = 20, seed = 3): Dataset {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const rows: Row[] = [];
  for (let u = 0; u < nUsers; u++) {
    const half = u % 2;
    const n = 2 + Math.floor(rand() * 4);
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const i = half * (nItems / 2) + Math.floor(rand() * (nItems / 2));
      if (seen.has(i)) continue;
      seen.add(i);
      rows.push([u, i, rand() < 0.8 ? 5 : 2, u + k * 10, k === n - 1 && seen.size > 1 ? "test" : "train"]);
    }
  }
  return makeDataset(nUsers, nItems, rows);
}
