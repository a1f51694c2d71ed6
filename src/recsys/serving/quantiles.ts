/** Quantile normalisation: a score becomes its position (0..1) in a distribution fitted on this data. */

export interface Quantiles {
  /** 101 cut points (0th..100th percentile), ascending. */
  cuts: Float64Array;
}

export function fitQuantiles(values: number[]): Quantiles {
  const cuts = new Float64Array(101);
  if (values.length === 0) return { cuts };
  const sorted = Float64Array.from(values).sort();
  for (let q = 0; q <= 100; q++)
    cuts[q] = sorted[Math.min(sorted.length - 1, Math.round((q / 100) * (sorted.length - 1)))]!;
  return { cuts };
}

/** Piecewise-linear CDF through the cut points; below the lowest is 0, above the highest is 1. */
export function quantileOf(q: Quantiles, x: number): number {
  const c = q.cuts;
  if (!(x > c[0]!)) return 0;
  if (x >= c[100]!) return 1;
  let lo = 0;
  let hi = 100;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (c[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const span = c[hi]! - c[lo]!;
  return (lo + (span > 0 ? (x - c[lo]!) / span : 0)) / 100;
}
