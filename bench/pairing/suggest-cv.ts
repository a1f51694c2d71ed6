/**
 * npm run bench:pairing-suggest — chooses the review threshold (`suggestMin`) out of sample. Every batch of each
 * set is paired once with every suggestion kept (suggestMin 0); a threshold then keeps the auto and model pairs
 * plus the suggestions at or above it. Reported: leave-one-batch-out within each set (the threshold chosen on the
 * set's other batches) and leave-one-set-out (chosen on the other sets), pooled pair P / R / F1, beside "off"
 * (no suggestions) and the tuning file's value. Sets: dev and the stress copies bench:pairing-noisy wrote.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { readJsonFile } from "../../src/lib/fs.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import { batchNamesIn } from "../args.js";
import { pairJudge, type TruthPairs } from "./truth.js";

const program = new Command()
  .option("--dir <dir>", "the dev bench folder", "../shared/pairing-bench/dev")
  .option(
    "--stress <dir>",
    "the folder bench:pairing-noisy --preset all wrote (its <preset>-<seed>/dev copies are scored too)",
    "/tmp/shelfwise-noisy-bench",
  );
program.parse();
const o = program.opts<{ dir: string; stress: string }>();
const devDir = resolve(o.dir);
if (!existsSync(devDir)) {
  console.log(`bench:pairing-suggest skipped: ${devDir} is not here (the bench lives in ../shared).`);
  process.exit(0);
}
const sets: { name: string; dir: string }[] = [{ name: "dev", dir: devDir }];
const stress = resolve(o.stress);
if (existsSync(stress))
  for (const d of readdirSync(stress).sort())
    if (existsSync(join(stress, d, "dev"))) sets.push({ name: d, dir: join(stress, d, "dev") });
if (sets.length === 1)
  console.log(
    `no stress copies in ${stress}: run npm run bench:pairing-noisy -- --preset all first; dev only`,
  );

const base = loadPairingConfig({ ...process.env, PAIR_DISABLE_TIEBREAK: "1" });
const config = { ...base, suggestMin: 0 };
/** one batch: its true pair count, and its pairs as (confidence or null for auto, correct) */
interface BatchPairs {
  truePairs: number;
  pairs: { review: boolean; confidence: number; correct: boolean }[];
}
const data = new Map<string, BatchPairs[]>();
const total = sets.reduce((n, s) => n + batchNamesIn(s.dir).length, 0);
const bar = new SingleBar({ format: "pairing {bar} {value}/{total} batches | {name}", hideCursor: true });
bar.start(total, 0, { name: "" });
for (const set of sets) {
  const batches: BatchPairs[] = [];
  for (const name of batchNamesIn(set.dir)) {
    bar.update({ name: `${set.name}/${name}` });
    const truth = readJsonFile(join(set.dir, `${name}.truth.json`)) as TruthPairs;
    const isRight = pairJudge(truth);
    const run = pairAnalysis(readJsonFile(join(set.dir, `${name}.analysis.json`)), config, name);
    batches.push({
      truePairs: truth.pairs.length,
      pairs: run.result.pairs.map((p) => ({
        review: p.decidedBy === "review",
        confidence: p.confidence,
        correct: isRight(p.frontUrl, p.backUrl),
      })),
    });
    bar.increment();
  }
  data.set(set.name, batches);
}
bar.stop();

const GRID = Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 5) / 100);
interface Tally {
  tp: number;
  fp: number;
  truePairs: number;
}
const tally = (batches: readonly BatchPairs[], t: number): Tally => {
  const out = { tp: 0, fp: 0, truePairs: 0 };
  for (const b of batches) {
    out.truePairs += b.truePairs;
    for (const p of b.pairs) {
      if (p.review && p.confidence < t) continue;
      if (p.correct) out.tp++;
      else out.fp++;
    }
  }
  return out;
};
const f1 = (x: Tally) => (2 * x.tp) / Math.max(1, 2 * x.tp + x.fp + (x.truePairs - x.tp));
const add = (a: Tally, b: Tally): Tally => ({
  tp: a.tp + b.tp,
  fp: a.fp + b.fp,
  truePairs: a.truePairs + b.truePairs,
});
const best = (batches: readonly BatchPairs[]) =>
  GRID.reduce((bt, t) => (f1(tally(batches, t)) > f1(tally(batches, bt)) ? t : bt), 1.01);
const fmt = (x: Tally) =>
  `${(x.tp / Math.max(1, x.tp + x.fp)).toFixed(3)}  ${(x.tp / Math.max(1, x.truePairs)).toFixed(3)}  ${f1(x).toFixed(3)}`;

console.log(
  `\nreview threshold, out of sample (pooled pair P  R  F1; tuning file suggestMin ${base.suggestMin}):`,
);
console.log(
  "  set               off (auto only)     leave-one-batch-out (thresholds)   tuning file value   leave-one-set-out (threshold)",
);
for (const [name, batches] of data) {
  let lobo: Tally = { tp: 0, fp: 0, truePairs: 0 };
  const chosen: number[] = [];
  batches.forEach((b, i) => {
    const t = best(batches.filter((_, j) => j !== i));
    chosen.push(t);
    lobo = add(lobo, tally([b], t));
  });
  const others = [...data].filter(([n]) => n !== name).flatMap(([, bs]) => bs);
  const tSet = others.length > 0 ? best(others) : Number.NaN;
  console.log(
    `  ${name.padEnd(16)}  ${fmt(tally(batches, 1.01))}   ${fmt(lobo)} (${Math.min(...chosen)}–${Math.max(...chosen)})   ${fmt(tally(batches, base.suggestMin))}   ${Number.isNaN(tSet) ? "n/a" : `${fmt(tally(batches, tSet))} (${tSet})`}`,
  );
}
const all = [...data.values()].flat();
console.log(`\nbest threshold on every set together: ${best(all)}`);
console.log("  threshold  P      R      F1   (all sets pooled)");
for (const t of [...GRID, 1.01])
  console.log(`  ${t === 1.01 ? "off " : t.toFixed(2)}       ${fmt(tally(all, t))}`);

// Calibration: confidence → P(right) as sigmoid(slope · logit(raw) + shift), the raw value being the output's
// confidence with the tuning file's map undone. Fitted with every family of sets held out in turn.
const { confidenceSlope: slope0, confidenceShift: shift0 } = base;
const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** the raw score behind an output confidence (the logit of the raw value), inverting the tuning file's map */
const rawLogit = (c: number) => (logit(c) - shift0) / slope0;
const points = (batches: readonly BatchPairs[]) =>
  batches.flatMap((b) => b.pairs.map((p) => ({ x: rawLogit(p.confidence), y: p.correct ? 1 : 0 })));
function fitPlatt(pts: readonly { x: number; y: number }[]): [number, number] {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (const { x, y } of pts) {
      const p = sigmoid(a * x + b);
      const w = p * (1 - p);
      ga += (p - y) * x;
      gb += p - y;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    a -= (hbb * ga - hab * gb) / det;
    b -= (haa * gb - hab * ga) / det;
  }
  return [a, b];
}
function ece(pts: readonly { x: number; y: number }[], a: number, b: number): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, c: 0, y: 0 }));
  for (const { x, y } of pts) {
    const c = sigmoid(a * x + b);
    const bin = bins[Math.min(9, Math.floor(c * 10))];
    bin.n++;
    bin.c += c;
    bin.y += y;
  }
  return bins.reduce(
    (e, bin) => e + (bin.n === 0 ? 0 : ((bin.n / pts.length) * Math.abs(bin.c - bin.y)) / bin.n),
    0,
  );
}
const family = (set: string) => set.replace(/-\d+$/, "");
const families = [...new Set([...data.keys()].map(family))];
console.log(
  `\nconfidence calibration, each family of sets held out (ECE over 10 bins; tuning file slope ${slope0}, shift ${shift0}):`,
);
console.log("  held out       ECE as shipped   ECE refitted on the others (slope, shift)");
for (const fam of families) {
  const held = points([...data].filter(([n]) => family(n) === fam).flatMap(([, bs]) => bs));
  const rest = points([...data].filter(([n]) => family(n) !== fam).flatMap(([, bs]) => bs));
  const [a, b] = rest.length > 0 ? fitPlatt(rest) : [1, 0];
  console.log(
    `  ${fam.padEnd(13)}  ${ece(held, slope0, shift0).toFixed(4)}           ${ece(held, a, b).toFixed(4)} (${a.toFixed(3)}, ${b.toFixed(3)})`,
  );
}
const [aAll, bAll] = fitPlatt(points(all));
console.log(`  fitted on every set: slope ${aAll.toFixed(3)}, shift ${bAll.toFixed(3)}`);
