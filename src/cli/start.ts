/**
 * npm run pairing:sample: pairs the bundled sample batch (tests/golden/analysis.json) and prints its metrics and
 * SLO tables. Outputs go to out/sample/.
 */
import { resolve } from "node:path";
import { jsonText, readJsonFile, writeFilesAtomic } from "../lib/fs.js";
import {
  loadPairingConfig,
  metricsLine,
  pairAnalysis,
  renderGroups,
  renderSummary,
} from "../pairing/index.js";
import { runCli } from "./common.js";

runCli(() => {
  const input = "tests/golden/analysis.json";
  const config = loadPairingConfig();
  const run = pairAnalysis(readJsonFile(resolve(input)), config, input);
  writeFilesAtomic([
    { path: resolve("out/sample/pairing.json"), data: jsonText(run.result) },
    { path: resolve("out/sample/pairing-metrics.json"), data: jsonText(run.metrics) },
  ]);
  console.log(`Shelfwise pairing engine ${run.metrics.engineVersion} on the bundled sample batch (${input})`);
  console.log(metricsLine(run.metrics));
  console.log(renderSummary(run.metrics));
  console.log(renderGroups("category", run.metrics.byCategory));
  console.log("wrote out/sample/pairing.json and out/sample/pairing-metrics.json");
  return 0;
});
