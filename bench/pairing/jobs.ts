/**
 * npm run bench:pairing-jobs [-- --dir ../shared/pairing-bench/dev --rounds 2]
 * Throughput of the embedded job queue: every dev batch as one job, paired on 1, 2 and 4 worker threads.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { readJsonFile } from "../../src/lib/fs.js";
import { InProcessJobQueue, type JobItem, PairingPool } from "../../src/pairing/adapters/jobs/index.js";
import { runsArgument } from "../args.js";

const o = new Command()
  .option("--dir <dir>", "folder of *.analysis.json batches", "../shared/pairing-bench/dev")
  .option("--rounds <n>", "jobs per worker count (the best is reported)", "2")
  .option("--max-images <n>", "leave out batches with more images than this", "1000000")
  .parse()
  .opts<{ dir: string; rounds: string; maxImages: string }>();
const rounds = runsArgument(o.rounds, "--rounds");
const maxImages = runsArgument(o.maxImages, "--max-images");
const dir = resolve(o.dir);
let files: string[];
try {
  files = readdirSync(dir)
    .filter((f) => f.endsWith(".analysis.json"))
    .sort();
} catch {
  console.log(`bench:pairing-jobs skipped: ${dir} is not here (the bench lives in ../shared).`);
  process.exit(0);
}
const imagesOf = (a: unknown) => Object.keys((a as { imageInsights?: object }).imageInsights ?? {}).length;
const items: JobItem[] = files
  .map((f) => ({ name: f, analysis: readJsonFile(join(dir, f)) }))
  .filter((i) => imagesOf(i.analysis) <= maxImages);
const images = items.reduce((s, i) => s + imagesOf(i.analysis), 0);
// History writes are not what this measures.
process.env.PAIR_HISTORY_PATH = "";
const t = new Table({
  head: ["PAIR_WORKERS", "job wall time", "images / s", "batches"],
  style: { head: [], border: [] },
});
for (const workers of [1, 2, 4]) {
  const pool = await PairingPool.start(workers);
  const q = new InProcessJobQueue(pool, 3_600_000);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const id = await q.submit(items);
    for (;;) {
      const s = await q.get(id);
      if (s?.state === "done" || s?.state === "failed") break;
      await new Promise((res) => setTimeout(res, 5));
    }
    best = Math.min(best, performance.now() - t0);
  }
  await pool.close();
  t.push([workers, `${(best / 1000).toFixed(2)} s`, Math.round(images / (best / 1000)), items.length]);
}
console.log(t.toString());
console.log(`${items.length} batches, ${images} images; node ${process.version}, 2 cores`);
