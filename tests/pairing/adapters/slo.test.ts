import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  appendHistory,
  evaluateAlerts,
  type HistoryEntry,
  readHistory,
  recordRun,
  rollup,
} from "../../../src/pairing/adapters/slo/index.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { runCli } from "../../run-cli.js";
import {
  analysisOf,
  shampooBack,
  shampooFront,
  tuningFileWith,
  vitaminBack,
  vitaminFront,
} from "../fixtures.js";

const day = 86_400_000;

function entry(over: Partial<HistoryEntry> & { daysAgo?: number } = {}): HistoryEntry {
  const { daysAgo = 0, ...rest } = over;
  return {
    ts: new Date(Date.now() - daysAgo * day).toISOString(),
    batch: "b",
    images: 100,
    fronts: 40,
    paired: 39,
    singletons: 2,
    contractViolations: 0,
    usedModel: false,
    msPer100Images: 10,
    byCategory: { Hair: { fronts: 20, paired: 20 }, Supplements: { fronts: 20, paired: 19 } },
    byBrand: { Acme: { fronts: 40, paired: 39 } },
    ...rest,
  };
}
const firing = (alerts: ReturnType<typeof evaluateAlerts>) =>
  alerts.filter((a) => a.firing).map((a) => a.rule);

describe("SLO history and alerts", () => {
  it("appends runs as JSON lines, reads a window back, and survives a broken line", () => {
    const path = join(mkdtempSync(join(tmpdir(), "hist-")), "h.jsonl");
    appendHistory(path, entry({ daysAgo: 10, batch: "old" }));
    appendHistory(path, entry({ daysAgo: 1, batch: "recent" }));
    appendFileSync(path, "{ half a line\n");
    const all = readHistory(path);
    assert.equal(all.entries.length, 2);
    assert.equal(all.badLines, 1);
    assert.deepEqual(
      readHistory(path, Date.now() - 7 * day).entries.map((e) => e.batch),
      ["recent"],
    );
  });

  it("rolls up front-weighted pair rates per category and brand", () => {
    const r = rollup([
      entry(),
      entry({
        fronts: 10,
        paired: 5,
        byCategory: { Hair: { fronts: 10, paired: 5 } },
        usedModel: true,
        frontsAsked: 3,
        allFronts: 10,
      }),
    ]);
    assert.equal(r.fronts, 50);
    assert.ok(Math.abs(r.pairRate - 44 / 50) < 1e-12);
    // per front: 0 of 40 and 3 of 10 asked; per small batch: one of two used the model
    assert.ok(Math.abs(r.modelUsePerFront - 3 / 50) < 1e-12);
    assert.equal(r.modelUseSmallBatches, 0.5);
    const hair = r.byCategory.find((g) => g.key === "Hair")!;
    assert.ok(Math.abs(hair.pairRate - 25 / 30) < 1e-12);
  });

  it("fires each rule only when its limit is crossed", () => {
    const allPaired = { Hair: { fronts: 20, paired: 20 }, Supplements: { fronts: 20, paired: 20 } };
    const quietWeek = [
      entry({ daysAgo: 1, paired: 40, byCategory: allPaired }),
      entry({ daysAgo: 2, paired: 40, byCategory: allPaired }),
    ];
    assert.deepEqual(
      firing(evaluateAlerts(entry({ paired: 40, byCategory: allPaired }), quietWeek)),
      [],
      "a good run is quiet",
    );
    const week = [entry({ daysAgo: 1 }), entry({ daysAgo: 2 })];
    // 39/40 on average; 36/40 is a drop of more than 3 %.
    assert.ok(firing(evaluateAlerts(entry({ paired: 36 }), week)).includes("pair_rate_drop"));
    assert.ok(
      !firing(evaluateAlerts(entry({ paired: 38 }), week)).includes("pair_rate_drop"),
      "2.6 % below is within the limit",
    );
    assert.ok(
      !firing(evaluateAlerts(entry({ paired: 30 }), [])).includes("pair_rate_drop"),
      "no history, no baseline",
    );
    assert.ok(
      !firing(evaluateAlerts(entry({ paired: 30 }), [entry({ daysAgo: 9 })])).includes("pair_rate_drop"),
      "older than 7 days does not count",
    );
    assert.deepEqual(
      firing(evaluateAlerts(entry({ contractViolations: 1, paired: 40, byCategory: {} }), [])),
      ["contract_violation"],
    );
    // model use per front: 1 front asked of 40 per run is 2.5 %, above the 2 % SLO; 1 of 60 is 1.7 %
    const quietModel = { paired: 40, byCategory: {}, images: 500 };
    const asked = (n: number, fronts = 40) =>
      entry({ ...quietModel, frontsAsked: n, allFronts: fronts, usedModel: n > 0 });
    assert.ok(firing(evaluateAlerts(asked(1), [asked(1, 40), asked(1, 40)])).includes("model_use"));
    assert.ok(
      !firing(evaluateAlerts(asked(1, 60), [asked(1, 60), asked(0, 60)])).includes("model_use"),
      "1.1 % of fronts is within the SLO",
    );
    // per batch only for batches of at most 100 images: one small batch of two using the model fires
    assert.ok(
      firing(
        evaluateAlerts(
          entry({ ...quietModel, images: 80, usedModel: true, frontsAsked: 0, allFronts: 4000 }),
          [entry({ ...quietModel, images: 80, allFronts: 4000 })],
        ),
      ).includes("model_use"),
    );
    assert.ok(
      !firing(
        evaluateAlerts(
          entry({ ...quietModel, images: 500, usedModel: true, frontsAsked: 1, allFronts: 4000 }),
          [entry({ ...quietModel, images: 500, allFronts: 4000 })],
        ),
      ).includes("model_use"),
      "a big batch that asked about one front of 8,000 is within both limits",
    );
    // Supplements: 19 of 20 fronts paired per run = 5 % singletons.
    assert.ok(firing(evaluateAlerts(entry(), week)).includes("category_singletons"));
    assert.ok(
      !firing(evaluateAlerts(entry({ byCategory: { Tiny: { fronts: 5, paired: 0 } } }), [])).includes(
        "category_singletons",
      ),
      "too few fronts to judge",
    );
  });

  it("recordRun evaluates against earlier runs and then appends", () => {
    const path = join(mkdtempSync(join(tmpdir(), "hist-")), "h.jsonl");
    const config = { ...loadPairingConfig({}), historyPath: path };
    const run = pairAnalysis(analysisOf([shampooFront, shampooBack, vitaminFront, vitaminBack]), config);
    assert.equal(recordRun(config, run.metrics, "one").length, 4);
    recordRun(config, run.metrics, "two");
    assert.deepEqual(
      readHistory(path).entries.map((e) => e.batch),
      ["one", "two"],
    );
    // Runs another process appends in between are seen by the next evaluation.
    for (let i = 0; i < 3; i++) appendHistory(path, entry({ usedModel: true }));
    const alerts = recordRun(config, run.metrics, "three");
    assert.ok(alerts.find((a) => a.rule === "model_use")?.firing, "3 of 6 runs used the model");
    assert.equal(readHistory(path).entries.length, 6);
  });
});

const cli = runCli;

describe("history, alerts and canary on the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "slo-cli-"));
  const history = join(dir, "history.jsonl");
  const batch = join(dir, "analysis.json");
  writeFileSync(batch, JSON.stringify(analysisOf([shampooFront, shampooBack, vitaminFront, vitaminBack])));

  it("the pairing CLI appends every run to PAIR_HISTORY_PATH and prints firing alerts", () => {
    for (let i = 0; i < 2; i++) {
      const r = cli(
        "src/cli/pairing.ts",
        ["--in", batch, "--out", join(dir, "p.json"), "--metrics", join(dir, "m.json"), "--quiet"],
        { PAIR_HISTORY_PATH: history },
      );
      assert.equal(r.code, 0, r.err);
    }
    assert.equal(readFileSync(history, "utf8").trim().split("\n").length, 2);
    // A run that pairs nothing drops the pair rate far below the 7-day average.
    const r = cli(
      "src/cli/pairing.ts",
      ["--in", batch, "--out", join(dir, "p.json"), "--metrics", join(dir, "bad.json"), "--quiet"],
      { PAIR_HISTORY_PATH: history, PAIR_TUNING: tuningFileWith(dir, { autoScore: 49, autoHairScore: 49 }) },
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ALERT pair_rate_drop: pair rate 0\.0 %/);
  });

  it("metrics:print --history shows the rolling rates and the alerts, exiting 1 while one fires", () => {
    const r = cli("src/cli/metrics-print.ts", ["--history", "--history-file", history]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /3 runs in the last 7 day/);
    assert.match(r.out, /hair/i);
    assert.match(r.out, /pair_rate_drop\s*│\s*FIRING/);
    const empty = cli("src/cli/metrics-print.ts", ["--history", "--history-file", join(dir, "none.jsonl")]);
    assert.equal(empty.code, 0);
    assert.match(empty.out, /no runs/);
    for (const days of ["abc", "0", "", "-2"]) {
      const bad = cli("src/cli/metrics-print.ts", ["--history", "--history-file", history, "--days", days]);
      assert.equal(bad.code, 2, bad.err);
      assert.equal(bad.err, `error: --days must be a positive number, got "${days}"\n`);
    }
  });

  it("canary: go when the SLOs hold, no-go when a baseline is better, 2 on a bad baseline", () => {
    // Runtime limits are set so the verdicts never depend on how fast this machine is today.
    const go = cli("src/cli/canary.ts", [
      "--in",
      batch,
      "--baseline",
      join(dir, "m.json"),
      "--max-ms-per-100",
      "1000000",
    ]);
    assert.equal(go.code, 0, go.out + go.err);
    assert.match(go.out, /GO/);
    const better = JSON.parse(readFileSync(join(dir, "m.json"), "utf8"));
    better.rates.pairRate = 1.01;
    writeFileSync(join(dir, "better.json"), JSON.stringify(better));
    const nogo = cli("src/cli/canary.ts", [
      "--in",
      batch,
      "--baseline",
      join(dir, "better.json"),
      "--max-ms-per-100",
      "1000000",
    ]);
    assert.equal(nogo.code, 1);
    assert.match(nogo.out, /pair rate >= baseline .*FAIL/);
    assert.match(nogo.out, /NO-GO/);
    const slow = cli("src/cli/canary.ts", [
      "--in",
      batch,
      "--baseline",
      join(dir, "m.json"),
      "--max-ms-per-100",
      "0.000001",
    ]);
    assert.equal(slow.code, 1);
    assert.match(slow.out, /ms per 100 images <= limit .*FAIL/);
    writeFileSync(join(dir, "junk.json"), "{}");
    const bad = cli("src/cli/canary.ts", ["--in", batch, "--baseline", join(dir, "junk.json")]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a pairing-metrics\.json/);
  });
});
