/**
 * The work `bench:pairing-instructions` counts: reads the named dev batches, then pairs each of them RUNS times.
 * Run under valgrind by that script (once with RUNS=0, to subtract start-up and reading); not meant to be run
 * by hand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";

const [dir, names, runs] = [
  process.env.DIR ?? "",
  process.env.BATCHES ?? "",
  Number(process.env.RUNS ?? "0"),
];
const config = loadPairingConfig();
const inputs = names
  .split(",")
  .map((n) => JSON.parse(readFileSync(join(dir, `${n}.analysis.json`), "utf8")) as unknown);
for (let r = 0; r < runs; r++) for (const a of inputs) pairAnalysis(a, config);
