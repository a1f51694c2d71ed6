import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { metricsLine } from "../../../src/pairing/adapters/report.js";
import { FIRST_LOOK_BACKS } from "../../../src/pairing/engine/pipeline.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { analysisOf, type RecordSpec } from "../fixtures.js";

const defaults = loadPairingConfig({});

/**
 * A front whose back carries no brand, in a batch with more of its brand's other backs than the first look
 * scores: the blocking index ranks every one of them (brand shared) above its own back (name words and look
 * only). Names are random, so capture order offers nothing.
 */
function batchWithBuriedBack(siblings: number): RecordSpec[] {
  const front: RecordSpec = {
    url: "qzkf.jpg",
    brand: "Acme",
    product: "Rose Serum",
    size: "30 ml",
    category: "Skin Care",
    role: "front",
    colour: "pink",
    description: "Pink glass dropper bottle. The brand logo 'ACME' is prominently displayed.",
    text: "ACME\nROSE SERUM\n30 ml",
  };
  const ownBack: RecordSpec = {
    url: "wplx.jpg",
    role: "back",
    colour: "pink",
    description:
      "Pink glass dropper bottle, rear view. Dense small text with directions and an ingredients list.",
    text: "ACME Rose Serum\nDIRECTIONS: Apply 3 drops to clean skin.\nINGREDIENTS: Aqua, Rosa Damascena Flower Water, Glycerin\n30 ml",
    product: "Rose Serum",
  };
  const others: RecordSpec[] = Array.from({ length: siblings }, (_, i) => ({
    url: `x${(i * 7919).toString(36)}v.jpg`,
    brand: "Acme",
    product: `Cleanser No ${i + 1}`,
    category: "Skin Care",
    role: "back",
    colour: "green",
    description: "Green squeeze tube, rear view. Dense small text with directions and an ingredients list.",
    text: `ACME Cleanser No ${i + 1}\nDIRECTIONS: Massage onto wet skin, rinse.\nINGREDIENTS: Aqua, Sodium Laureth Sulfate\n150 ml`,
  }));
  return [front, ownBack, ...others];
}

describe("second look for fronts without a confident pair", () => {
  it("finds a back the first look ranked below FIRST_LOOK_BACKS of its brand's other backs", () => {
    const run = pairAnalysis(analysisOf(batchWithBuriedBack(FIRST_LOOK_BACKS + 6)), defaults);
    const pair = run.result.pairs.find((p) => p.frontUrl === "qzkf.jpg");
    assert.equal(pair?.backUrl, "wplx.jpg");
    assert.equal(pair?.decidedBy, "auto");
    assert.ok(run.metrics.secondLook, "metrics report the second look");
    assert.equal(run.metrics.secondLook.fronts, 1);
    assert.ok(run.metrics.secondLook.candidates >= 1);
    assert.equal(run.metrics.totals.contractViolations, 0);
    assert.match(metricsLine(run.metrics), / secondLookFronts=1 /);
  });
  it("is not needed when the first look already holds the back", () => {
    const run = pairAnalysis(analysisOf(batchWithBuriedBack(10)), defaults);
    assert.equal(run.result.pairs.find((p) => p.frontUrl === "qzkf.jpg")?.backUrl, "wplx.jpg");
    assert.deepEqual(run.metrics.secondLook, { fronts: 0, candidates: 0 });
  });
});
