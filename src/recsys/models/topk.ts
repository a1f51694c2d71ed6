/**
 * out = sum of the matrix rows named by `rows` (each optionally weighted): how every item-item model (EASE,
 * ItemKNN, transitions, content neighbours) scores a history against a dense n x n matrix.
 */
export function sumRows(
  m: Float32Array,
  n: number,
  rows: ArrayLike<number>,
  out: Float32Array,
  weights?: ArrayLike<number>,
): void {
  out.fill(0);
  for (let h = 0; h < rows.length; h++) {
    const o = rows[h]! * n;
    const w = weights ? (weights[h] ?? 1) : 1;
    for (let i = 0; i < n; i++) out[i]! += w * m[o + i]!;
  }
}

/** Top-k selection over a full score vector, skipping excluded items, without sorting the catalogue. */

/**
 * Indices of the k highest scores, best first. `exclude` lists items never to return (the user's history). Ties
 * go to the lower index, so results are deterministic.
 */
export function topK(scores: Float32Array, k: number, exclude?: ArrayLike<number>): Int32Array {
  const n = scores.length;
  let skip: Uint8Array | undefined;
  if (exclude && exclude.length > 0) {
    skip = new Uint8Array(n);
    for (let i = 0; i < exclude.length; i++) skip[exclude[i]!] = 1;
  }
  const kk = Math.min(k, n);
  const idx = new Int32Array(kk);
  const val = new Float64Array(kk);
  let size = 0;
  // Insertion into a sorted buffer: k is small (10-100) and most items fail the first comparison.
  for (let i = 0; i < n; i++) {
    if (skip?.[i]) continue;
    const s = scores[i]!;
    if (Number.isNaN(s)) continue;
    if (size === kk && s <= val[kk - 1]!) continue;
    let p = size < kk ? size++ : kk - 1;
    while (p > 0 && val[p - 1]! < s) {
      val[p] = val[p - 1]!;
      idx[p] = idx[p - 1]!;
      p--;
    }
    val[p] = s;
    idx[p] = i;
  }
  return size === kk ? idx : idx.slice(0, size);
}
