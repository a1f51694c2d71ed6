import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/lib/rng.js";
import {
  interpolateBetween,
  interpolatedProximity,
  predictBackRank,
  wilsonLowerBound,
} from "../../../src/pairing/engine/order.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { analysisOf, type RecordSpec, shampooBack, shampooFront, tunedConfig } from "../fixtures.js";

/** The definition of the neighbours: the nearest anchors strictly before and after the front rank, leaving out `skip`. */
function predictByScan(anchors: readonly [number, number][], frontRank: number, skip = -1): number | null {
  let lo = -1;
  let hi = -1;
  anchors.forEach(([f], i) => {
    if (i === skip) return;
    if (f < frontRank) lo = i;
    else if (f > frontRank && hi === -1) hi = i;
  });
  return interpolateBetween(anchors, lo, hi, frontRank);
}

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

  it("finds the same neighbours as a scan, with repeated ranks and any anchor left out", () => {
    const rng = new Rng(11);
    for (let t = 0; t < 300; t++) {
      const n = Math.floor(rng.next() * 12);
      const anchors: [number, number][] = [];
      for (let i = 0; i < n; i++) anchors.push([Math.floor(rng.next() * 10), Math.floor(rng.next() * 40)]);
      anchors.sort((a, b) => a[0] - b[0]);
      const rank = Math.floor(rng.next() * 12) - 1;
      const skip = Math.floor(rng.next() * (n + 1)) - 1;
      assert.equal(
        predictBackRank(anchors, rank, skip),
        predictByScan(anchors, rank, skip),
        JSON.stringify({ anchors, rank, skip }),
      );
    }
  });

  it("weighs a reliability measured on few anchors at its Wilson lower bound", () => {
    // the textbook case: 50 of 100 at z = 1.96 is 0.404
    assert.ok(Math.abs(wilsonLowerBound(0.5, 100, 1.96) - 0.4038) < 1e-3);
    // the same share proves more the more anchors show it, and never exceeds what was measured
    const shares = [4, 16, 64, 1024].map((n) => wilsonLowerBound(0.6, n, 1));
    for (let i = 1; i < shares.length; i++) assert.ok(shares[i] > shares[i - 1]);
    assert.ok(shares.every((x) => x < 0.6));
    // 5 of 16 anchors agreeing by chance (a shuffled batch on dev) leave order a twentieth of its weight at most
    // (it starts to count at 0.2 and is full at 0.7), where the point estimate would give it a quarter
    assert.ok((wilsonLowerBound(5 / 16, 16, 1) - 0.2) / 0.5 < 0.05);
    assert.ok(wilsonLowerBound(1, 16, 1) > 0.9);
    assert.equal(wilsonLowerBound(1, 0, 1), 0);
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
    const off = pairAnalysis(analysisOf(specs), tunedConfig({ orderSignal: "off" })).metrics;
    assert.equal(off.orderSignal.weight, 0);
    // random names carry no capture key: no order signal
    const random = specs.map((s, i) => ({ ...s, url: `${"qwertyuiop"[i]}x${i}.jpg` }));
    const r = pairAnalysis(analysisOf(random), loadPairingConfig({})).metrics;
    assert.equal(r.orderSignal.weight, 0);
  });

  it("lets one sure pair vouch for capture order in a small batch", () => {
    // two sibling products whose backs print only the distributor and a misread name: by content alone either
    // back fits either front. Only the Sunsilk pair is sure, and it was shot back right after front.
    const sibling = (n: number, name: string): RecordSpec[] => [
      {
        url: `IMG_${String(n).padStart(4, "0")}.JPG`,
        brand: "Makarizo Professional",
        product: `Texture Experience ${name}`,
        category: "Hair Care",
        role: "front",
        colour: "beige",
        description: "Beige bottle. The brand logo is prominently displayed.",
        text: `MAKARIZO\nTEXTURE EXPERIENCE\n${name.toUpperCase()}`,
      },
      {
        url: `IMG_${String(n + 1).padStart(4, "0")}.JPG`,
        brand: "PT Sinar Ayu Lestari",
        product: "Hair Treatment",
        role: "back",
        colour: "beige",
        description: "Beige bottle, rear view. Dense small text with directions and an ingredients list.",
        text: "Tcxture Expcriencc\nCARA PAKAI: oleskan pada rambut basah\nINGREDIENTS: Aqua, Cetearyl Alcohol, Parfum\nDidistribusikan oleh PT Sinar Ayu Lestari",
      },
    ];
    const specs = [
      shampooFront,
      shampooBack,
      ...sibling(3, "Conditioner Vanilla Milk"),
      ...sibling(5, "Creambath Chocolate"),
    ];
    const run = pairAnalysis(analysisOf(specs), loadPairingConfig({}));
    const order = run.metrics.orderSignal;
    assert.equal(order.model, "adjacent");
    // one anchor proves less than many: weighed at its Wilson lower bound, below the full weight
    const full = loadPairingConfig({}).weights.proximity;
    assert.ok(order.weight > 0 && order.weight < full, String(order.weight));
    const pairs = run.result.pairs.map((p) => `${p.frontUrl}>${p.backUrl}`).sort();
    assert.deepEqual(pairs, [
      "IMG_0001.JPG>IMG_0002.JPG",
      "IMG_0003.JPG>IMG_0004.JPG",
      "IMG_0005.JPG>IMG_0006.JPG",
    ]);
    // the same photos under names that carry no capture time: the siblings stay apart
    const named = specs.map((s, i) => ({ ...s, url: `${"qwertyuiop"[i]}x${i}.jpg` }));
    const blind = pairAnalysis(analysisOf(named), loadPairingConfig({}));
    assert.equal(blind.metrics.orderSignal.weight, 0);
    assert.equal(blind.result.pairs.length, 1);
  });
});
