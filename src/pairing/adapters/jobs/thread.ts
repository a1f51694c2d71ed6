/** Worker thread that pairs one analysis at a time (config from the inherited PAIR_* environment). */
import { parentPort } from "node:worker_threads";
import { UserError } from "../../../lib/errors.js";
import { parseJsonText } from "../../../lib/json-text.js";
import { loadPairingConfig } from "../../config.js";
import { pairWithTieBreak } from "../../run.js";
import { recordRun } from "../slo/index.js";
import type { PairCall } from "./pool.js";

const config = loadPairingConfig();
const utf8 = new TextDecoder();

/** Images an analysis holds, counted before any work (imageInsights is a list, or an object keyed by url). */
function imageCount(analysis: unknown): number {
  const insights = (analysis as { imageInsights?: unknown } | null)?.imageInsights;
  if (Array.isArray(insights)) return insights.length;
  return insights !== null && typeof insights === "object" ? Object.keys(insights).length : 0;
}
const port = parentPort;
if (port) {
  port.on("message", async (m: { id: number } & Omit<PairCall, "timeoutMs">) => {
    try {
      const analysis = m.json !== undefined ? parseJsonText(utf8.decode(m.json), m.name) : m.analysis;
      if (m.maxImages !== undefined) {
        const images = imageCount(analysis);
        if (images > m.maxImages)
          throw new UserError(
            `${m.name}: ${images} images; at most ${m.maxImages} are paired in one request`,
          );
      }
      const run = await pairWithTieBreak(analysis, config, m.name);
      const alerts = m.record ? recordRun(config, run.metrics, m.name) : undefined;
      if (m.replyJson) {
        const firing = (alerts ?? []).filter((a) => a.firing);
        const reply = new TextEncoder().encode(
          JSON.stringify({ result: run.result, metrics: run.metrics, alerts: firing }),
        );
        port.postMessage({ id: m.id, reply, alerts }, [reply.buffer]);
      } else port.postMessage({ id: m.id, result: run.result, metrics: run.metrics, alerts });
    } catch (e) {
      port.postMessage({ id: m.id, error: (e as Error).message, badInput: e instanceof UserError });
    }
  });
  port.postMessage("ready");
}
