import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { renderPhases } from "../../../src/pairing/adapters/report.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { analysisOf, shampooBack, shampooFront } from "../fixtures.js";

/** The rows of a cli-table3 table, without colour codes: cell texts per line. */
function rows(table: string): string[][] {
  return stripVTControlCharacters(table)
    .split("\n")
    .filter((l) => l.startsWith("│"))
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe("the metrics report's phase table", () => {
  it("lists every phase of a real run with its ms, ms per 100 images and share of the run", () => {
    const { metrics } = pairAnalysis(analysisOf([shampooFront, shampooBack]), loadPairingConfig({}));
    const table = renderPhases(metrics);
    assert.ok(table);
    const r = rows(table);
    assert.deepEqual(r[0], ["phase", "ms", "ms / 100 images", "share of the run"]);
    assert.deepEqual(
      r.slice(1, -1).map((x) => x[0]),
      Object.keys(metrics.phasesMs),
    );
    assert.deepEqual(r.at(-1)?.slice(0, 3), [
      "whole run",
      metrics.durationMs.toFixed(3),
      metrics.msPer100Images.toFixed(3),
    ]);
  });
  it("divides by the images and the run's duration", () => {
    const { metrics } = pairAnalysis(analysisOf([shampooFront, shampooBack]), loadPairingConfig({}));
    const m = {
      ...metrics,
      durationMs: 40,
      msPer100Images: 10,
      totals: { ...metrics.totals, images: 400 },
      phasesMs: { validate: 4, features: 30, match: 6 },
    };
    const r = rows(renderPhases(m) as string);
    assert.deepEqual(r.slice(1), [
      ["validate", "4.000", "1.000", "10.0 %"],
      ["features", "30.000", "7.500", "75.0 %"],
      ["match", "6.000", "1.500", "15.0 %"],
      ["whole run", "40.000", "10.000", ""],
    ]);
    assert.equal(renderPhases({ ...m, phasesMs: {} }), null);
    assert.equal(renderPhases({ ...m, totals: { ...m.totals, images: 0 } }), null);
    // metrics files written before the engine kept phase times have none
    assert.equal(renderPhases({ ...m, phasesMs: undefined as unknown as Record<string, number> }), null);
  });
});
