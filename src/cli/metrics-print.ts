/**
 * npm run metrics:print [-- a.json [b.json]]
 * Rates, SLO ticks, brand and category tables; with two files, a side-by-side comparison.
 */
import Table from "cli-table3";
import { Command } from "commander";
import { readJsonFile } from "../lib/fs.js";
import type { PairingMetrics } from "../pairing/index.js";
import { renderGroups, renderSummary, sloChecks } from "../pairing/report.js";
import { runCli, UsageError } from "./common.js";

const DEFAULT_FILE = "out/sample/pairing-metrics.json";

const program = new Command()
  .argument("[files...]", `one or two pairing-metrics.json files (default ${DEFAULT_FILE})`)
  .option("--limit <n>", "rows per brand/category table", "20");

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
  const ms = files.map(load);
  if (ms.length === 1) {
    const m = ms[0];
    console.log(`${files[0]}  (${m.engineVersion}, ${m.timestamp})`);
    console.log(renderSummary(m));
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
  row("model use", a.rates.modelUseRate, b.rates.modelUseRate);
  row("ms / 100 images", a.msPer100Images, b.msPer100Images, 3);
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
