/** Small dense linear algebra on Float64Array (row-major), sized for factor models (f <= ~256) and EASE. */

/** In-place Cholesky of an n x n SPD matrix (lower triangle holds L). Returns false if not positive definite. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]! - dot(a, rj, a, rj, j);
    if (!(d > 0)) return false;
    d = Math.sqrt(d);
    a[rj + j] = d;
    const inv = 1 / d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, j)) * inv;
    }
  }
  return true;
}

/** sum_{t < len} x[xo + t] * y[yo + t], unrolled by four (V8 keeps the partial sums in registers). */
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += x[xo + t]! * y[yo + t]!;
    s1 += x[xo + t + 1]! * y[yo + t + 1]!;
    s2 += x[xo + t + 2]! * y[yo + t + 2]!;
    s3 += x[xo + t + 3]! * y[yo + t + 3]!;
  }
  for (; t < len; t++) s0 += x[xo + t]! * y[yo + t]!;
  return s0 + s1 + s2 + s3;
}

/** y[yo + t] += alpha * x[xo + t] for t < len, unrolled by four. */
function axpy(y: Float64Array, yo: number, x: Float64Array, xo: number, alpha: number, len: number): void {
  let t = 0;
  for (; t + 3 < len; t += 4) {
    y[yo + t]! += alpha * x[xo + t]!;
    y[yo + t + 1]! += alpha * x[xo + t + 1]!;
    y[yo + t + 2]! += alpha * x[xo + t + 2]!;
    y[yo + t + 3]! += alpha * x[xo + t + 3]!;
  }
  for (; t < len; t++) y[yo + t]! += alpha * x[xo + t]!;
}

/** Solves L L^T x = b given the Cholesky factor (lower triangle of `l`); b is overwritten with x. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * Inverse of an SPD matrix via Cholesky: A^-1 = L^-T L^-1. Row-major loops keep the inner loop contiguous,
 * which matters at EASE sizes (n in the thousands). Returns null if A is not positive definite.
 */
export function spdInverse(a: Float64Array, n: number): Float64Array | null {
  const l = a.slice();
  if (!cholesky(l, n)) return null;
  // W = L^-1 (lower triangular), computed row by row: W[i, :] = (e_i - sum_{k<i} L[i,k] W[k, :]) / L[i,i].
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    w[ri + i] = 1;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k]!;
      if (lik === 0) continue;
      axpy(w, ri, w, k * n, -lik, k + 1);
    }
    const inv = 1 / l[ri + i]!;
    for (let j = 0; j <= i; j++) w[ri + j]! *= inv;
  }
  // P = W^T W; P[i, j] = sum_{k >= max(i,j)} W[k, i] W[k, j]. Accumulate row k of W into the upper triangle.
  const p = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const wki = w[rk + i]!;
      if (wki === 0) continue;
      axpy(p, i * n + i, w, rk + i, wki, k - i + 1);
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) p[j * n + i] = p[i * n + j]!;
  return p;
}

/** Solves a small general k x k system by Gaussian elimination with partial pivoting; b becomes x. */
export function solveSmall(m: Float64Array, k: number, b: Float64Array): void {
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r * k + c]!) > Math.abs(m[piv * k + c]!)) piv = r;
    if (piv !== c) {
      for (let j = 0; j < k; j++) {
        const t = m[c * k + j]!;
        m[c * k + j] = m[piv * k + j]!;
        m[piv * k + j] = t;
      }
      const t = b[c]!;
      b[c] = b[piv]!;
      b[piv] = t;
    }
    const d = m[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      const f = m[r * k + c]! / d;
      if (f === 0) continue;
      for (let j = c; j < k; j++) m[r * k + j]! -= f * m[c * k + j]!;
      b[r]! -= f * b[c]!;
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let j = r + 1; j < k; j++) s -= m[r * k + j]! * b[j]!;
    b[r] = s / m[r * k + r]!;
  }
}

/** G = X^T X for the rows of X (rows x f, float32), added into g (f x f, float64). */
export function addGram(x: Float32Array, rowStart: number, rowEnd: number, f: number, g: Float64Array): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const o = r * f;
    for (let i = 0; i < f; i++) {
      const xi = x[o + i]!;
      if (xi === 0) continue;
      const gi = i * f;
      for (let j = i; j < f; j++) g[gi + j]! += xi * x[o + j]!;
    }
  }
}

/** Copies the upper triangle of a symmetric matrix into the lower one. */
export function symmetrize(g: Float64Array, f: number): void {
  for (let i = 0; i < f; i++) for (let j = i + 1; j < f; j++) g[j * f + i] = g[i * f + j]!;
}
