import Table from "cli-table3";
import type { PairingMetrics } from "../engine/types.js";

/** The spec's service levels for a pairing run. */
export interface SloCheck {
  name: string;
  target: string;
  value: string;
  ok: boolean;
}

export function sloChecks(m: PairingMetrics): SloCheck[] {
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  return [
    { name: "pair rate", target: ">= 98 %", value: pct(m.rates.pairRate), ok: m.rates.pairRate >= 0.98 },
    {
      name: "singletons",
      target: "<= 2 %",
      value: pct(m.rates.singletonRate),
      ok: m.rates.singletonRate <= 0.02,
    },
    {
      name: "model use (fronts asked)",
      target: "<= 2 %",
      value: pct(m.rates.modelUseRate),
      ok: m.rates.modelUseRate <= 0.02,
    },
    {
      name: "runtime",
      target: "<= 75 ms / 100 images",
      value: `${m.msPer100Images.toFixed(3)} ms / 100`,
      ok: m.msPer100Images <= 75,
    },
    {
      name: "contract violations",
      target: "0",
      value: String(m.totals.contractViolations),
      ok: m.totals.contractViolations === 0,
    },
  ];
}

/** One line a log scraper can read. */
export function metricsLine(m: PairingMetrics): string {
  const t = m.totals;
  return `METRICS images=${t.images} fronts=${t.fronts} backs=${t.backs} sides=${t.sides} candidates=${t.candidates} autoPairs=${t.autoPairs} modelPairs=${t.modelPairs} reviewPairs=${t.reviewPairs ?? 0} products=${t.products} extras=${t.extrasAttached} singletons=${t.singletons} ambiguous=${t.ambiguousFronts} errors=${t.errors} contractViolations=${t.contractViolations} pairRate=${m.rates.pairRate} brandsFromText=${m.brands?.readFromText ?? 0} distributorsOnLabel=${m.brands?.distributorsOnLabel ?? 0} secondLookFronts=${m.secondLook?.fronts ?? 0} durationMs=${m.durationMs} msPer100=${m.msPer100Images}`;
}

export function renderSummary(m: PairingMetrics): string {
  const totals = new Table({
    head: [
      "images",
      "fronts",
      "backs",
      "sides",
      "pairs",
      "to review",
      "products",
      "extras",
      "singletons",
      "errors",
      "violations",
    ],
  });
  const t = m.totals;
  totals.push([
    t.images,
    t.fronts,
    t.backs,
    t.sides,
    t.autoPairs + t.modelPairs + (t.reviewPairs ?? 0),
    t.reviewPairs ?? 0,
    t.products,
    t.extrasAttached,
    t.singletons,
    t.errors,
    t.contractViolations,
  ]);
  const slo = new Table({ head: ["SLO", "target", "value", ""] });
  for (const c of sloChecks(m)) slo.push([c.name, c.target, c.value, c.ok ? "✔" : "✘"]);
  const reasons = new Table({ head: ["singleton reason", "count"] });
  for (const [k, v] of Object.entries(m.singletonReasons).sort((a, b) => b[1] - a[1])) reasons.push([k, v]);
  return [totals.toString(), slo.toString(), reasons.toString()].join("\n");
}

export function renderGroups(title: string, rows: PairingMetrics["byBrand"], limit = 20): string {
  const table = new Table({ head: [title, "fronts", "paired", "pair rate"] });
  const sorted = Object.entries(rows).sort((a, b) => b[1].fronts - a[1].fronts || a[0].localeCompare(b[0]));
  for (const [k, v] of sorted.slice(0, limit))
    table.push([k, v.fronts, v.paired, `${(100 * v.pairRate).toFixed(1)} %`]);
  const more = sorted.length > limit ? `\n(${sorted.length - limit} more rows in the metrics file)` : "";
  return table.toString() + more;
}

/**
 * Where a run's time went: each engine phase's wall time (`phasesMs`), per 100 images and as a share of the run.
 * Null for metrics without phase times (files written before the engine kept them).
 */
export function renderPhases(m: PairingMetrics): string | null {
  const phases = Object.entries(m.phasesMs ?? {});
  const images = m.totals.images;
  if (phases.length === 0 || images === 0) return null;
  const table = new Table({ head: ["phase", "ms", "ms / 100 images", "share of the run"] });
  for (const [name, ms] of phases)
    table.push([
      name,
      ms.toFixed(3),
      ((ms * 100) / images).toFixed(3),
      m.durationMs > 0 ? `${((100 * ms) / m.durationMs).toFixed(1)} %` : "-",
    ]);
  table.push(["whole run", m.durationMs.toFixed(3), m.msPer100Images.toFixed(3), ""]);
  return table.toString();
}
