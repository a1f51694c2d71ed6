import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { maxWeightMatching, type WeightedEdge } from "../../../src/pairing/engine/assign.js";

function bruteForce(nF: number, nB: number, w: number[][]): number {
  let best = 0;
  const rec = (f: number, used: number, acc: number) => {
    if (f === nF) {
      best = Math.max(best, acc);
      return;
    }
    rec(f + 1, used, acc);
    for (let b = 0; b < nB; b++)
      if (!(used & (1 << b)) && w[f][b] > 0) rec(f + 1, used | (1 << b), acc + w[f][b]);
  };
  rec(0, 0, 0);
  return best;
}

describe("maxWeightMatching", () => {
  it("finds the global optimum, not the greedy one", () => {
    // greedy in input order takes f0-b0 (5) and leaves f1 with nothing; the optimum is 4 + 4
    const m = maxWeightMatching(2, 2, [
      { front: 0, back: 0, weight: 5 },
      { front: 0, back: 1, weight: 4 },
      { front: 1, back: 0, weight: 4 },
    ]);
    assert.deepEqual([...m], [1, 0]);
  });
  it("leaves a front unmatched when it has no edge", () => {
    assert.deepEqual([...maxWeightMatching(2, 1, [{ front: 1, back: 0, weight: 2 }])], [-1, 0]);
    assert.deepEqual([...maxWeightMatching(0, 0, [])], []);
  });
  it("matches brute force on random sparse graphs (seeded)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.integer({ min: 1, max: 100 })), { maxLength: 30 }),
        (nF, nB, raw) => {
          const w = Array.from({ length: nF }, () => new Array<number>(nB).fill(0));
          for (const [f, b, x] of raw) if (f < nF && b < nB) w[f][b] = x / 10;
          const edges: WeightedEdge[] = [];
          w.forEach((row, f) => {
            row.forEach((x, b) => {
              if (x > 0) edges.push({ front: f, back: b, weight: x });
            });
          });
          const m = maxWeightMatching(nF, nB, edges);
          const usedBacks = new Set<number>();
          let total = 0;
          m.forEach((b, f) => {
            if (b < 0) return;
            assert.ok(!usedBacks.has(b), "a back is used twice");
            assert.ok(w[f][b] > 0, "matched along a missing edge");
            usedBacks.add(b);
            total += w[f][b];
          });
          assert.ok(Math.abs(total - bruteForce(nF, nB, w)) < 1e-9);
        },
      ),
      { seed: 20261122, numRuns: 500 },
    );
  });
});
