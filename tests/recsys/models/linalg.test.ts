import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/lib/rng.js";
import { cholesky, choleskySolve, spdInverse } from "../../../src/recsys/models/linalg.js";
import { jacobiEigen } from "../../../src/recsys/models/svd.js";
import { topK } from "../../../src/recsys/models/topk.js";

function randomSpd(n: number, rng: Rng): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) m[i] = rng.normal();
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[i * n + k]! * m[j * n + k]!;
      a[i * n + j] = s + (i === j ? n : 0);
    }
  return a;
}

describe("dense linear algebra", () => {
  const rng = new Rng(11);

  it("solves SPD systems and inverts them (A A^-1 = I)", () => {
    for (const n of [1, 3, 17, 64]) {
      const a = randomSpd(n, rng);
      const inv = spdInverse(a, n)!;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
          assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-9, `n=${n} (${i},${j}) = ${s}`);
        }
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const l = a.slice();
      assert.ok(cholesky(l, n));
      const x = b.slice();
      choleskySolve(l, n, x);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * x[k]!;
        assert.ok(Math.abs(s - b[i]!) < 1e-9);
      }
    }
  });

  it("reports a matrix that is not positive definite", () => {
    assert.equal(spdInverse(Float64Array.of(1, 2, 2, 1), 2), null);
  });

  it("Jacobi eigenvectors reconstruct the matrix", () => {
    const n = 6;
    const a = randomSpd(n, rng);
    const { values, vectors } = jacobiEigen(a, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
        assert.ok(Math.abs(s - a[i * n + j]!) < 1e-8);
      }
  });
});

describe("topK", () => {
  it("matches a full sort, skips excluded items and breaks ties by index", () => {
    const rng = new Rng(5);
    for (let t = 0; t < 50; t++) {
      const n = 1 + rng.int(200);
      const s = Float32Array.from({ length: n }, () => Math.round(rng.next() * 20));
      const exclude = Array.from({ length: rng.int(5) }, () => rng.int(n));
      const k = 1 + rng.int(15);
      const skip = new Set(exclude);
      const expected = Array.from({ length: n }, (_, i) => i)
        .filter((i) => !skip.has(i))
        .sort((a, b) => s[b]! - s[a]! || a - b)
        .slice(0, k);
      assert.deepEqual(Array.from(topK(s, k, exclude)), expected);
    }
  });
});
