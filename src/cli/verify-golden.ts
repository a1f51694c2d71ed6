/**
 * npm run verify:golden [-- --update]
 * Pairs tests/golden/analysis.json with the default config and compares it with the expected files.
 * Prints every difference and exits 1 on any. --update rewrites the expected files (review the diff!).
 */
import { resolve } from "node:path";
import { Command } from "commander";
import { jsonText, readJsonFile, writeFilesAtomic } from "../lib/fs.js";
import {
  defaultPairingConfig,
  diffPairing,
  type PairingMetrics,
  type PairingResult,
  pairAnalysis,
  pairEnvSchema,
} from "../pairing/index.js";
import { runCli } from "./common.js";

const program = new Command()
  .option("--dir <dir>", "golden folder", "tests/golden")
  .option("--update", "rewrite the expected files from this run");

runCli(() => {
  program.parse();
  const opts = program.opts<{ dir: string; update?: boolean }>();
  const overridden = Object.keys(pairEnvSchema.shape).filter((k) => process.env[k] !== undefined);
  if (overridden.length > 0) console.log(`note: golden runs on defaults; ignoring ${overridden.join(", ")}`);
  const dir = resolve(opts.dir);
  const run = pairAnalysis(
    readJsonFile(`${dir}/analysis.json`),
    defaultPairingConfig(),
    `${opts.dir}/analysis.json`,
  );
  if (opts.update) {
    writeFilesAtomic([
      { path: `${dir}/pairing-expected.json`, data: jsonText(run.result) },
      { path: `${dir}/metrics-expected.json`, data: jsonText({ totals: run.metrics.totals }) },
    ]);
    console.log(`golden: expected files rewritten in ${opts.dir}; review them with git diff`);
    return 0;
  }
  const expected = readJsonFile(`${dir}/pairing-expected.json`) as PairingResult;
  const expectedMetrics = readJsonFile(`${dir}/metrics-expected.json`) as Pick<PairingMetrics, "totals">;
  const diffs = diffPairing(run.result, expected, run.metrics, expectedMetrics);
  for (const d of diffs) console.log(`DIFF ${d}`);
  if (diffs.length > 0) {
    console.log(`golden: ${diffs.length} difference(s)`);
    return 1;
  }
  const t = run.metrics.totals;
  console.log(
    `golden: OK (${t.images} images, ${t.autoPairs} pairs, ${t.products} products, ${t.extrasAttached} extras, ${t.singletons} singletons)`,
  );
  return 0;
});
