/** SLO history and alerts for the pairing engine. */
import type { PairingConfig } from "../config.js";
import type { PairingMetrics } from "../types.js";
import { type Alert, evaluateAlerts } from "./alerts.js";
import { appendHistory, DAY_MS, historyEntry, readHistory } from "./history.js";

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
} from "./history.js";

/** After a run: evaluate the alerts against the 7-day history, then append the run to it. */
export function recordRun(config: PairingConfig, metrics: PairingMetrics, batch: string): Alert[] {
  const previous = readHistory(config.historyPath, Date.now() - 7 * DAY_MS).entries;
  const entry = historyEntry(metrics, batch);
  const alerts = evaluateAlerts(entry, previous);
  appendHistory(config.historyPath, entry);
  return alerts;
}
