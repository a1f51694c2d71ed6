/**
 * npm run bench:pairing — engine speed in ms per 100 images at 100, 1,000 and 5,000 images, on the labelled
 * dev batches in ../shared/pairing-bench/dev; with --pile also on every dev batch merged into one pile. Each
 * size is warmed up, then timed over several runs; the median and the best run are printed. Parsing the JSON
 * text is excluded; validation and everything after it is included. A second table splits the time by the
 * engine's phases (its own timer, `phasesMs`) and gives the garbage collector's share; `--chart` draws it.
 */
import { readFileSync } from "node:fs";
import Table from "cli-table3";
import { Command } from "commander";
import { groupedBarChart } from "../../src/lib/svg-chart.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import {
  batchNamesIn,
  devBatchesOrSkip,
  outputPathOrExit,
  runsArgument,
  TIMED_BATCHES,
  writeOutputOrExit,
} from "../args.js";
import { median } from "./ab-summary.js";
import { type PhaseBudget, type PhaseRun, phaseBudget, startGcClock } from "./phase-budget.js";
import { pileAnalysis } from "./pile.js";

const program = new Command()
  .option("--dir <dir>", "bench folder", "../shared/pairing-bench/dev")
  .option("--runs <n>", "timed runs per size", "15")
  .option(
    "--pile",
    "also time every dev batch merged into one pile (9,896 images), as one upload of 31 shoots",
  )
  .option("--chart <file>", "write an SVG chart of the time per phase at each size");
program.parse();
const opts = program.opts<{ dir: string; runs: string; pile?: boolean; chart?: string }>();
const runs = runsArgument(opts.runs);
const chart = outputPathOrExit("--chart", opts.chart);
const dir = devBatchesOrSkip("bench:pairing", opts.dir);
const config = loadPairingConfig();
const load = (name: string): unknown => JSON.parse(readFileSync(`${dir}/${name}.analysis.json`, "utf8"));
// inputs are read when their row is timed: a pile held in memory meanwhile would slow the other rows' GC
const sizes: { label: string; inputs: () => unknown[] }[] = Object.entries(TIMED_BATCHES).map(
  ([label, batches]) => ({ label, inputs: () => batches.map(load) }),
);
if (opts.pile) {
  sizes.push({ label: "pile", inputs: () => [pileAnalysis(dir, batchNamesIn(dir))] });
}
const table = new Table({
  head: ["images", "batches", "median ms / batch", "median ms / 100 images", "best ms / 100"],
});
const budgets: { label: string; budget: PhaseBudget; gcPer100: number }[] = [];
const gc = startGcClock();
for (const size of sizes) {
  const inputs = size.inputs();
  const pileImages = (inputs[0] as { imageInsights: unknown[] }).imageInsights.length;
  const label = size.label === "pile" ? `${pileImages} (one pile)` : size.label;
  for (let w = 0; w < 3; w++) for (const a of inputs) pairAnalysis(a, config);
  const per100: number[] = [];
  const perBatch: number[] = [];
  const phaseRuns: PhaseRun[] = [];
  let images = 0;
  const tStart = performance.now();
  for (let r = 0; r < runs; r++) {
    for (const a of inputs) {
      const t0 = performance.now();
      const run = pairAnalysis(a, config);
      const ms = performance.now() - t0;
      perBatch.push(ms);
      per100.push((ms * 100) / run.metrics.totals.images);
      phaseRuns.push({ images: run.metrics.totals.images, phasesMs: run.metrics.phasesMs });
      images += run.metrics.totals.images;
    }
  }
  const gcMs = await gc.msBetween(tStart, performance.now());
  budgets.push({ label, budget: phaseBudget(phaseRuns), gcPer100: (gcMs * 100) / images });
  table.push([
    label,
    inputs.length,
    median(perBatch).toFixed(2),
    median(per100).toFixed(3),
    Math.min(...per100).toFixed(3),
  ]);
}
gc.stop();
console.log(`pairing engine speed (${process.version}, ${opts.runs} timed runs per batch after warm-up)`);
console.log(table.toString());
console.log(
  "speed is a guard, not a target: compare engines with npm run bench:pairing-ab (no slowdown above 15 %)",
);

const phases = budgets[0].budget.phases;
const split = new Table({ head: ["ms / 100 images (median)", ...budgets.map((b) => `${b.label} images`)] });
for (const p of phases) split.push([p, ...budgets.map((b) => b.budget.per100[p].toFixed(3))]);
split.push(["all phases", ...budgets.map((b) => b.budget.total.toFixed(3))]);
split.push(["garbage collection, inside the phases", ...budgets.map((b) => b.gcPer100.toFixed(3))]);
console.log("where the time goes: the engine's phase timer (phasesMs), and GC pauses during the timed runs");
console.log(split.toString());
if (chart) {
  const top = Math.max(
    ...budgets.flatMap((b) => phases.map((p) => b.budget.per100[p])),
    ...budgets.map((b) => b.gcPer100),
  );
  const svg = groupedBarChart(
    `pairing: median ms per 100 images by phase (${process.version})`,
    budgets.map((b) => `${b.label} images`),
    [...phases, "gc (inside)"].map((p) => ({
      label: p,
      values: budgets.map((b) => (p === "gc (inside)" ? b.gcPer100 : b.budget.per100[p])),
    })),
    Math.ceil(top),
  );
  writeOutputOrExit(chart, svg, "chart");
}
