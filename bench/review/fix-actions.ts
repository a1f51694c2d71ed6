/**
 * npm run bench:review-fixes — what fixing the engine's mistakes costs a seller in the review app. Every batch of
 * a labelled bench folder is paired (tie-break off); the review app's own edits then turn the result into the
 * truth, product by product (src/review/fix-plan.ts), and the final state is checked against the truth. Prints
 * the wrong products, the edits per wrong product (how many need 1, 2, 3 or more), how many wrong pairs (front and
 * back) take at most two edits, and edits per 100 photos.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { readJsonFile } from "../../src/lib/fs.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import {
  type FixTarget,
  matchesTarget,
  planFixes,
  type ReviewState,
  stateFromPairing,
} from "../../src/review/index.js";
import { batchNamesIn } from "../args.js";

const program = new Command().option(
  "--dir <dirs...>",
  "bench folders with <name>.analysis.json and <name>.truth.json",
  ["../shared/pairing-bench/dev"],
);
program.parse();
const dirs = program.opts<{ dir: string[] }>().dir.map((d) => resolve(d));
const present = dirs.filter((d) => existsSync(d));
if (present.length === 0) {
  console.log(`bench:review-fixes skipped: ${dirs.join(", ")} not here (the bench lives in ../shared).`);
  process.exit(0);
}
const config = loadPairingConfig({ ...process.env, PAIR_DISABLE_TIEBREAK: "1" });

interface Truth {
  pairs: [string, string][];
  extras?: Record<string, string[]>;
  alternates?: Record<string, string[]>;
}

/** The truth as this state can match it: a product headed by one of a front's re-takes counts as right. */
function targetFor(truth: Truth, s: ReviewState): FixTarget {
  const extras: Record<string, string[]> = { ...(truth.extras ?? {}) };
  const pairs = truth.pairs.map(([f, b]): [string, string] => {
    const alt = (truth.alternates?.[f] ?? []).find((a) =>
      s.products.some((p) => p.front === a && p.back === b),
    );
    if (alt === undefined) return [f, b];
    extras[alt] = [...(extras[f] ?? []).filter((x) => x !== alt), f];
    delete extras[f];
    return [alt, b];
  });
  return { pairs, extras };
}

const table = new Table({
  head: [
    "set",
    "photos",
    "true products",
    "wrong",
    "1 edit",
    "2 edits",
    "3+ edits",
    "edits / wrong",
    "pairs mended in ≤ 2",
    "edits / 100 photos",
    "fixed",
  ],
});
for (const dir of present) {
  let photos = 0;
  let products = 0;
  let wrong = 0;
  let edits = 0;
  const byCount = [0, 0, 0];
  let fixed = 0;
  /** products whose front and back needed edits, and how many of those took at most two */
  let wrongPairs = 0;
  let pairsInTwo = 0;
  const names = batchNamesIn(dir);
  for (const name of names) {
    const analysis = readJsonFile(join(dir, `${name}.analysis.json`));
    const truth = readJsonFile(join(dir, `${name}.truth.json`)) as Truth;
    const run = pairAnalysis(analysis, config, name);
    const start = stateFromPairing(run.result, analysis);
    const target = targetFor(truth, start);
    const plan = planFixes(start, target);
    photos += run.metrics.totals.images;
    products += new Set([...target.pairs.map(([f]) => f), ...Object.keys(target.extras)]).size;
    wrong += plan.perProduct.size;
    edits += plan.edits.length;
    for (const n of plan.perProduct.values()) byCount[Math.min(n, 3) - 1]++;
    wrongPairs += plan.pairEdits.size;
    for (const n of plan.pairEdits.values()) if (n <= 2) pairsInTwo++;
    if (matchesTarget(plan.state, target)) fixed++;
  }
  const pct = (x: number) => `${x} (${((100 * x) / Math.max(1, wrong)).toFixed(1)} %)`;
  table.push([
    dir.split("/").slice(-2).join("/"),
    photos,
    products,
    wrong,
    pct(byCount[0]),
    pct(byCount[1]),
    pct(byCount[2]),
    (edits / Math.max(1, wrong)).toFixed(2),
    `${pairsInTwo} / ${wrongPairs} (${((100 * pairsInTwo) / Math.max(1, wrongPairs)).toFixed(1)} %)`,
    ((100 * edits) / Math.max(1, photos)).toFixed(1),
    `${fixed} / ${names.length} batches`,
  ]);
}
console.log(table.toString());
