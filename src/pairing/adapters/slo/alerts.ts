/**
 * The spec's alert rules, evaluated after every run against the rolling 7-day history:
 * the pair rate more than 3 % below its 7-day average, any contract violation, more than 2 % of fronts sent to the
 * model (or the model used in more than 2 % of batches of at most 100 images), or singletons above 2 % in any
 * category (categories with at least 20 fronts in the window).
 */
import { DAY_MS, type HistoryEntry, rollup, SMALL_BATCH_IMAGES } from "./history.js";

export const ALERT_RULES = [
  "pair_rate_drop",
  "contract_violation",
  "model_use",
  "category_singletons",
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface Alert {
  rule: AlertRule;
  firing: boolean;
  value: number;
  threshold: number;
  message: string;
}

export const ALERT_LIMITS = {
  pairRateDrop: 0.03,
  modelUse: 0.02,
  categorySingletons: 0.02,
  minCategoryFronts: 20,
  windowDays: 7,
};

/** `previous` holds earlier runs (not the latest); only those in the 7 days before `now` count. */
export function evaluateAlerts(now: HistoryEntry, previous: HistoryEntry[]): Alert[] {
  const cutoff = Date.parse(now.ts) - ALERT_LIMITS.windowDays * DAY_MS;
  const window = previous.filter((e) => Date.parse(e.ts) >= cutoff);
  const before = rollup(window);
  const withLatest = rollup([...window, now]);
  const latestRate = now.fronts ? now.paired / now.fronts : 1;
  const floor = before.pairRate * (1 - ALERT_LIMITS.pairRateDrop);
  const worst = withLatest.byCategory
    .filter((g) => g.fronts >= ALERT_LIMITS.minCategoryFronts)
    .sort((a, b) => b.singletonRate - a.singletonRate)[0];
  return [
    {
      rule: "pair_rate_drop",
      firing: window.length > 0 && latestRate < floor,
      value: latestRate,
      threshold: floor,
      message:
        window.length > 0
          ? `pair rate ${pct(latestRate)} vs 7-day average ${pct(before.pairRate)} (alert below ${pct(floor)})`
          : "no earlier runs in the window",
    },
    {
      rule: "contract_violation",
      firing: now.contractViolations > 0,
      value: now.contractViolations,
      threshold: 0,
      message: `${now.contractViolations} contract violation(s) in this run`,
    },
    {
      rule: "model_use",
      firing:
        withLatest.modelUsePerFront > ALERT_LIMITS.modelUse ||
        withLatest.modelUseSmallBatches > ALERT_LIMITS.modelUse,
      value: withLatest.modelUsePerFront,
      threshold: ALERT_LIMITS.modelUse,
      message: `${pct(withLatest.modelUsePerFront)} of ${withLatest.fronts} fronts sent to the model in 7 days; the model used in ${pct(withLatest.modelUseSmallBatches)} of ${withLatest.smallBatches} batches of ≤ ${SMALL_BATCH_IMAGES} images (alert above ${pct(ALERT_LIMITS.modelUse)} for either)`,
    },
    {
      rule: "category_singletons",
      firing: worst !== undefined && worst.singletonRate > ALERT_LIMITS.categorySingletons,
      value: worst?.singletonRate ?? 0,
      threshold: ALERT_LIMITS.categorySingletons,
      message: worst
        ? `worst category "${worst.key}": ${pct(worst.singletonRate)} of ${worst.fronts} fronts unpaired in 7 days (alert above ${pct(ALERT_LIMITS.categorySingletons)})`
        : "no category with enough fronts yet",
    },
  ];
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
