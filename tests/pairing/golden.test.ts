import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { diffPairing } from "../../src/pairing/engine/golden.js";
import { loadPairingConfig, type PairingResult, pairAnalysis } from "../../src/pairing/index.js";

const load = (f: string) => JSON.parse(readFileSync(new URL(`../golden/${f}`, import.meta.url), "utf8"));

describe("golden batch", () => {
  const run = pairAnalysis(load("analysis.json"), loadPairingConfig({}));
  const expected = load("pairing-expected.json") as PairingResult;

  it("matches the expected pairs, products, extras, singletons and totals exactly", () => {
    const diffs = diffPairing(run.result, expected, run.metrics, load("metrics-expected.json"));
    assert.deepEqual(diffs, []);
  });

  it("covers what the golden batch promises", () => {
    const cfg = loadPairingConfig({});
    const cats = Object.keys(run.metrics.byCategory);
    for (const c of ["supplement", "food", "hair", "skin"]) assert.ok(cats.includes(c), `no ${c} product`);
    const reasons = new Set(run.result.singletons.map((s) => s.reason));
    assert.ok(reasons.has("non_product"));
    assert.ok(run.metrics.totals.extrasAttached > 0);
    assert.ok(run.result.pairs.some((p) => p.evidence.some((e) => e.includes('labelled "other"'))));
    assert.ok(run.result.pairs.some((p) => p.evidence.some((e) => e.includes("unknown brand rescued"))));
    // a pair below the auto rule, suggested for the seller to confirm instead of dropped
    assert.ok(run.result.pairs.some((p) => p.decidedBy === "review" && p.confidence >= cfg.suggestMin));
    // the hair rule: a hair pair accepted below the general auto score
    assert.ok(
      run.result.pairs.some((p) => p.matchScore >= cfg.autoHairScore && p.matchScore < cfg.autoScore),
    );
  });

  it("detects a changed result", () => {
    const broken = structuredClone(expected);
    broken.singletons[0].reason = "orphan_back";
    broken.products[0].extras.push("nowhere.jpg");
    const diffs = diffPairing(run.result, broken);
    assert.equal(diffs.length, 2);
  });
});
