/**
 * Truncated SVD of a sparse matrix by the randomized range finder (Halko, Martinsson & Tropp 2011): a seeded
 * Gaussian sketch, a few power iterations with re-orthonormalisation, then an exact eigen-decomposition of the
 * small projected matrix (Jacobi). Returns the row embeddings U S (rows x k).
 */
import { Rng } from "../../lib/rng.js";
import type { SparseRows } from "./text-features.js";

export function truncatedSvd(x: SparseRows, k: number, seed: number, powerIterations = 3): Float32Array {
  const n = x.rows;
  const m = x.cols;
  const l = Math.min(n, m, k + 10);
  const rng = new Rng(seed);
  // Y = X Omega (n x l), column-major per sketch vector for simple Gram–Schmidt.
  let q = Array.from({ length: l }, () => new Float64Array(n));
  const omega = Array.from({ length: l }, () => {
    const w = new Float64Array(m);
    for (let i = 0; i < m; i++) w[i] = rng.normal();
    return w;
  });
  for (let c = 0; c < l; c++) mulX(x, omega[c]!, q[c]!);
  orthonormalise(q);
  const tmp = new Float64Array(m);
  for (let it = 0; it < powerIterations; it++) {
    const next = q.map(() => new Float64Array(n));
    for (let c = 0; c < l; c++) {
      mulXt(x, q[c]!, tmp);
      mulX(x, tmp, next[c]!);
    }
    q = next;
    orthonormalise(q);
  }
  // B = Q^T X (l x m); C = B B^T (l x l) = Q^T X X^T Q.
  const b = q.map((col) => {
    const row = new Float64Array(m);
    mulXt(x, col, row);
    return row;
  });
  const c = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    for (let j = i; j < l; j++) {
      let s = 0;
      const bi = b[i]!;
      const bj = b[j]!;
      for (let t = 0; t < m; t++) s += bi[t]! * bj[t]!;
      c[i * l + j] = s;
      c[j * l + i] = s;
    }
  }
  const { values, vectors } = jacobiEigen(c, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((a, bb) => values[bb]! - values[a]!);
  const kk = Math.min(k, l);
  // Row embeddings: Q W sqrt(lambda)... U S = Q W_B S, and W_B S = eigenvectors scaled by sqrt(eigenvalue).
  const out = new Float32Array(n * kk);
  for (let d = 0; d < kk; d++) {
    const e = order[d]!;
    const sigma = Math.sqrt(Math.max(0, values[e]!));
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let t = 0; t < l; t++) s += q[t]![r]! * vectors[t * l + e]!;
      out[r * kk + d] = s * sigma;
    }
  }
  return out;
}

function mulX(x: SparseRows, v: Float64Array, out: Float64Array): void {
  for (let r = 0; r < x.rows; r++) {
    let s = 0;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) s += x.data[p]! * v[x.indices[p]!]!;
    out[r] = s;
  }
}

function mulXt(x: SparseRows, v: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let r = 0; r < x.rows; r++) {
    const vr = v[r]!;
    if (vr === 0) continue;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) out[x.indices[p]!]! += x.data[p]! * vr;
  }
}

/** Modified Gram–Schmidt, twice for stability; columns that vanish become zero. */
function orthonormalise(cols: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < cols.length; i++) {
      const a = cols[i]!;
      for (let j = 0; j < i; j++) {
        const b = cols[j]!;
        let d = 0;
        for (let t = 0; t < a.length; t++) d += a[t]! * b[t]!;
        for (let t = 0; t < a.length; t++) a[t]! -= d * b[t]!;
      }
      let norm = 0;
      for (let t = 0; t < a.length; t++) norm += a[t]! * a[t]!;
      norm = Math.sqrt(norm);
      const inv = norm > 1e-12 ? 1 / norm : 0;
      for (let t = 0; t < a.length; t++) a[t]! *= inv;
    }
  }
}

/** Cyclic Jacobi eigen-decomposition of a symmetric l x l matrix; vectors are columns. */
export function jacobiEigen(a0: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = a0.slice();
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let i = 0; i < l; i++) for (let j = i + 1; j < l; j++) off += a[i * l + j]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i]!;
  return { values, vectors: v };
}
