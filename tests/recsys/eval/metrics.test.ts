import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateModel, mergeEvals } from "../../../src/recsys/eval/metrics.js";
import type { Recommender, UserContext } from "../../../src/recsys/models/types.js";
import { makeDataset } from "../helpers.js";

/** Always ranks items in a fixed order: item 0 best, then 1, 2, ... */
const fixed: Recommender = {
  type: "pop",
  nItems: 6,
  score(_ctx: UserContext, out: Float32Array) {
    for (let i = 0; i < out.length; i++) out[i] = 10 - i;
  },
};

describe("evaluateModel", () => {
  // u0: history {0}, target {2}   -> list excludes 0: [1,2,3,4,5]; hit at rank 2.
  // u1: history {1, 3}, targets {4, 5} (one event) -> list [0,2,4,5]; hits at ranks 3 and 4.
  // u2: history {2}, target {0}   -> list [0,1,3,...]; hit at rank 1.
  // u3: only history, no held-out event: not evaluated.
  const ds = makeDataset(4, 6, [
    [0, 0, 5, 1, "train"],
    [0, 2, 5, 2, "test"],
    [1, 1, 5, 1, "train"],
    [1, 3, 5, 2, "train"],
    [1, 4, 5, 3, "test", 100],
    [1, 5, 5, 3, "test", 100],
    [2, 2, 5, 1, "train"],
    [2, 0, 5, 5, "test"],
    [3, 1, 5, 1, "train"],
  ]);

  it("computes HR, Recall, NDCG and MAP by hand-checked values, with groups by history size", () => {
    const r = evaluateModel(fixed, ds, "final", { k: 3, sample: 0, seed: 1 });
    const all = r.groups.all;
    assert.equal(all.users, 3);
    assert.equal(r.groups.cold.users, 2);
    assert.equal(r.groups.trainable.users, 1);
    // HR@3: u0 hit (rank 2), u1 hit (rank 3), u2 hit (rank 1).
    assert.equal(all.hr, 1);
    // Recall@3: u0 1, u1 1/2, u2 1.
    assert.ok(Math.abs(all.recall - (1 + 0.5 + 1) / 3) < 1e-12);
    // NDCG@3: u0 (1/log2 3)/1; u1 (1/log2 4)/(1 + 1/log2 3); u2 1.
    const n0 = 1 / Math.log2(3);
    const n1 = 1 / Math.log2(4) / (1 + 1 / Math.log2(3));
    assert.ok(Math.abs(all.ndcg - (n0 + n1 + 1) / 3) < 1e-12);
    // AP@3: u0 (1/2)/1; u1 (1/3)/2; u2 1.
    assert.ok(Math.abs(all.map - (0.5 + 1 / 6 + 1) / 3) < 1e-12);
    assert.equal(r.groups.trainable.hr, 1);
    assert.ok(r.coverage > 0 && r.coverage <= 1);
    assert.equal(all.hr_se, 0);
  });

  it("misses are misses: a cutoff of 1 only credits u2", () => {
    const r = evaluateModel(fixed, ds, "final", { k: 1, sample: 0, seed: 1 });
    assert.ok(Math.abs(r.groups.all.hr - 1 / 3) < 1e-12);
  });

  it("pools disjoint evaluations by user count", () => {
    const a = evaluateModel(fixed, ds, "final", { k: 1, sample: 0, seed: 1, users: (u) => u === 2 });
    const b = evaluateModel(fixed, ds, "final", { k: 1, sample: 0, seed: 1, users: (u) => u !== 2 });
    const m = mergeEvals([a, b]);
    assert.equal(m.groups.all.users, 3);
    assert.ok(Math.abs(m.groups.all.hr - 1 / 3) < 1e-12);
  });
});
