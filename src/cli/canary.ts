/**
 * npm run canary -- --in <analysis.json> --baseline <pairing-metrics.json>
 * Pairs a batch with the current engine and config and gives a go/no-go against the SLOs: pair rate >= the
 * baseline's, singleton rate <= the baseline's, 0 contract violations, runtime <= 75 ms per 100 images.
 * Exit 0 = go, 1 = no-go, 2 = bad input.
 */
import { resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { readJsonFile, writeJsonAtomic } from "../lib/fs.js";
import { loadPairingConfig, type PairingMetrics, pairAnalysis, pairWithTieBreak } from "../pairing/index.js";
import { runCli, UsageError } from "./common.js";

const program = new Command()
  .requiredOption("--in <file>", "analysis.json of the canary batch")
  .requiredOption("--baseline <file>", "pairing-metrics.json of the release it is compared with")
  .option("--metrics <file>", "also write the canary's pairing-metrics.json here")
  .option("--max-ms-per-100 <n>", "runtime SLO", "75");

export interface CanaryCheck {
  check: string;
  canary: number;
  limit: number;
  pass: boolean;
}

export function canaryChecks(m: PairingMetrics, base: PairingMetrics, maxMsPer100: number): CanaryCheck[] {
  return [
    {
      check: "pair rate >= baseline",
      canary: m.rates.pairRate,
      limit: base.rates.pairRate,
      pass: m.rates.pairRate >= base.rates.pairRate,
    },
    {
      check: "singleton rate <= baseline",
      canary: m.rates.singletonRate,
      limit: base.rates.singletonRate,
      pass: m.rates.singletonRate <= base.rates.singletonRate,
    },
    {
      check: "contract violations = 0",
      canary: m.totals.contractViolations,
      limit: 0,
      pass: m.totals.contractViolations === 0,
    },
    {
      check: "ms per 100 images <= limit",
      canary: m.msPer100Images,
      limit: maxMsPer100,
      pass: m.msPer100Images <= maxMsPer100,
    },
  ];
}

runCli(async () => {
  program.parse();
  const o = program.opts<{ in: string; baseline: string; metrics?: string; maxMsPer100: string }>();
  const limit = Number(o.maxMsPer100);
  if (!(limit > 0))
    throw new UsageError(`--max-ms-per-100 must be a positive number, got "${o.maxMsPer100}"`);
  const base = readJsonFile(resolve(o.baseline)) as Partial<PairingMetrics>;
  if (!base?.rates || !base.totals)
    throw new UsageError(`${o.baseline}: not a pairing-metrics.json (no rates/totals)`);
  const analysis = readJsonFile(resolve(o.in));
  const config = loadPairingConfig();
  // One engine-only pass first, so the runtime check measures the engine, not the JIT warming up.
  pairAnalysis(analysis, config, o.in);
  const run = await pairWithTieBreak(analysis, config, o.in);
  if (o.metrics) writeJsonAtomic(resolve(o.metrics), run.metrics);
  const checks = canaryChecks(run.metrics, base as PairingMetrics, limit);
  const t = new Table({ head: ["check", "canary", "limit", "result"], style: { head: [], border: [] } });
  for (const c of checks)
    t.push([c.check, c.canary.toFixed(4), c.limit.toFixed(4), c.pass ? "pass" : "FAIL"]);
  console.log(t.toString());
  const go = checks.every((c) => c.pass);
  console.log(go ? "GO" : "NO-GO");
  return go ? 0 : 1;
});
