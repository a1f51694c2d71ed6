/**
 * `recs prepare`: read a shop export through a preset, clean it, score confidence, segment users and items, split
 * by time, and write the prepared dataset. The output folder is built beside the target and swapped in whole, so a
 * failed run never leaves a half-written dataset.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { csvLineMap } from "../../lib/csv-lines.js";
import { csvHeader, openDuck, readCsvText, writeParquet } from "../../lib/duck.js";
import { jsonText, writeFilesAtomic, writeJsonAtomic } from "../../lib/fs.js";
import { NO_PROGRESS, type Progress } from "../../lib/progress.js";
import { type CleanResult, cleanReviews, findOutliers, type RawReviews } from "./clean.js";
import { type DataStats, DatasetError } from "./dataset.js";
import { TIMESTAMP_KIND_TEXT } from "./dates.js";
import {
  type ProcessingReport,
  type ReportedIssue,
  refuseEmpty,
  renderReportMarkdown,
} from "./processing-report.js";

export type { DataStats, ProcessingReport };

import { type Preset, resolveTableFile, type SegmentationConfig } from "./presets.js";
import {
  type Product,
  productText,
  productWithoutAttributes,
  readProductTable,
  requireColumns,
} from "./products.js";
import { type SegmentResult, SPLIT_CODE, segmentAndSplit } from "./segment.js";

export interface PrepareOptions {
  input: string;
  out: string;
  preset: Preset;
  segmentation?: Partial<SegmentationConfig>;
  progress?: (label: string, total: number) => Progress;
}

export async function prepareDataset(opts: PrepareOptions): Promise<ProcessingReport> {
  const t0 = performance.now();
  const progress = opts.progress ?? (() => NO_PROGRESS);
  const preset = opts.preset;
  const seg: SegmentationConfig = { ...preset.segmentation, ...opts.segmentation };
  const reviewsFile = resolveTableFile(opts.input, preset.reviews.files, "reviews")!;
  const productsFile = preset.products
    ? resolveTableFile(opts.input, preset.products.files, "products")!
    : undefined;
  const attributesFile = preset.attributes
    ? resolveTableFile(opts.input, preset.attributes.files, "attributes", true)
    : undefined;
  const bar = progress("prepare", 6);
  const con = await openDuck();
  try {
    bar.update(0, { info: "reading products" });
    const prodRead =
      productsFile && preset.products
        ? await readProductTable(con, productsFile, preset.products.columns)
        : { products: [] as Product[], duplicates: 0, rejects: [] };
    const byId = new Map(prodRead.products.map((p) => [p.product_id, p]));
    let attrRejects: ProcessingReport["rejectedRows"] = [];
    if (attributesFile && preset.attributes) {
      const attr = await readProductTable(con, attributesFile, preset.attributes.columns, byId);
      attrRejects = attr.rejects;
    }
    const products = prodRead.products;
    bar.update(1, { info: "reading reviews" });
    const rc = preset.reviews.columns;
    const header = await csvHeader(con, reviewsFile);
    await requireColumns(
      con,
      reviewsFile,
      (Object.entries(rc) as [string, string][]).filter(([f]) =>
        ["user_id", "product_id", "rating", "date"].includes(f),
      ),
    );
    // Time and text are optional: a review export without comments still trains.
    const fields = (Object.entries(rc) as [string, string][]).filter(([, c]) => header.includes(c));
    const csv = await readCsvText(
      con,
      reviewsFile,
      fields.map(([, c]) => c),
    );
    const col = (f: string) =>
      rc[f as keyof typeof rc] ? csv.columns[rc[f as keyof typeof rc]!] : undefined;
    const raw: RawReviews = {
      file: reviewsFile,
      user: col("user_id")!,
      product: col("product_id")!,
      rating: col("rating"),
      date: col("date")!,
      time: col("time"),
      text: col("text"),
      columnOf: Object.fromEntries(fields),
    };
    // Without a products table the catalogue is every product id the log names (the name is the id).
    if (!productsFile)
      for (const id of raw.product) {
        const t = id?.trim();
        if (t && !byId.has(t)) {
          const p = productWithoutAttributes(t);
          byId.set(t, p);
          products.push(p);
        }
      }
    bar.update(2, { info: "cleaning" });
    const cleaned = cleanReviews(raw, new Set(byId.keys()), preset.dateOrder);
    const outliers = findOutliers(cleaned.interactions);
    bar.update(3, { info: "segmenting" });
    const segmented = segmentAndSplit(
      cleaned.interactions,
      products.map((p) => p.product_id),
      seg,
    );
    bar.update(4, { info: "writing" });
    const stats = dataStats(cleaned, segmented, products.length);
    const lines =
      cleaned.issues.length > 0 || csv.rejects.length > 0
        ? csvLineMap(
            reviewsFile,
            csv.dialect,
            csv.rows,
            csv.rejects.map((r) => r.byte),
          )
        : undefined;
    const lineOf = (record: number) => lines?.ofRow(record) ?? -1;
    const issues: ReportedIssue[] = cleaned.issues.map((i) => ({
      file: i.file,
      line: lineOf(i.record),
      column: i.column,
      value: i.value.length > 80 ? `${i.value.slice(0, 77)}...` : i.value,
      reason: i.reason,
    }));
    const report: ProcessingReport = {
      preset: preset.name,
      input: resolve(opts.input),
      files: {
        reviews: basename(reviewsFile),
        products: productsFile ? basename(productsFile) : "(none: the catalogue is the log's product ids)",
        ...(attributesFile ? { attributes: basename(attributesFile) } : {}),
      },
      timestamps: TIMESTAMP_KIND_TEXT[cleaned.timestamps],
      feedback: cleaned.feedback,
      steps: [
        ...cleaned.steps,
        {
          step: `item filter (>= ${seg.minItemPositives} positives from trainable users, ${segmented.filterRounds} rounds)`,
          rows: segmented.rows.length,
          note: `${segmented.droppedItems} of ${products.length} products left the catalogue, taking ${segmented.droppedRowsByItemFilter} rows`,
        },
        {
          step: "training rows (train + train_late + val)",
          rows: segmented.counts.train + segmented.counts.train_late + segmented.counts.val,
        },
        { step: "test rows (held-out latest event)", rows: segmented.counts.test },
      ],
      dropped: cleaned.dropped as Record<string, number>,
      rejectedRows: [
        ...csv.rejects.map((r) => ({
          file: reviewsFile,
          line: lines?.ofReject(r.byte) ?? r.line,
          error: r.error,
        })),
        ...prodRead.rejects,
        ...attrRejects,
      ],
      issues,
      outliers,
      segmentation: { ...seg, filterRounds: segmented.filterRounds, droppedItems: segmented.droppedItems },
      stats,
      seconds: 0,
    };
    const outDir = resolve(opts.out);
    try {
      refuseEmpty(report, reviewsFile);
    } catch (e) {
      // the report of a refused split is kept beside any previous dataset (which stays as it was)
      report.seconds = (performance.now() - t0) / 1000;
      mkdirSync(outDir, { recursive: true });
      const failed = join(outDir, "processing_report.failed.json");
      writeFilesAtomic([
        { path: failed, data: jsonText(report) },
        { path: join(outDir, "processing_report.failed.md"), data: renderReportMarkdown(report) },
      ]);
      throw new DatasetError(`${(e as Error).message} The processing report is in ${failed}.`);
    }
    const stage = join(dirname(outDir), `.${basename(outDir)}.staging-${process.pid}`);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    try {
      await writeArtifacts(con, stage, segmented, products, stats);
      report.seconds = (performance.now() - t0) / 1000;
      writeFilesAtomic([
        { path: join(stage, "processing_report.json"), data: jsonText(report) },
        { path: join(stage, "processing_report.md"), data: renderReportMarkdown(report) },
      ]);
      swapDirectory(stage, outDir);
    } catch (e) {
      rmSync(stage, { recursive: true, force: true });
      throw e;
    }
    bar.update(6, { info: "done" });
    return report;
  } finally {
    bar.stop();
    con.closeSync();
  }
}

function swapDirectory(stage: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(stage, target);
  rmSync(old, { recursive: true, force: true });
}

async function writeArtifacts(
  con: Awaited<ReturnType<typeof openDuck>>,
  dir: string,
  seg: SegmentResult,
  products: Product[],
  stats: DataStats,
): Promise<void> {
  const userIdx = new Map(seg.users.map((u, i) => [u, i]));
  const itemIdx = new Map(seg.items.map((p, i) => [p, i]));
  const rows = seg.rows;
  await writeParquet(con, join(dir, "interactions.parquet"), [
    { name: "user_id", type: "VARCHAR", values: rows.map((r) => r.user) },
    { name: "product_id", type: "VARCHAR", values: rows.map((r) => r.product) },
    { name: "user_idx", type: "INTEGER", values: rows.map((r) => userIdx.get(r.user)!) },
    { name: "item_idx", type: "INTEGER", values: rows.map((r) => itemIdx.get(r.product)!) },
    { name: "event_idx", type: "INTEGER", values: rows.map((r) => r.event) },
    { name: "rating", type: "INTEGER", values: rows.map((r) => r.rating) },
    { name: "confidence", type: "FLOAT", values: rows.map((r) => r.confidence) },
    { name: "ts", type: "DOUBLE", values: rows.map((r) => r.ts) },
    { name: "split", type: "VARCHAR", values: seg.split },
    { name: "split_code", type: "INTEGER", values: seg.split.map((s) => SPLIT_CODE[s]) },
  ]);
  writeJsonAtomic(join(dir, "user_item_mappings.json"), { user_ids: seg.users, item_ids: seg.items });
  const trainable = seg.users.filter((u) => seg.trainable.has(u));
  writeJsonAtomic(join(dir, "trainable_user_mapping.json"), {
    user_ids: trainable,
    user_idx: trainable.map((u) => userIdx.get(u)!),
  });
  // Popularity from training rows only, so the test events never leak into the fallback ranking.
  const pos = new Map<string, { n: number; conf: number }>();
  rows.forEach((r, i) => {
    const s = seg.split[i];
    if (s === "test" || s === "future") return;
    const e = pos.get(r.product) ?? { n: 0, conf: 0 };
    e.n++;
    e.conf += r.confidence;
    pos.set(r.product, e);
  });
  const popular = [...pos.entries()]
    .sort((a, b) => b[1].n - a[1].n || b[1].conf - a[1].conf || (a[0] < b[0] ? -1 : 1))
    .slice(0, 100)
    .map(([product_id, e], rank) => ({
      rank: rank + 1,
      product_id,
      item_idx: itemIdx.get(product_id)!,
      interactions: e.n,
      confidence_sum: Math.round(e.conf * 100) / 100,
    }));
  writeJsonAtomic(join(dir, "top_k_popular_items.json"), {
    k: popular.length,
    source: "training rows",
    items: popular,
  });
  await writeParquet(con, join(dir, "enriched_products.parquet"), [
    { name: "product_id", type: "VARCHAR", values: products.map((p) => p.product_id) },
    { name: "item_idx", type: "INTEGER", values: products.map((p) => itemIdx.get(p.product_id) ?? -1) },
    { name: "product_name", type: "VARCHAR", values: products.map((p) => p.name) },
    { name: "brand", type: "VARCHAR", values: products.map((p) => p.brand) },
    { name: "type", type: "VARCHAR", values: products.map((p) => p.type) },
    { name: "price", type: "DOUBLE", values: products.map((p) => p.price) },
    { name: "avg_star", type: "DOUBLE", values: products.map((p) => p.avg_star) },
    { name: "num_sold", type: "DOUBLE", values: products.map((p) => p.num_sold) },
    { name: "skin_type", type: "VARCHAR", values: products.map((p) => p.skin_type) },
    { name: "ingredient", type: "VARCHAR", values: products.map((p) => p.ingredient) },
    { name: "feature", type: "VARCHAR", values: products.map((p) => p.feature) },
    { name: "capacity", type: "VARCHAR", values: products.map((p) => p.capacity) },
    { name: "origin", type: "VARCHAR", values: products.map((p) => p.origin) },
    { name: "description", type: "VARCHAR", values: products.map((p) => p.description) },
    { name: "content_text", type: "VARCHAR", values: products.map(productText) },
    {
      name: "train_interactions",
      type: "INTEGER",
      values: products.map((p) => pos.get(p.product_id)?.n ?? 0),
    },
  ]);
  writeJsonAtomic(join(dir, "data_stats.json"), stats);
}

function dataStats(cleaned: CleanResult, seg: SegmentResult, catalogueProducts: number): DataStats {
  const hash = createHash("sha256");
  const perUserEvents = new Map<string, Set<number>>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const ratingHistogram: Record<string, number> = {};
  const testUsers = new Set<string>();
  const valUsers = new Set<string>();
  seg.rows.forEach((r, i) => {
    hash.update(
      `${r.user}\u0001${r.product}\u0001${r.rating}\u0001${r.ts}\u0001${r.event}\u0001${seg.split[i]}\n`,
    );
    let s = perUserEvents.get(r.user);
    if (!s) {
      s = new Set();
      perUserEvents.set(r.user, s);
    }
    s.add(r.event);
    first = Math.min(first, r.ts);
    last = Math.max(last, r.ts);
    ratingHistogram[String(r.rating)] = (ratingHistogram[String(r.rating)] ?? 0) + 1;
    if (seg.split[i] === "test") testUsers.add(r.user);
    if (seg.split[i] === "val") valUsers.add(r.user);
  });
  let cold = 0;
  for (const s of perUserEvents.values()) if (s.size < 2) cold++;
  const users = seg.users.length;
  const items = seg.items.length;
  const iso = (t: number) => (Number.isFinite(t) ? new Date(t * 1000).toISOString() : "");
  return {
    data_hash: hash.digest("hex").slice(0, 16),
    users,
    items,
    catalogue_products: catalogueProducts,
    interactions: seg.rows.length,
    events: new Set(seg.rows.map((r) => r.event)).size,
    trainable_users: seg.trainable.size,
    cold_users: cold,
    test_users: testUsers.size,
    val_users: valUsers.size,
    split_rows: seg.counts,
    rating_histogram: ratingHistogram,
    mean_interactions_per_user: users ? seg.rows.length / users : 0,
    density: users && items ? seg.rows.length / (users * items) : 0,
    time_range: { first: iso(first), last: iso(last) },
    merged_copies: cleaned.mergedCopies,
  };
}
