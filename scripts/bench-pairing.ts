/**
 * npm run bench:pairing — engine speed in ms per 100 images at 100, 1,000 and 5,000 images, on the labelled
 * dev batches in ../shared/pairing-bench/dev. Each size is warmed up, then timed over several runs; the
 * median and the best run are printed. Parsing the JSON text is excluded; validation and everything after it
 * is included.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { loadPairingConfig, pairAnalysis } from "../src/pairing/index.js";

const program = new Command()
  .option("--dir <dir>", "bench folder", "../shared/pairing-bench/dev")
  .option("--runs <n>", "timed runs per size", "15");
program.parse();
const opts = program.opts<{ dir: string; runs: string }>();
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`error: --runs must be a whole number >= 1, got "${opts.runs}"`);
  process.exit(2);
}
const dir = resolve(opts.dir);
if (!existsSync(dir)) {
  console.log(`bench:pairing skipped: ${dir} is not here (the labelled batches live in ../shared).`);
  process.exit(0);
}
const config = loadPairingConfig();
const sizes: [string, string[]][] = [
  ["100", ["dev-0100-01", "dev-0100-04", "dev-0100-05"]],
  ["1000", ["dev-1000-01", "dev-1000-02", "dev-1000-03"]],
  ["5000", ["dev-5000-scale"]],
];
const table = new Table({
  head: ["images", "batches", "median ms / batch", "median ms / 100 images", "best ms / 100", "target"],
});
const targets: Record<string, string> = { "100": "-", "1000": "<= 3", "5000": "<= 5" };
for (const [size, names] of sizes) {
  const inputs = names.map((n) => JSON.parse(readFileSync(`${dir}/${n}.analysis.json`, "utf8")));
  for (let w = 0; w < 3; w++) for (const a of inputs) pairAnalysis(a, config);
  const per100: number[] = [];
  const perBatch: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const a of inputs) {
      const t0 = performance.now();
      const run = pairAnalysis(a, config);
      const ms = performance.now() - t0;
      perBatch.push(ms);
      per100.push((ms * 100) / run.metrics.totals.images);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  table.push([
    size,
    names.length,
    med(perBatch).toFixed(2),
    med(per100).toFixed(3),
    Math.min(...per100).toFixed(3),
    targets[size],
  ]);
}
console.log(`pairing engine speed (${process.version}, ${opts.runs} timed runs per batch after warm-up)`);
console.log(table.toString());
