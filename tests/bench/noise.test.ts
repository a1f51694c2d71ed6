import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countCandidates, emptyCounts } from "../../bench/pairing/candidate-recall.js";
import { type Analysis, addNoise, NO_NOISE, type Truth } from "../../bench/pairing/noise.js";
import { STRESS_PRESETS } from "../../bench/pairing/stress-presets.js";
import { Rng } from "../../src/lib/rng.js";

const urls = ["shop/IMG_0001.JPG", "IMG_0002.JPG", "shop/IMG_0003.JPG", "IMG_0004.JPG"];
const batch = (): { a: Analysis; t: Truth } => ({
  a: {
    groups: urls.map((u, i) => ({
      brand: i % 2 === 0 ? "Acme" : "Unknown",
      product: i % 2 === 0 ? "Hand Cream" : "Unidentified Item",
      variant: "",
      category: "Skin Care",
      images: [u],
      primaryImageUrl: u,
    })),
    imageInsights: urls.map((u, i) => ({
      url: u,
      textExtracted: "ACME HAND CREAM 50 ml",
      evidenceTriggers: ["Ingredients"],
      role: i % 2 === 0 ? "front" : "back",
      dominantColor: "white",
      visualDescription: "A white tube.",
    })),
  },
  t: {
    batchInfo: { orderMode: "capture" },
    pairs: [
      [urls[0], urls[1]],
      [urls[2], urls[3]],
    ],
    images: Object.fromEntries(urls.map((u) => [u, { kind: "front" }])),
  },
});

describe("the stress bench's noise", () => {
  it("renames every photo in the analysis and the truth alike when names are shuffled or random", () => {
    for (const knobs of [
      { ...NO_NOISE, shuffleNames: 1 },
      { ...NO_NOISE, randomNames: 1 },
    ]) {
      const { a, t } = batch();
      addNoise(a, t, knobs, new Rng(3), false);
      const ins = a.imageInsights as { url: string }[];
      const names = new Set(ins.map((i) => i.url));
      assert.equal(names.size, 4);
      for (const g of a.groups) assert.ok(names.has(g.images[0]) && g.primaryImageUrl === g.images[0]);
      for (const pair of t.pairs as string[][]) for (const u of pair) assert.ok(names.has(u), u);
      assert.deepEqual(new Set(Object.keys(t.images as object)), names);
      // the folders stay where they were; only file names move
      assert.deepEqual(
        ins.map((x) => x.url.startsWith("shop/")).sort(),
        urls.map((u) => u.startsWith("shop/")).sort(),
      );
      assert.equal(t.batchInfo?.orderMode, knobs.shuffleNames ? "shuffled" : "random-names");
      if (knobs.randomNames) assert.ok(![...names].some((u) => urls.includes(u)));
    }
  });

  it("leaves a batch alone with no knob set, and the same seed writes the same batch", () => {
    const { a, t } = batch();
    addNoise(a, t, NO_NOISE, new Rng(1), true);
    assert.deepEqual({ a, t }, batch());
    const once = batch();
    const twice = batch();
    addNoise(once.a, once.t, STRESS_PRESETS.harsh.knobs, new Rng(5), true);
    addNoise(twice.a, twice.t, STRESS_PRESETS.harsh.knobs, new Rng(5), true);
    assert.deepEqual(once, twice);
    assert.equal(once.t.batchInfo?.orderMode, "shuffled", "the largest batch is shuffled under harsh");
  });

  it("blanks and genericises backs only", () => {
    const { a, t } = batch();
    addNoise(a, t, { ...NO_NOISE, blankBacks: 1 }, new Rng(2), false);
    assert.deepEqual(
      a.groups.map((g) => g.brand),
      ["Acme", "Unknown", "Acme", "Unknown"],
    );
    const g = batch();
    addNoise(g.a, g.t, { ...NO_NOISE, genericBacks: 1 }, new Rng(2), false);
    assert.deepEqual(
      g.a.groups.map((x) => x.product),
      ["Hand Cream", "Cream", "Hand Cream", "Cream"],
    );
  });
});

describe("candidate recall", () => {
  it("places each true pair at the stage where it was lost", () => {
    const c = emptyCounts();
    countCandidates(
      {
        pairs: [
          ["f1", "b1"],
          ["f2", "b2"],
          ["f3", "b3"],
          ["f4", "b4"],
          ["f5", "b5"],
        ],
        alternates: { f5: ["f5b"] },
      },
      {
        role: new Map([
          ["f1", "front"],
          ["b1", "back"],
          ["f2", "front"],
          ["b2", "back"],
          ["f3", "front"],
          ["b3", "back"],
          ["f4", "extra"],
          ["b4", "back"],
          ["f5", "front"],
          ["f5b", "front"],
          ["b5", "back"],
        ]),
        scored: new Map([
          ["f1", new Set(["b1", "b2"])],
          ["f2", new Set(["b2"])],
          ["f3", new Set(["b1"])],
          ["f5b", new Set(["b5"])],
        ]),
        kept: new Map([
          ["f1", new Set(["b1"])],
          ["f2", new Set(["b2"])],
          ["f5b", new Set(["b5"])],
        ]),
        matched: new Map([
          ["f1", { back: "b1", auto: true }],
          ["f2", { back: "b2", auto: false }],
          ["f5b", { back: "b5", auto: true }],
        ]),
      },
      c,
    );
    assert.deepEqual(c, {
      pairs: 5,
      reachable: 4,
      scored: 3,
      kept: 3,
      matched: 3,
      auto: 2,
      roleMisses: { "extra→back": 1 },
    });
  });
});
