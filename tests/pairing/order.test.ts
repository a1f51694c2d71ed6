import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import { interpolatedProximity, predictBackRank } from "../../src/pairing/order.js";
import { analysisOf, type RecordSpec } from "./fixtures.js";

describe("order model", () => {
  it("predicts a back's place from the pairs around its front, in same or reversed order", () => {
    // fronts at 0..3, backs at 10..13 in the same order
    const same: [number, number][] = [
      [0, 10],
      [1, 11],
      [3, 13],
    ];
    assert.equal(predictBackRank(same, 2), 12);
    // backs in reversed order
    const reversed: [number, number][] = [
      [0, 13],
      [1, 12],
      [3, 10],
    ];
    assert.equal(predictBackRank(reversed, 2), 11);
    assert.equal(interpolatedProximity(same, 2, 12), 1);
    assert.equal(interpolatedProximity(same, 2, 20), 0);
    assert.equal(predictBackRank([], 2), null);
  });

  it("uses capture order only when the batch shows it is reliable", () => {
    // four shampoo siblings whose only difference is where they were shot
    const specs: RecordSpec[] = [];
    for (let i = 0; i < 4; i++) {
      specs.push({
        url: `IMG_${1000 + 2 * i}.JPG`,
        brand: "Sunsilk",
        product: `Shampoo Line ${["Aloe", "Rose", "Mint", "Tea"][i]}`,
        role: "front",
        colour: "pink",
        description: "Pink bottle. The brand logo is prominently displayed.",
        text: `SUNSILK SHAMPOO ${["ALOE", "ROSE", "MINT", "TEA"][i]}`,
      });
      specs.push({
        url: `IMG_${1001 + 2 * i}.JPG`,
        brand: "Sunsilk",
        product: "Shampoo",
        role: "back",
        colour: "pink",
        description: "Pink bottle, rear view, dense small text with an ingredients list.",
        text: `SUNSILK ${["ALOE", "ROSE", "MINT", "TEA"][i]} SHAMPOO\nINGREDIENTS: Aqua, Sodium Laureth Sulfate, Glycerin, Parfum, Citric Acid, Sodium Benzoate`,
      });
    }
    const m = pairAnalysis(analysisOf(specs), loadPairingConfig({})).metrics;
    assert.equal(m.orderSignal.model, "adjacent");
    assert.ok((m.orderSignal.reliability ?? 0) > 0.9);
    const off = pairAnalysis(analysisOf(specs), loadPairingConfig({ PAIR_ORDER_SIGNAL: "off" })).metrics;
    assert.equal(off.orderSignal.weight, 0);
    // random names carry no capture key: no order signal
    const random = specs.map((s, i) => ({ ...s, url: `${"qwertyuiop"[i]}x${i}.jpg` }));
    const r = pairAnalysis(analysisOf(random), loadPairingConfig({})).metrics;
    assert.equal(r.orderSignal.weight, 0);
  });
});
