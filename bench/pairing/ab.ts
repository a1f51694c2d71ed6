/**
 * npm run bench:pairing-ab -- --base <checkout> — is this engine faster than another one? Wall time on this
 * machine scatters by ±15 % or more between runs, so two engines timed an hour apart say little. This bench
 * alternates them: each round times the other checkout's engine and this one, back to back, in fresh processes
 * with the same harness (bench/pairing/timing.ts: 3 warm-up pairings, then `--runs` timed ones of every
 * batch), swapping which goes first every round. It prints each round's ratio and the median change, and calls
 * a change shown only when a two-sided sign test over the rounds gives p < 0.05: with the default 7 rounds, only
 * when every round agrees on its direction.
 *
 * The other checkout is any folder holding src/pairing/index.ts with its dependencies installed, such as a
 * worktree of an earlier commit: `git worktree add /tmp/base <commit>`, then `npm install` there or a link to
 * this checkout's node_modules.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import Table from "cli-table3";
import { Command } from "commander";
import { progressBar } from "../../src/lib/progress.js";
import { devBatchesOrSkip, runsArgument, TIMED_BATCHES } from "../args.js";
import { summariseRounds } from "./ab-summary.js";

const run = promisify(execFile);
const SIZES: Record<string, readonly string[]> = TIMED_BATCHES;
const program = new Command()
  .requiredOption("--base <dir>", "the other checkout (a folder with src/pairing/index.ts)")
  .option("--dir <dir>", "bench folder", "../shared/pairing-bench/dev")
  .option("--rounds <n>", "rounds; each times both engines once (6 or more can show a change)", "7")
  .option("--runs <n>", "timed runs of each batch per engine and round", "9")
  .option("--sizes <list>", `batch sizes, comma-separated, of ${Object.keys(SIZES).join(", ")}`, "1000,5000");
program.parse();
const opts = program.opts<{ base: string; dir: string; rounds: string; runs: string; sizes: string }>();
const rounds = runsArgument(opts.rounds, "--rounds");
const runs = runsArgument(opts.runs);
const sizes = opts.sizes.split(",").map((s) => s.trim());
const badSize = sizes.find((s) => !(s in SIZES));
if (badSize !== undefined) {
  console.error(`error: --sizes takes ${Object.keys(SIZES).join(", ")}; got "${badSize}"`);
  process.exit(2);
}
const engines = {
  base: resolve(opts.base, "src/pairing/index.ts"),
  head: resolve(import.meta.dirname, "../../src/pairing/index.ts"),
};
if (!existsSync(engines.base)) {
  console.error(`error: --base ${resolve(opts.base)} has no src/pairing/index.ts`);
  process.exit(2);
}
const dir = devBatchesOrSkip("bench:pairing-ab", opts.dir);
const timing = resolve(import.meta.dirname, "timing.ts");

/** Median ms per 100 images of one engine on one size's batches, timed in a fresh process. */
async function timeEngine(engine: string, batches: readonly string[]): Promise<number> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", timing], {
      env: { ...process.env, ENGINE: engine, DIR: dir, BATCHES: batches.join(","), RUNS: String(runs) },
      maxBuffer: 1024 * 1024,
    });
    return (JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as { median: number }).median;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why =
      (e.stderr ?? e.message)
        .trim()
        .split("\n")
        .find((l) => /error/i.test(l)) ?? e.message;
    console.error(`error: timing the engine at ${engine} failed: ${why}`);
    console.error("(is the checkout's node_modules installed, or linked to this one's?)");
    process.exit(2);
  }
}

const times: Record<string, { base: number[]; head: number[] }> = {};
for (const s of sizes) times[s] = { base: [], head: [] };
const bar = progressBar("rounds", rounds * sizes.length * 2, "timings");
let done = 0;
for (let r = 0; r < rounds; r++) {
  // who goes first alternates, so that a machine slowing down or speeding up mid-round favours neither
  const order = r % 2 === 0 ? (["base", "head"] as const) : (["head", "base"] as const);
  for (const s of sizes)
    for (const side of order) {
      times[s][side].push(await timeEngine(engines[side], SIZES[s]));
      bar.update(++done, { info: `round ${r + 1}, ${s} images` });
    }
}
bar.stop();

console.log(
  `pairing engine, this checkout against ${resolve(opts.base)} (${process.version}; ${rounds} alternating rounds, ${runs} timed runs per batch each)`,
);
const table = new Table({
  head: [
    "images",
    "base ms / 100 (median of rounds)",
    "this",
    "change",
    "rounds faster",
    "per-round ratios",
    "sign test p",
    "verdict",
  ],
});
for (const s of sizes) {
  const sum = summariseRounds(times[s].base, times[s].head);
  const pct = `${sum.change >= 0 ? "+" : ""}${(100 * sum.change).toFixed(1)} %`;
  table.push([
    s,
    sum.baseMedian.toFixed(2),
    sum.headMedian.toFixed(2),
    pct,
    `${sum.headFaster} / ${sum.rounds}`,
    sum.ratios.map((x) => x.toFixed(2)).join(" "),
    sum.p.toFixed(3),
    sum.verdict ?? "not shown",
  ]);
}
console.log(table.toString());
