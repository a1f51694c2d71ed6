/**
 * npm run pairing -- --in <analysis.json> --out <pairing.json> --metrics <metrics.json>
 * npm run pairing -- --in <folder of *.json> --out <folder>      (batch: one pairing + metrics file per input)
 * npm run pairing -- analyze|run <photo folder> …                (photos: see pairing-photos.ts)
 * npm run pairing -- corrections export --out <dir>              (the review app's fixes as bench batches)
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { jsonText, readJsonFile, writeFilesAtomic } from "../lib/fs.js";
import {
  type Alert,
  loadPairingConfig,
  metricsLine,
  pairWithTieBreak,
  recordRun,
  renderSummary,
} from "../pairing/index.js";
import { runCli, UsageError } from "./common.js";
import { correctionsCommands } from "./pairing-corrections.js";
import { photoCommands } from "./pairing-photos.js";

const program = new Command()
  .name("pairing")
  .description(
    "Pair product photos: analysis.json -> pairing.json + pairing-metrics.json (config from PAIR_* env)",
  )
  .requiredOption("--in <path>", "analysis.json, or a folder of analysis files")
  .option("--out <path>", "pairing.json to write (a folder when --in is a folder)", "pairing.json")
  .option("--metrics <path>", "pairing-metrics.json to write (single-file mode)", "pairing-metrics.json")
  .option("--quiet", "print only the METRICS line");

runCli(async () => {
  if (process.argv[2] === "analyze" || process.argv[2] === "run") {
    await photoCommands().parseAsync();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  }
  if (process.argv[2] === "corrections") {
    correctionsCommands().parse();
    return 0;
  }
  program.parse();
  const opts = program.opts<{ in: string; out: string; metrics: string; quiet?: boolean }>();
  const config = loadPairingConfig();
  const input = resolve(opts.in);
  let isDir = false;
  try {
    isDir = statSync(input).isDirectory();
  } catch {
    throw new UsageError(`${opts.in}: no such file or folder`);
  }
  if (!isDir) {
    const run = await pairWithTieBreak(readJsonFile(input), config, opts.in);
    // both files or neither: a pairing without its metrics (or the other way) would pass for a whole run
    writeFilesAtomic([
      { path: resolve(opts.out), data: jsonText(run.result) },
      { path: resolve(opts.metrics), data: jsonText(run.metrics) },
    ]);
    console.log(metricsLine(run.metrics));
    if (!opts.quiet) console.log(renderSummary(run.metrics));
    printAlerts(recordRun(config, run.metrics, basename(input)));
    return run.metrics.totals.contractViolations > 0 ? 1 : 0;
  }
  const files = readdirSync(input)
    .filter(
      (f) =>
        f.endsWith(".json") &&
        !f.endsWith(".pairing.json") &&
        !f.endsWith(".metrics.json") &&
        !f.endsWith(".truth.json"),
    )
    .sort();
  if (files.length === 0) throw new UsageError(`${opts.in}: no analysis .json files in this folder`);
  const outDir = resolve(opts.out === "pairing.json" ? "pairing-out" : opts.out);
  const bar = new SingleBar({ format: "pairing {bar} {value}/{total} files | {file}", hideCursor: true });
  bar.start(files.length, 0, { file: "" });
  let violations = 0;
  let images = 0;
  let pairs = 0;
  const failed: string[] = [];
  const firing = new Map<string, string>();
  for (const f of files) {
    bar.update({ file: f });
    const stem = basename(f, ".json").replace(/\.analysis$/, "");
    try {
      const run = await pairWithTieBreak(readJsonFile(join(input, f)), config, join(opts.in, f));
      writeFilesAtomic([
        { path: join(outDir, `${stem}.pairing.json`), data: jsonText(run.result) },
        { path: join(outDir, `${stem}.metrics.json`), data: jsonText(run.metrics) },
      ]);
      violations += run.metrics.totals.contractViolations;
      for (const a of recordRun(config, run.metrics, f)) if (a.firing) firing.set(a.rule, a.message);
      images += run.metrics.totals.images;
      pairs += run.metrics.totals.autoPairs + run.metrics.totals.modelPairs;
    } catch (e) {
      failed.push(`${f}: ${(e as Error).message}`);
    }
    bar.increment();
  }
  bar.stop();
  console.log(
    `METRICS files=${files.length} failed=${failed.length} images=${images} pairs=${pairs} contractViolations=${violations} out=${outDir}`,
  );
  for (const f of failed) console.error(`error: ${f}`);
  for (const [rule, message] of firing) console.log(`ALERT ${rule}: ${message}`);
  return failed.length > 0 ? 2 : violations > 0 ? 1 : 0;
});

/** Firing alerts as ALERT lines (the SLO history is PAIR_HISTORY_PATH). */
function printAlerts(alerts: Alert[]): void {
  for (const a of alerts) if (a.firing) console.log(`ALERT ${a.rule}: ${a.message}`);
}
