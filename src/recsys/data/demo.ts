/**
 * A generated cosmetics shop in the Shopee schema (data_product.csv, data_product_attribute.csv,
 * data_reviews_purchase.csv). Deterministic from a seed. Users have a skin type, a concern, favourite brands and a
 * price tier, and move along a skincare routine, so collaborative and content signals both carry real information.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Rng, WeightedSampler } from "../../lib/rng.js";
import { BRANDS, CONCERNS, EMOJI_NAMES, NEGATIVE_WORDS, POSITIVE_WORDS, SKIN_TYPES, TYPES } from "./vocab.js";

export type DemoScale = "tiny" | "demo" | "full";

export interface DemoShape {
  users: number;
  products: number;
  /** Mean reviews per user (geometric-ish tail). */
  meanReviews: number;
  /** Share of 5-star ratings among matched purchases. */
  fiveStarShare: number;
}

export const DEMO_SHAPES: Record<DemoScale, DemoShape> = {
  tiny: { users: 600, products: 60, meanReviews: 3, fiveStarShare: 0.8 },
  demo: { users: 5000, products: 300, meanReviews: 2.6, fiveStarShare: 0.85 },
  full: { users: 300000, products: 2244, meanReviews: 1.23, fiveStarShare: 0.95 },
};

interface Product {
  id: number;
  brand: number;
  type: number;
  skin: number;
  concern: number;
  price: number;
  size: string;
  name: string;
  ingredients: string[];
  features: string[];
  weight: number;
}

export interface DemoSummary {
  users: number;
  products: number;
  reviews: number;
  files: string[];
}

const START = Date.UTC(2021, 0, 1) / 1000;
const SPAN = 2.5 * 365 * 86400;

export function generateDemoShop(
  outDir: string,
  scale: DemoScale = "demo",
  seed = 42,
  onProgress?: (done: number, total: number) => void,
): DemoSummary {
  const shape = DEMO_SHAPES[scale];
  const rng = new Rng(seed);
  const products = makeProducts(shape.products, rng);
  mkdirSync(outDir, { recursive: true });
  writeCsvAtomic(
    join(outDir, "data_product.csv"),
    productHeader,
    products.map((p) => productRow(p, rng)),
  );
  writeCsvAtomic(join(outDir, "data_product_attribute.csv"), attributeHeader, products.map(attributeRow));

  // Samplers: by skin type and by brand, weighted by popularity, so each draw is O(log n).
  const bySkin = groupSampler(products, (p) => p.skin, SKIN_TYPES.length);
  const byBrand = groupSampler(products, (p) => p.brand, BRANDS.length);
  const byConcern = groupSampler(products, (p) => p.concern, CONCERNS.length);
  const all = new WeightedSampler(products.map((p) => p.weight));

  const reviewsPath = join(outDir, "data_reviews_purchase.csv");
  const tmp = `${reviewsPath}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  let reviews = 0;
  try {
    writeSync(fd, `${reviewHeader.join(",")}\n`);
    let chunk: string[] = [];
    for (let u = 0; u < shape.users; u++) {
      const skin = rng.int(SKIN_TYPES.length - 1);
      const concern = rng.int(CONCERNS.length);
      const favBrand = pickBrandIndex(rng);
      // Geometric count with the requested mean; everyone has at least one review.
      const p = 1 / shape.meanReviews;
      let n = 1;
      while (rng.next() > p && n < 60) n++;
      let t = START + rng.next() * SPAN * 0.9;
      const seen = new Set<number>();
      let last: Product | undefined;
      for (let k = 0; k < n; k++) {
        let prod: Product | undefined;
        for (let attempt = 0; attempt < 6 && (prod === undefined || seen.has(prod.id)); attempt++) {
          const r = rng.next();
          if (last && r < 0.35) prod = nextInRoutine(last, products, byBrand, rng);
          else if (r < 0.55) prod = products[byBrand[favBrand]?.sample(rng) ?? all.sample(rng)];
          else if (r < 0.75) prod = products[byConcern[concern]?.sample(rng) ?? all.sample(rng)];
          else if (r < 0.9) prod = products[bySkin[skin]?.sample(rng) ?? all.sample(rng)];
          else prod = products[all.sample(rng)];
        }
        if (!prod) continue;
        // A few genuine repeat purchases of the same product: cleaning keeps the latest.
        if (seen.has(prod.id) && rng.next() > 0.3) continue;
        seen.add(prod.id);
        last = prod;
        const fits = prod.skin === skin || prod.skin === SKIN_TYPES.length - 1 || prod.concern === concern;
        // A product that does not suit the user's skin or concern is a little less often rated 5.
        const rating = drawRating(
          rng,
          fits ? Math.min(0.99, shape.fiveStarShare + 0.02) : shape.fiveStarShare - 0.04,
        );
        t += 3600 + rng.next() * 60 * 86400;
        const date = rng.next() < 0.0008 ? "" : formatDate(Math.min(t, START + SPAN));
        chunk.push(
          csvLine([
            String(reviews),
            String(u),
            String(prod.id),
            String(rating),
            prod.name,
            date,
            String(prod.brand),
            BRANDS[prod.brand]?.name ?? "",
            String(rating),
            makeComment(rng, rating, prod),
          ]),
        );
        reviews++;
      }
      if (chunk.length >= 20000) {
        writeSync(fd, chunk.join(""));
        chunk = [];
      }
      if (onProgress && (u % 5000 === 0 || u === shape.users - 1)) onProgress(u + 1, shape.users);
    }
    writeSync(fd, chunk.join(""));
    closeSync(fd);
    renameSync(tmp, reviewsPath);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return {
    users: shape.users,
    products: products.length,
    reviews,
    files: ["data_product.csv", "data_product_attribute.csv", "data_reviews_purchase.csv"],
  };
}

function pickBrandIndex(rng: Rng): number {
  // Zipf-like brand popularity.
  const r = rng.next();
  return Math.min(BRANDS.length - 1, Math.floor(BRANDS.length * r * r));
}

function makeProducts(n: number, rng: Rng): Product[] {
  const out: Product[] = [];
  for (let id = 0; id < n; id++) {
    const brand = pickBrandIndex(rng);
    const b = BRANDS[brand] ?? BRANDS[0]!;
    const typeIdx = rng.int(TYPES.length);
    const type = TYPES[typeIdx]!;
    const skin = rng.int(SKIN_TYPES.length);
    const concern = rng.int(CONCERNS.length);
    const c = CONCERNS[concern]!;
    const size = rng.pick(type.sizes);
    const feature = rng.pick(c.features);
    const ingredients = rng.shuffle([...c.ingredients]).slice(0, 2 + rng.int(2));
    const price =
      Math.round((type.basePrice * (0.6 + 0.7 * b.tier) * (0.8 + rng.next() * 0.6)) / 1000) * 1000;
    const brandTitle = b.name.replace(/(^|\s)\S/g, (s) => s.toUpperCase());
    const skinText = SKIN_TYPES[skin]!;
    const name = `${cap(type.name)} ${brandTitle} ${feature} cho ${skinText} ${size}`;
    // Heavy-tailed popularity: a few best sellers, a long tail.
    const weight = Math.exp(rng.normal() * 1.3);
    out.push({
      id,
      brand,
      type: typeIdx,
      skin,
      concern,
      price,
      size,
      name,
      ingredients,
      features: [feature],
      weight,
    });
  }
  return out;
}

function nextInRoutine(
  last: Product,
  products: Product[],
  byBrand: (GroupSampler | undefined)[],
  rng: Rng,
): Product | undefined {
  const step = TYPES[last.type]?.step ?? 0;
  // Prefer the same brand line, a later routine step and the same concern.
  for (let i = 0; i < 8; i++) {
    const idx = byBrand[last.brand]?.sample(rng);
    const p = idx === undefined ? undefined : products[idx];
    if (
      p &&
      p.id !== last.id &&
      (TYPES[p.type]?.step ?? 0) >= step &&
      (p.concern === last.concern || rng.next() < 0.3)
    )
      return p;
  }
  return undefined;
}

interface GroupSampler {
  sample(rng: Rng): number;
}

/** One popularity-weighted sampler per group, returning product ids. */
function groupSampler(
  products: Product[],
  key: (p: Product) => number,
  groups: number,
): (GroupSampler | undefined)[] {
  const idx: number[][] = Array.from({ length: groups }, () => []);
  for (const p of products) idx[key(p)]?.push(p.id);
  return idx.map((ids) => {
    if (ids.length === 0) return undefined;
    const sampler = new WeightedSampler(ids.map((i) => products[i]?.weight ?? 0));
    return { sample: (rng: Rng) => ids[sampler.sample(rng)] as number };
  });
}

function drawRating(rng: Rng, fiveShare: number): number {
  const r = rng.next();
  if (r < fiveShare) return 5;
  if (r < fiveShare + (1 - fiveShare) * 0.5) return 4;
  if (r < fiveShare + (1 - fiveShare) * 0.7) return 3;
  if (r < fiveShare + (1 - fiveShare) * 0.85) return 2;
  return 1;
}

function makeComment(rng: Rng, rating: number, p: Product): string {
  if (rng.next() < 0.15) return "";
  const words: string[] = [];
  const pool = rating >= 4 ? POSITIVE_WORDS : NEGATIVE_WORDS;
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) words.push(rng.pick(pool));
  if (rng.next() < 0.4)
    words.push(
      TYPES[p.type]?.name.replace(/ /g, "_") ?? "",
      "dùng",
      rng.pick(["ổn", "được", "thấy", "lâu rồi"]),
    );
  if (rating >= 4 && rng.next() < 0.25) words.push(rng.pick(EMOJI_NAMES));
  return words.join(" ");
}

function formatDate(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const productHeader = [
  "avg_star",
  "num_sold_time",
  "price",
  "variation",
  "product_id",
  "shop_id",
  "product_name",
  "brand",
  "origin",
  "type",
  "skin_kind",
  "num_rating",
  "processed_description",
];

function productRow(p: Product, rng: Rng): string[] {
  const b = BRANDS[p.brand]!;
  const t = TYPES[p.type]!;
  const c = CONCERNS[p.concern]!;
  const sold = Math.round(p.weight * 2000 + rng.int(300));
  const desc = [
    t.name,
    b.name,
    `dành cho ${SKIN_TYPES[p.skin]}`,
    ...p.features,
    `thành_phần ${p.ingredients.join(" ")}`,
    `giúp ${c.name}`,
    `dung_tích ${p.size}`,
    `xuất_xứ ${b.origin}`,
  ].join(" ");
  return [
    (4.2 + rng.next() * 0.8).toFixed(1),
    String(sold),
    `${p.price}.0`,
    "one_variation",
    String(p.id),
    String(p.brand),
    p.name,
    b.name,
    b.origin,
    t.name,
    SKIN_TYPES[p.skin]!,
    String(Math.round(sold * 0.4)),
    desc.replace(/ (?=\S)/g, (m) => (rng.next() < 0.15 ? "_" : m)),
  ];
}

const attributeHeader = [
  "product_id",
  "shop_id",
  "product_name",
  "ingredient",
  "feature",
  "skin_type",
  "capacity",
  "design",
  "brand",
  "expiry",
  "origin",
];

function attributeRow(p: Product): string[] {
  const b = BRANDS[p.brand]!;
  return [
    String(p.id),
    String(p.brand),
    p.name,
    p.ingredients.join(", "),
    p.features.join(", "),
    SKIN_TYPES[p.skin]!,
    p.size,
    TYPES[p.type]!.design,
    b.name,
    "36 tháng",
    b.origin,
  ];
}

const reviewHeader = [
  "",
  "user_id",
  "product_id",
  "rating",
  "product_name_x",
  "cmt_date",
  "shop_id",
  "variation_x",
  "product_quality",
  "processed_comment",
];

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(",")}\n`;
}

function writeCsvAtomic(path: string, header: string[], rows: string[][]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, csvLine(header));
    writeSync(fd, rows.map(csvLine).join(""));
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
