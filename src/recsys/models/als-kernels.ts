import { solveSmall } from "./linalg.js";

/**
 * Implicit-feedback ALS kernels (Hu, Koren & Volinsky 2008) on typed arrays. One half-step solves, for each row r
 * (a user or an item) with entries j and confidences c_j = 1 + alpha * conf_j:
 *   (A + sum_j a_j y_j y_j^T) x_r = sum_j (1 + a_j) y_j,   A = Y^T Y + lambda I,  a_j = alpha * conf_j.
 * Rows with few entries (most shop users have one or two) are solved exactly through the Woodbury identity on the
 * shared A^-1 (one entry is the Sherman–Morrison closed form); longer rows use warm-started conjugate gradient.
 * The functions take plain typed arrays and a row range, so worker threads run the same code on shared memory.
 */

export interface SideArrays {
  f: number;
  alpha: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
  /** Fixed factors (cols x f). */
  y: Float32Array;
  /** Factors being solved (rows x f). */
  x: Float32Array;
  /** A = Y^T Y + lambda I (f x f). */
  a: Float64Array;
  /** A^-1 (f x f). */
  aInv: Float64Array;
  /** Optional precomputed A^-1 y_j for every column (cols x f); computed on the fly when absent. */
  z?: Float64Array;
  maxWoodbury: number;
  cgSteps: number;
}

export interface SideResult {
  /** Partial X^T X over solved rows (f x f, upper triangle), excluding rows reported in singleWeight. */
  gram: Float64Array;
  /** With z given: for one-entry rows x = s z_j, so X^T X gets sum_j (sum of s^2) z_j z_j^T; this holds those sums. */
  singleWeight?: Float64Array;
}

export function solveRows(s: SideArrays, start: number, end: number, cols: number): SideResult {
  const f = s.f;
  const gram = new Float64Array(f * f);
  const singleWeight = s.z ? new Float64Array(cols) : undefined;
  const k0 = s.maxWoodbury;
  const zs = new Float64Array(k0 * f);
  const m = new Float64Array(k0 * k0);
  const t = new Float64Array(k0);
  const w = new Float64Array(f);
  const cg = {
    r: new Float64Array(f),
    p: new Float64Array(f),
    ap: new Float64Array(f),
    xv: new Float64Array(f),
  };
  const { indptr, indices, data, y, x, aInv, alpha } = s;
  const z = s.z;
  for (let row = start; row < end; row++) {
    const a0 = indptr[row]!;
    const k = indptr[row + 1]! - a0;
    const xo = row * f;
    if (k === 0) {
      for (let d = 0; d < f; d++) x[xo + d] = 0;
      continue;
    }
    if (k === 1 && z && singleWeight) {
      const j = indices[a0]!;
      const aj = alpha * data[a0]!;
      const zo = j * f;
      const yo = j * f;
      let yz = 0;
      for (let d = 0; d < f; d++) yz += y[yo + d]! * z[zo + d]!;
      const scale = (1 + aj) / (1 + aj * yz);
      for (let d = 0; d < f; d++) x[xo + d] = scale * z[zo + d]!;
      singleWeight[j]! += scale * scale;
      continue;
    }
    if (k <= k0) {
      // z_j = A^-1 y_j for the row's entries.
      for (let q = 0; q < k; q++) {
        const j = indices[a0 + q]!;
        const yo = j * f;
        const zo = q * f;
        if (z) {
          for (let d = 0; d < f; d++) zs[zo + d] = z[j * f + d]!;
        } else {
          for (let r = 0; r < f; r++) {
            let acc = 0;
            const ro = r * f;
            for (let d = 0; d < f; d++) acc += aInv[ro + d]! * y[yo + d]!;
            zs[zo + r] = acc;
          }
        }
      }
      w.fill(0);
      for (let q = 0; q < k; q++) {
        const c1 = 1 + alpha * data[a0 + q]!;
        const zo = q * f;
        for (let d = 0; d < f; d++) w[d]! += c1 * zs[zo + d]!;
      }
      // K = D^-1 + Y^T A^-1 Y; rhs = Y^T w.
      for (let q = 0; q < k; q++) {
        const yo = indices[a0 + q]! * f;
        let yw = 0;
        for (let d = 0; d < f; d++) yw += y[yo + d]! * w[d]!;
        t[q] = yw;
        for (let l = 0; l < k; l++) {
          const zo = l * f;
          let acc = 0;
          for (let d = 0; d < f; d++) acc += y[yo + d]! * zs[zo + d]!;
          m[q * k + l] = acc;
        }
        m[q * k + q]! += 1 / (alpha * data[a0 + q]!);
      }
      solveSmall(m, k, t);
      for (let d = 0; d < f; d++) {
        let v = w[d]!;
        for (let q = 0; q < k; q++) v -= t[q]! * zs[q * f + d]!;
        x[xo + d] = v;
      }
    } else {
      conjugateGradient(s, row, a0, k, cg);
    }
    // Outer product into the partial Gram (upper triangle).
    for (let i = 0; i < f; i++) {
      const xi = x[xo + i]!;
      if (xi === 0) continue;
      const gi = i * f;
      for (let j = i; j < f; j++) gram[gi + j]! += xi * x[xo + j]!;
    }
  }
  return singleWeight ? { gram, singleWeight } : { gram };
}

function conjugateGradient(
  s: SideArrays,
  row: number,
  a0: number,
  k: number,
  buf: { r: Float64Array; p: Float64Array; ap: Float64Array; xv: Float64Array },
): void {
  const { f, alpha, indices, data, y, x, a } = s;
  const { r, p, ap, xv } = buf;
  const xo = row * f;
  for (let d = 0; d < f; d++) xv[d] = x[xo + d]!;
  // r = b - (A + sum a_j y_j y_j^T) x
  for (let i = 0; i < f; i++) {
    let acc = 0;
    const ro = i * f;
    for (let d = 0; d < f; d++) acc += a[ro + d]! * xv[d]!;
    r[i] = -acc;
  }
  for (let q = 0; q < k; q++) {
    const c = alpha * data[a0 + q]!;
    const yo = indices[a0 + q]! * f;
    let yx = 0;
    for (let d = 0; d < f; d++) yx += y[yo + d]! * xv[d]!;
    const coef = 1 + c - c * yx;
    for (let d = 0; d < f; d++) r[d]! += coef * y[yo + d]!;
  }
  let rs = 0;
  for (let d = 0; d < f; d++) {
    p[d] = r[d]!;
    rs += r[d]! * r[d]!;
  }
  for (let it = 0; it < s.cgSteps && rs > 1e-20; it++) {
    for (let i = 0; i < f; i++) {
      let acc = 0;
      const ro = i * f;
      for (let d = 0; d < f; d++) acc += a[ro + d]! * p[d]!;
      ap[i] = acc;
    }
    for (let q = 0; q < k; q++) {
      const c = alpha * data[a0 + q]!;
      const yo = indices[a0 + q]! * f;
      let yp = 0;
      for (let d = 0; d < f; d++) yp += y[yo + d]! * p[d]!;
      const coef = c * yp;
      for (let d = 0; d < f; d++) ap[d]! += coef * y[yo + d]!;
    }
    let pap = 0;
    for (let d = 0; d < f; d++) pap += p[d]! * ap[d]!;
    if (!(pap > 0)) break;
    const step = rs / pap;
    let rsNew = 0;
    for (let d = 0; d < f; d++) {
      xv[d]! += step * p[d]!;
      r[d]! -= step * ap[d]!;
      rsNew += r[d]! * r[d]!;
    }
    const beta = rsNew / rs;
    for (let d = 0; d < f; d++) p[d] = r[d]! + beta * p[d]!;
    rs = rsNew;
  }
  for (let d = 0; d < f; d++) x[xo + d] = xv[d]!;
}

/** Z = Y A^-1 (row j is A^-1 y_j since A is symmetric), for columns in [start, end). */
export function precomputeZ(
  y: Float32Array,
  aInv: Float64Array,
  f: number,
  start: number,
  end: number,
  z: Float64Array,
): void {
  for (let j = start; j < end; j++) {
    const yo = j * f;
    for (let r = 0; r < f; r++) {
      let acc = 0;
      const ro = r * f;
      for (let d = 0; d < f; d++) acc += aInv[ro + d]! * y[yo + d]!;
      z[yo + r] = acc;
    }
  }
}
