import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { phaseBudget, startGcClock } from "../../bench/pairing/phase-budget.js";

describe("bench:pairing's phase budget", () => {
  it("gives each phase's median in ms per 100 images, in the engine's order", () => {
    const b = phaseBudget([
      { images: 1000, phasesMs: { validate: 4, features: 50, match: 10 } },
      { images: 500, phasesMs: { validate: 1, features: 30, match: 4 } },
      { images: 1000, phasesMs: { validate: 3, features: 70, match: 8 } },
    ]);
    assert.deepEqual(b.phases, ["validate", "features", "match"]);
    // per 100 images: validate 0.4 / 0.2 / 0.3, features 5 / 6 / 7, match 1 / 0.8 / 0.8
    assert.ok(Math.abs(b.per100.validate - 0.3) < 1e-12);
    assert.equal(b.per100.features, 6);
    assert.ok(Math.abs(b.per100.match - 0.8) < 1e-12);
    // the median run's total (6.4, 7.0, 8.1), not the sum of the phases' medians (7.1)
    assert.ok(Math.abs(b.total - 7) < 1e-12);
  });
  it("refuses runs whose phases differ, and runs of no images", () => {
    assert.throws(
      () =>
        phaseBudget([
          { images: 10, phasesMs: { validate: 1, features: 2 } },
          { images: 10, phasesMs: { validate: 1, extras: 2 } },
        ]),
      /run 1 reports phases validate, extras/,
    );
    assert.throws(
      () =>
        phaseBudget([
          { images: 10, phasesMs: { validate: 1, features: 2 } },
          { images: 10, phasesMs: { validate: 1 } },
        ]),
      /run 1 reports phases validate, the first run validate, features/,
    );
    assert.throws(() => phaseBudget([{ images: 0, phasesMs: { validate: 1 } }]), /run 0 paired 0 images/);
    assert.throws(() => phaseBudget([]), /no runs/);
  });
  it("the GC clock counts pauses inside its window and none outside it", async () => {
    const clock = startGcClock();
    try {
      const t0 = performance.now();
      // short-lived garbage, well past a young generation's size: the collector must run
      let keep: number[][] = [];
      for (let i = 0; i < 3_000_000; i++) {
        keep.push([i, i + 1, i + 2]);
        if (keep.length > 1000) keep = [];
      }
      const t1 = performance.now();
      const inside = await clock.msBetween(t0, t1);
      assert.ok(inside > 0, `no GC pause recorded in ${(t1 - t0).toFixed(1)} ms of allocation`);
      assert.ok(inside <= t1 - t0, `${inside} ms of GC inside a ${t1 - t0} ms window`);
      assert.equal(await clock.msBetween(t0 - 1e9, t0 - 1e9 + 1), 0);
    } finally {
      clock.stop();
    }
  });
});
