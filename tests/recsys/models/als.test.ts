import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_PROGRESS } from "../../../src/lib/progress.js";
import { Rng } from "../../../src/lib/rng.js";
import { trainMatrix } from "../../../src/recsys/data/dataset.js";
import { ALS_DEFAULTS, alsLoss, trainAls } from "../../../src/recsys/models/als.js";
import { solveRows } from "../../../src/recsys/models/als-kernels.js";
import { cholesky, choleskySolve, spdInverse } from "../../../src/recsys/models/linalg.js";
import { structuredDataset } from "../helpers.js";

/** The exact solution of one row's normal equations, by a dense Cholesky solve. */
function denseSolve(
  y: Float32Array,
  f: number,
  lambda: number,
  alpha: number,
  items: number[],
  conf: number[],
): Float64Array {
  const n = y.length / f;
  const a = new Float64Array(f * f);
  for (let j = 0; j < n; j++)
    for (let p = 0; p < f; p++) for (let q = 0; q < f; q++) a[p * f + q]! += y[j * f + p]! * y[j * f + q]!;
  const b = new Float64Array(f);
  items.forEach((j, k) => {
    const c = alpha * conf[k]!;
    for (let p = 0; p < f; p++) {
      b[p]! += (1 + c) * y[j * f + p]!;
      for (let q = 0; q < f; q++) a[p * f + q]! += c * y[j * f + p]! * y[j * f + q]!;
    }
  });
  for (let p = 0; p < f; p++) a[p * f + p]! += lambda;
  assert.ok(cholesky(a, f));
  choleskySolve(a, f, b);
  return b;
}

describe("ALS kernels", () => {
  const f = 6;
  const n = 9;
  const rng = new Rng(21);
  const y = Float32Array.from({ length: n * f }, () => rng.normal() * 0.5);
  const lambda = 0.3;
  const alpha = 2;
  const a = new Float64Array(f * f);
  for (let j = 0; j < n; j++)
    for (let p = 0; p < f; p++) for (let q = 0; q < f; q++) a[p * f + q]! += y[j * f + p]! * y[j * f + q]!;
  for (let p = 0; p < f; p++) a[p * f + p]! += lambda;
  const aInv = spdInverse(a, f)!;
  const z = new Float64Array(n * f);
  for (let j = 0; j < n; j++)
    for (let r = 0; r < f; r++) for (let d = 0; d < f; d++) z[j * f + r]! += aInv[r * f + d]! * y[j * f + d]!;
  const rows: [number[], number[]][] = [
    [[3], [4.5]],
    [
      [1, 7],
      [5, 2.25],
    ],
    [
      [0, 2, 4, 5, 8],
      [1, 2, 3, 4, 6],
    ],
    [[], []],
  ];
  const indptr = Int32Array.from([
    0,
    ...rows.map((_, i) => rows.slice(0, i + 1).reduce((s, r) => s + r[0].length, 0)),
  ]);
  const indices = Int32Array.from(rows.flatMap((r) => r[0]));
  const data = Float32Array.from(rows.flatMap((r) => r[1]));

  for (const [label, opts] of [
    ["Sherman–Morrison / Woodbury with precomputed Z", { z, maxWoodbury: 8, cgSteps: 3 }],
    ["Woodbury computing A^-1 y on the fly", { maxWoodbury: 8, cgSteps: 3 }],
    ["conjugate gradient run to convergence", { maxWoodbury: 0, cgSteps: 50 }],
  ] as const) {
    it(`${label} equals the dense solve`, () => {
      const x = new Float32Array(rows.length * f);
      solveRows({ f, alpha, indptr, indices, data, y, x, a, aInv, ...opts }, 0, rows.length, n);
      rows.forEach(([items, conf], r) => {
        const expected = items.length ? denseSolve(y, f, lambda, alpha, items, conf) : new Float64Array(f);
        for (let d = 0; d < f; d++)
          assert.ok(
            Math.abs(x[r * f + d]! - expected[d]!) < 1e-4,
            `${label} row ${r} dim ${d}: ${x[r * f + d]} vs ${expected[d]}`,
          );
      });
    });
  }
});

describe("AlsTrainer", () => {
  const ds = structuredDataset(80, 24, 9);
  const input = {
    ds,
    train: trainMatrix(ds, "final"),
    stage: "final" as const,
    seed: 4,
    progress: () => NO_PROGRESS,
  };
  const params = { ...ALS_DEFAULTS, factors: 8, workers: 0 };

  it("lowers the objective as iterations increase", async () => {
    const losses: number[] = [];
    for (const iterations of [1, 3, 10]) {
      const m = await trainAls(input, { ...params, iterations, cgSteps: 20 });
      losses.push(alsLoss(input.train, m.u, m.v, 8, params.alpha, params.lambda));
    }
    assert.ok(losses[1]! < losses[0]! && losses[2]! <= losses[1]! + 1e-6, losses.join(" > "));
  });

  it("gives identical factors with worker threads and in-process", async () => {
    const single = await trainAls(input, { ...params, iterations: 4 });
    const threaded = await trainAls(input, { ...params, iterations: 4, workers: 2 });
    assert.deepEqual(Array.from(threaded.u), Array.from(single.u));
    assert.deepEqual(Array.from(threaded.v), Array.from(single.v));
  });

  it("folds in an unseen user with the same exact solve", async () => {
    const m = await trainAls(input, { ...params, iterations: 3 });
    const items = Int32Array.of(2, 5);
    const conf = Float32Array.of(5, 3);
    const x = m.foldIn(items, conf);
    const expected = denseSolve(m.v, 8, params.lambda, params.alpha, [2, 5], [5, 3]);
    for (let d = 0; d < 8; d++) assert.ok(Math.abs(x[d]! - expected[d]!) < 1e-4);
  });

  it("is deterministic for a seed", async () => {
    const a = await trainAls(input, { ...params, iterations: 2 });
    const b = await trainAls(input, { ...params, iterations: 2 });
    assert.deepEqual(Array.from(a.v), Array.from(b.v));
  });
});
