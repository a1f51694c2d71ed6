/**
 * The timing `bench:pairing-ab` runs in a fresh process for each side of a round: loads the engine module named
 * by ENGINE (a checkout's src/pairing/index.ts), reads the named dev batches, pairs each 3 times to warm up and
 * then RUNS times on the clock, and prints one JSON line: the median and best ms per 100 images. Not meant to be
 * run by hand. Parsing the JSON text is excluded, as in `bench:pairing`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "./ab-summary.js";

interface Engine {
  loadPairingConfig(): unknown;
  pairAnalysis(raw: unknown, config: unknown): { metrics: { totals: { images: number } } };
}

const [engineFile, dir, names, runs] = [
  process.env.ENGINE ?? "",
  process.env.DIR ?? "",
  process.env.BATCHES ?? "",
  Number(process.env.RUNS ?? "9"),
];
const engine = (await import(pathToFileURL(engineFile).href)) as Engine;
const config = engine.loadPairingConfig();
const inputs = names
  .split(",")
  .map((n) => JSON.parse(readFileSync(join(dir, `${n}.analysis.json`), "utf8")) as unknown);
for (let w = 0; w < 3; w++) for (const a of inputs) engine.pairAnalysis(a, config);
const per100: number[] = [];
for (let r = 0; r < runs; r++)
  for (const a of inputs) {
    const t0 = performance.now();
    const run = engine.pairAnalysis(a, config);
    per100.push(((performance.now() - t0) * 100) / run.metrics.totals.images);
  }
console.log(JSON.stringify({ median: median(per100), best: Math.min(...per100) }));
