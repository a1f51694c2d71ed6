/**
 * npm run metrics:print [-- a.json [b.json]]
 * Rates, SLO ticks, where the time went by engine phase, brand and category tables; with two files, a
 * side-by-side comparison.
 */
import Table from "cli-table3";
import { Command } from "commander";
import { readJsonFile } from "../lib/fs.js";
import {
  DAY_MS,
  evaluateAlerts,
  type GroupRollup,
  loadPairingConfig,
  type PairingMetrics,
  readHistory,
  renderGroups,
  renderPhases,
  renderSummary,
  rollup,
  SMALL_BATCH_IMAGES,
  sloChecks,
} from "../pairing/index.js";
import { runCli, UsageError } from "./common.js";

const DEFAULT_FILE = "out/sample/pairing-metrics.json";

const program = new Command()
  .argument("[files...]", `one or two pairing-metrics.json files (default ${DEFAULT_FILE})`)
  .option("--limit <n>", "rows per brand/category table", "20")
  .option(
    "--history",
    "show the rolling pair rate per category and brand from the SLO history, and the alerts",
  )
  .option("--days <n>", "history window in days", "7")
  .option("--history-file <path>", "SLO history file (default: PAIR_HISTORY_PATH)");

function load(path: string): PairingMetrics {
  const m = readJsonFile(path) as Partial<PairingMetrics>;
  if (!m || typeof m !== "object" || !m.totals || !m.rates) {
    throw new UsageError(`${path}: not a pairing-metrics.json (no totals/rates)`);
  }
  return m as PairingMetrics;
}

runCli(() => {
  program.parse();
  const files = program.args.length > 0 ? program.args : [DEFAULT_FILE];
  if (files.length > 2) throw new UsageError("give one or two metrics files");
  const rawLimit = program.opts<{ limit: string }>().limit;
  const limit = Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a whole number >= 1, got "${rawLimit}"`);
  const o = program.opts<{ history?: boolean; days: string; historyFile?: string }>();
  if (o.history) return printHistory(o.historyFile ?? loadPairingConfig().historyPath, o.days, limit);
  const ms = files.map(load);
  if (ms.length === 1) {
    const m = ms[0];
    console.log(`${files[0]}  (${m.engineVersion}, ${m.timestamp})`);
    console.log(renderSummary(m));
    const phases = renderPhases(m);
    if (phases) console.log(phases);
    console.log(renderGroups("category", m.byCategory, limit));
    console.log(renderGroups("brand", m.byBrand, limit));
    return 0;
  }
  const [a, b] = ms;
  const t = new Table({ head: ["", files[0], files[1], "change"] });
  const row = (name: string, x: number, y: number, digits = 4) =>
    t.push([
      name,
      x.toFixed(digits),
      y.toFixed(digits),
      `${y - x >= 0 ? "+" : ""}${(y - x).toFixed(digits)}`,
    ]);
  row("pair rate", a.rates.pairRate, b.rates.pairRate);
  row("singleton rate", a.rates.singletonRate, b.rates.singletonRate);
  row("model use (fronts asked ÷ fronts)", a.rates.modelUseRate, b.rates.modelUseRate);
  row("ms / 100 images", a.msPer100Images, b.msPer100Images, 3);
  // each phase per 100 images, so runs of different sizes compare; a phase one file lacks counts as 0
  for (const p of [...new Set([...Object.keys(a.phasesMs ?? {}), ...Object.keys(b.phasesMs ?? {})])]) {
    const per100 = (m: PairingMetrics) =>
      m.totals.images > 0 ? ((m.phasesMs?.[p] ?? 0) * 100) / m.totals.images : 0;
    row(`  ${p}, ms / 100 images`, per100(a), per100(b), 3);
  }
  for (const k of Object.keys(a.totals) as (keyof PairingMetrics["totals"])[])
    row(k, a.totals[k], b.totals[k] ?? 0, 0);
  console.log(t.toString());
  const slo = new Table({ head: ["SLO", "target", files[0], files[1]] });
  const sa = sloChecks(a);
  const sb = sloChecks(b);
  sa.forEach((c, i) => {
    slo.push([c.name, c.target, `${c.value} ${c.ok ? "✔" : "✘"}`, `${sb[i].value} ${sb[i].ok ? "✔" : "✘"}`]);
  });
  console.log(slo.toString());
  const cats = new Table({ head: ["category", "pair rate A", "pair rate B"] });
  for (const k of [...new Set([...Object.keys(a.byCategory), ...Object.keys(b.byCategory)])].sort()) {
    const pa = a.byCategory[k];
    const pb = b.byCategory[k];
    cats.push([
      k,
      pa ? `${(100 * pa.pairRate).toFixed(1)} %` : "-",
      pb ? `${(100 * pb.pairRate).toFixed(1)} %` : "-",
    ]);
  }
  console.log(cats.toString());
  return 0;
});

function printHistory(path: string, rawDays: string, limit: number): number {
  // the value as typed: Number("abc") would be reported as "NaN"
  const days = rawDays.trim() === "" ? Number.NaN : Number(rawDays);
  if (!Number.isFinite(days) || days <= 0)
    throw new UsageError(`--days must be a positive number, got "${rawDays}"`);
  if (!path) throw new UsageError("no SLO history: PAIR_HISTORY_PATH is empty (give --history-file)");
  const { entries, badLines } = readHistory(path, Date.now() - days * DAY_MS);
  if (badLines > 0) console.error(`warning: ${path}: ${badLines} unreadable line(s) skipped`);
  if (entries.length === 0) {
    console.log(`${path}: no runs in the last ${days} day(s)`);
    return 0;
  }
  const r = rollup(entries);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`SLO history ${path}: ${r.batches} runs in the last ${days} day(s)`);
  const style = { head: [] as string[], border: [] as string[] };
  const overall = new Table({
    style,
    head: [
      "runs",
      "fronts",
      "pair rate",
      "model use (fronts asked)",
      `model use (runs of ≤ ${SMALL_BATCH_IMAGES} images)`,
      "contract violations",
    ],
  });
  overall.push([
    r.batches,
    r.fronts,
    pct(r.pairRate),
    pct(r.modelUsePerFront),
    r.smallBatches > 0 ? `${pct(r.modelUseSmallBatches)} of ${r.smallBatches}` : "no such runs",
    r.contractViolations,
  ]);
  console.log(overall.toString());
  const groups = (title: string, rows: GroupRollup[]) => {
    const t = new Table({ head: [title, "fronts", "paired", "pair rate", "runs"], style });
    for (const g of rows.slice(0, limit)) t.push([g.key, g.fronts, g.paired, pct(g.pairRate), g.batches]);
    console.log(t.toString());
  };
  groups("category", r.byCategory);
  groups("brand", r.byBrand);
  const latest = entries[entries.length - 1]!;
  const alerts = evaluateAlerts(latest, entries.slice(0, -1));
  const t = new Table({ head: ["alert (latest run)", "state", "detail"], style });
  for (const a of alerts) t.push([a.rule, a.firing ? "FIRING" : "ok", a.message]);
  console.log(t.toString());
  return alerts.some((a) => a.firing) ? 1 : 0;
}
