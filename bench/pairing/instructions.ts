/**
 * npm run bench:pairing-instructions — the engine's work in CPU instructions per 100 images at 1,000 and 5,000
 * images, counted by valgrind (cachegrind, no cache simulation) on a single-threaded Node. Wall time scatters
 * by a quarter between runs on a shared machine; the count scatters less, but not by a fixed amount: two runs of
 * one engine differed by 4.7 % and 0.4 % in the first column and by 0.3 % and 10 % in the warmed-up one
 * (eighteenth session; where and when the collector runs is not fixed). Repeat a count, and trust only a
 * difference larger than its repeats.
 * Instructions are not time (a cache miss costs many), so a gain here is confirmed with `npm run bench:pairing`
 * before it is claimed as speed. The first pairings of a process include compiling the engine's code; the last
 * column (`--steady`) counts the pairings after them, the work of a warmed-up engine as in a long-running service.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import Table from "cli-table3";
import { Command } from "commander";
import { devBatchesOrSkip, runsArgument, TIMED_BATCHES } from "../args.js";

const run = promisify(execFile);
const program = new Command()
  .option("--dir <dir>", "bench folder", "../shared/pairing-bench/dev")
  .option("--runs <n>", "pairings of each batch counted (after a run that only starts and reads)", "2")
  .option(
    "--steady <n>",
    "also count this many more pairings after those, whose difference is the work of a warmed-up engine (0: skip)",
    "3",
  );
program.parse();
const opts = program.opts<{ dir: string; runs: string; steady: string }>();
const runs = runsArgument(opts.runs);
const steady = opts.steady === "0" ? 0 : runsArgument(opts.steady);
const dir = devBatchesOrSkip("bench:pairing-instructions", opts.dir);
try {
  await run("valgrind", ["--version"]);
} catch {
  console.log("bench:pairing-instructions skipped: valgrind is not installed (apt-get install valgrind).");
  process.exit(0);
}

const workload = resolve(import.meta.dirname, "workload.ts");
/** Instructions executed by a single-threaded Node pairing `batches` `times` times. */
async function instructions(batches: readonly string[], times: number): Promise<number> {
  const { stderr } = await run(
    "valgrind",
    [
      "--tool=cachegrind",
      "--cache-sim=no",
      "--cachegrind-out-file=/dev/null",
      process.execPath,
      "--single-threaded",
      "--import",
      "tsx",
      workload,
    ],
    {
      env: { ...process.env, DIR: dir, BATCHES: batches.join(","), RUNS: String(times) },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const m = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (!m) throw new Error(`no instruction count in valgrind's output:\n${stderr.slice(-2000)}`);
  return Number(m[1].replace(/,/g, ""));
}

const sizes: { label: string; batches: readonly string[]; images: number }[] = [
  { label: "1000", batches: TIMED_BATCHES["1000"], images: 3000 },
  { label: "5000", batches: TIMED_BATCHES["5000"], images: 5000 },
];
const table = new Table({
  head: [
    "images",
    "batches",
    "runs",
    "instructions / 100 images (millions)",
    steady > 0 ? `the next ${steady} runs, warmed up` : "",
  ].filter((h) => h !== ""),
});
// tsx keeps its compiled files on disk: compile once first, so that both counts start from the same cache
await run(process.execPath, ["--import", "tsx", workload], {
  env: { ...process.env, DIR: dir, BATCHES: sizes[0].batches.join(","), RUNS: "0" },
});
for (const s of sizes) {
  console.log(`counting ${s.label}-image batches under valgrind (about a minute)…`);
  // the counts run side by side (valgrind uses one core each). The first runs include compiling the engine's
  // code; the steady count leaves that out, as a long-running service would
  const [idle, busy, longer] = await Promise.all([
    instructions(s.batches, 0),
    instructions(s.batches, runs),
    steady > 0 ? instructions(s.batches, runs + steady) : Promise.resolve(0),
  ]);
  const per100 = (count: number, n: number) => ((count * 100) / (n * s.images) / 1e6).toFixed(1);
  const row = [s.label, s.batches.length, runs, per100(busy - idle, runs)];
  if (steady > 0) row.push(per100(longer - busy, steady));
  table.push(row);
}
console.log(`pairing engine work (${process.version}, valgrind cachegrind, node --single-threaded)`);
console.log(table.toString());
