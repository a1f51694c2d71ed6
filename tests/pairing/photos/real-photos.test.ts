import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { analyzeFolder } from "../../../src/pairing/photos/index.js";

const root = new URL("../../../../shared/pairing-photos/", import.meta.url).pathname;
const present = existsSync(join(root, "truth.json"));
const skip = present ? false : "../shared/pairing-photos is not here: real-photo checks skipped";

describe("real product photos (../shared/pairing-photos)", { skip }, () => {
  it("every photo of a real set is accounted for exactly once, and no pair is wrong", async () => {
    const truth = JSON.parse(readFileSync(join(root, "truth.json"), "utf8")).sets.test3 as {
      pairs: [string, string][];
    };
    const { analysis } = await analyzeFolder(join(root, "test3"), { cacheDir: null });
    const run = pairAnalysis(analysis, loadPairingConfig({ PAIR_DISABLE_TIEBREAK: "1" }), "test3");
    assert.equal(run.metrics.totals.contractViolations, 0);
    assert.equal(run.metrics.totals.images, 8);
    const right = new Set(truth.pairs.map(([f, b]) => `${f}>${b}`));
    for (const p of run.result.pairs)
      assert.ok(right.has(`${p.frontUrl}>${p.backUrl}`), `${p.frontUrl}>${p.backUrl}`);
    assert.ok(run.result.pairs.length > 0);
  });
});
