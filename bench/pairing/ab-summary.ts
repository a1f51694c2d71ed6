/** The verdict of `bench:pairing-ab`: rounds of alternating timings of two engines, summed up. */

export interface AbSummary {
  rounds: number;
  /** median over the rounds of each side's median ms per 100 images */
  baseMedian: number;
  headMedian: number;
  /** per round, this engine's time over the base engine's: the two ran back to back, so drift mostly cancels */
  ratios: number[];
  /** median of `ratios` minus one: −0.1 is 10 % faster */
  change: number;
  /** rounds in which this engine was faster */
  headFaster: number;
  /**
   * two-sided exact sign test of "neither engine is faster" over the rounds: a change smaller than the rounds'
   * scatter shows up as rounds that disagree and a large p. Six rounds that all agree give 0.031; five, 0.0625.
   */
  p: number;
  /** "faster" or "slower" when p < 0.05, else null: not shown */
  verdict: "faster" | "slower" | null;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median of nothing");
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `base[i]` and `head[i]` are the two engines' median ms per 100 images in round i. */
export function summariseRounds(base: readonly number[], head: readonly number[]): AbSummary {
  if (base.length !== head.length || base.length === 0)
    throw new Error(`need the same number of rounds on both sides, got ${base.length} and ${head.length}`);
  const ratios = head.map((h, i) => h / base[i]);
  const headFaster = ratios.filter((r) => r < 1).length;
  const headSlower = ratios.filter((r) => r > 1).length;
  const p = signTestP(headFaster, headSlower);
  const change = median(ratios) - 1;
  return {
    rounds: base.length,
    baseMedian: median(base),
    headMedian: median(head),
    ratios,
    change,
    headFaster,
    p,
    verdict: p < 0.05 ? (headFaster > headSlower ? "faster" : "slower") : null,
  };
}

/** Two-sided exact sign test: the chance of a split at least this uneven between two equally likely sides. Ties are dropped. */
export function signTestP(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let tail = 0;
  let term = 0.5 ** n; // C(n, 0) / 2^n
  for (let i = 0; i <= k; i++) {
    tail += term;
    term = (term * (n - i)) / (i + 1);
  }
  return Math.min(1, 2 * tail);
}
