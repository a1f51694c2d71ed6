/** Worker thread that pairs one analysis at a time (config from the inherited PAIR_* environment). */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { UserError } from "../../../lib/errors.js";
import { parseJsonText } from "../../../lib/json-text.js";
import { loadPairingConfig } from "../../config.js";
import { pairWithTieBreak } from "../../run.js";
import { recordRun } from "../slo/index.js";
import type { PairCall } from "./pool.js";

const config = loadPairingConfig();
lowerThisThreadsPriority();

/**
 * Pairing is background work next to a service's request loop: on Linux a thread has a nice value of its own,
 * so this one yields the CPU to the loop (a 10,000-photo pairing then delays /health by little, not by a core).
 */
function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // not Linux, or not allowed: the thread keeps its priority
  }
}

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
      const analysis = m.text !== undefined ? parseJsonText(m.text, m.name) : m.analysis;
      if (m.maxImages !== undefined) {
        const images = imageCount(analysis);
        if (images > m.maxImages)
          throw new UserError(
            `${m.name}: ${images} images; at most ${m.maxImages} are paired in one request`,
          );
      }
      const run = await pairWithTieBreak(analysis, config, m.name);
      const alerts = m.record ? recordRun(config, run.metrics, m.name) : undefined;
      if (m.replyText) {
        const firing = (alerts ?? []).filter((a) => a.firing);
        const reply = JSON.stringify({ result: run.result, metrics: run.metrics, alerts: firing });
        port.postMessage({ id: m.id, reply, alerts });
      } else port.postMessage({ id: m.id, result: run.result, metrics: run.metrics, alerts });
    } catch (e) {
      port.postMessage({ id: m.id, error: (e as Error).message, badInput: e instanceof UserError });
    }
  });
  port.postMessage("ready");
}
