/** SLO history and alerts for the pairing engine. */

import { statSync } from "node:fs";
import type { PairingConfig } from "../../engine/config.js";
import type { PairingMetrics } from "../../engine/types.js";
import { type Alert, evaluateAlerts } from "./alerts.js";
import { appendHistory, DAY_MS, type HistoryEntry, historyEntry, readHistory } from "./history.js";

export { ALERT_LIMITS, ALERT_RULES, type Alert, type AlertRule, evaluateAlerts } from "./alerts.js";
export {
  appendHistory,
  DAY_MS,
  type GroupRollup,
  type HistoryEntry,
  historyEntry,
  type Rollup,
  readHistory,
  rollup,
  SMALL_BATCH_IMAGES,
} from "./history.js";

/**
 * The 7-day window of each history file this process writes, and the file size it corresponds to. The service
 * records a run per request, and the file only grows: it is read again only when someone else has written to it.
 */
const windows = new Map<string, { size: number; entries: HistoryEntry[] }>();

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** After a run: evaluate the alerts against the 7-day history, then append the run to it. */
export function recordRun(config: PairingConfig, metrics: PairingMetrics, batch: string): Alert[] {
  const path = config.historyPath;
  const since = Date.now() - 7 * DAY_MS;
  const size = path ? fileSize(path) : 0;
  let window = windows.get(path);
  if (!window || window.size !== size) {
    window = { size, entries: readHistory(path, since).entries };
    windows.set(path, window);
  }
  window.entries = window.entries.filter((e) => Date.parse(e.ts) >= since);
  const entry = historyEntry(metrics, batch);
  const alerts = evaluateAlerts(entry, window.entries);
  if (path) {
    appendHistory(path, entry);
    window.entries.push(entry);
    const after = fileSize(path);
    // Another writer's lines in between: forget the window and read the file next time.
    if (after === size + Buffer.byteLength(`${JSON.stringify(entry)}\n`)) window.size = after;
    else windows.delete(path);
  }
  return alerts;
}
