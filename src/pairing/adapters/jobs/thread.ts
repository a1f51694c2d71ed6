/** Worker thread that pairs one analysis at a time (config from the inherited PAIR_* environment). */
import { parentPort } from "node:worker_threads";
import { loadPairingConfig } from "../../config.js";
import { pairWithTieBreak } from "../../run.js";
import { recordRun } from "../slo/index.js";

const config = loadPairingConfig();
const port = parentPort;
if (port) {
  port.on("message", async (m: { id: number; name: string; analysis: unknown }) => {
    try {
      const run = await pairWithTieBreak(m.analysis, config, m.name);
      recordRun(config, run.metrics, m.name);
      port.postMessage({ id: m.id, result: run.result, metrics: run.metrics });
    } catch (e) {
      port.postMessage({ id: m.id, error: (e as Error).message });
    }
  });
  port.postMessage("ready");
}
