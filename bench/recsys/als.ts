/**
 * npm run bench:als [-- --runs 1 --json out.json]
 * Full-scale generated shop (about 300K users x 2.2K items x 370K reviews): CSV generation, `prepare`, ALS
 * (f = 64, 15 iterations) with 1 and 2 worker threads, and EASE. The shop is generated once into out/bench/.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { runCli } from "../../src/cli/common.js";
import { writeJsonAtomic } from "../../src/lib/fs.js";
import { NO_PROGRESS } from "../../src/lib/progress.js";
import { buildCsr, loadDataset } from "../../src/recsys/data/dataset.js";
import { generateDemoShop } from "../../src/recsys/data/demo.js";
import { prepareDataset } from "../../src/recsys/data/prepare.js";
import { loadPreset } from "../../src/recsys/data/presets.js";
import { ALS_DEFAULTS, trainAls } from "../../src/recsys/models/als.js";
import { type EaseParams, easeModel, trainEase } from "../../src/recsys/models/ease.js";
import { outputPathOrExit, runsArgument } from "../args.js";

const program = new Command()
  .option("--runs <n>", "ALS runs per worker count (best is reported)", "1")
  .option("--dir <dir>", "where the generated shop lives", "out/bench")
  .option("--json <file>", "also write the figures as JSON");

runCli(async () => {
  program.parse();
  const o = program.opts<{ runs: string; dir: string; json?: string }>();
  const runs = runsArgument(o.runs);
  const json = outputPathOrExit("--json", o.json);
  const shop = resolve(o.dir, "shop-full");
  const prepared = resolve(o.dir, "prepared-full");
  const rows: [string, string, string][] = [];
  if (!existsSync(join(shop, "data_reviews_purchase.csv"))) {
    const t = performance.now();
    const s = generateDemoShop(shop, "full", 42);
    rows.push([
      "generate full-scale shop (CSV)",
      `${((performance.now() - t) / 1000).toFixed(2)} s`,
      `${s.users} users, ${s.products} products, ${s.reviews} reviews`,
    ]);
  }
  let t = performance.now();
  // No item filter, so the matrix keeps the catalogue's full shape (as the reference benchmark does).
  const report = await prepareDataset({
    input: shop,
    out: prepared,
    preset: loadPreset("shopee"),
    segmentation: { minItemPositives: 0 },
  });
  rows.push([
    "prepare (read, clean, segment, split, write parquet)",
    `${((performance.now() - t) / 1000).toFixed(2)} s`,
    `${report.steps[0]!.rows} rows read`,
  ]);
  const ds = await loadDataset(prepared);
  const m = buildCsr(ds.nUsers, ds.nItems, ds.user, ds.item, ds.confidence);
  const shape = `${m.rows} users x ${m.cols} items x ${m.indices.length} interactions`;
  const input = { ds, train: m, stage: "final" as const, seed: 1, progress: () => NO_PROGRESS };
  const figures: Record<string, number> = {};
  for (const workers of [0, 2]) {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < runs; r++) {
      t = performance.now();
      await trainAls(input, { ...ALS_DEFAULTS, factors: 64, iterations: 15, workers });
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    figures[`als_seconds_workers_${workers || 1}`] = best;
    rows.push([
      `ALS f=64, 15 iterations, ${workers ? `${workers} worker threads` : "1 thread"}`,
      `${best.toFixed(2)} s`,
      shape,
    ]);
  }
  t = performance.now();
  trainEase(input, easeModel.params.parse({}) as unknown as EaseParams);
  figures.ease_seconds = (performance.now() - t) / 1000;
  rows.push(["EASE fit (Gram + SPD inverse)", `${figures.ease_seconds.toFixed(2)} s`, `${ds.nItems} items`]);
  figures.prepare_seconds = report.seconds;
  const table = new Table({ head: ["step", "time", "shape"], style: { head: [], border: [] } });
  for (const r of rows) table.push(r);
  console.log(table.toString());
  console.log(`node ${process.version}, ${(await import("node:os")).cpus().length} cores`);
  if (json) writeJsonAtomic(json, { shape, ...figures });
  return 0;
});
