/** A bench batch's truth, as the benches read it, and the one rule for whether an output pair is right. */

export interface TruthPairs {
  pairs: [string, string][];
  /** a front's re-takes: any of them with the front's back is right too (as in score.py) */
  alternates?: Record<string, string[]>;
}

/** Whether `front` with `back` is a true pair: the back's true front, or one of that front's re-takes. */
export function pairJudge(truth: TruthPairs): (front: string, back: string) => boolean {
  const frontOf = new Map(truth.pairs.map(([f, b]) => [b, f]));
  return (front, back) => {
    const f = frontOf.get(back);
    return f !== undefined && (f === front || (truth.alternates?.[f] ?? []).includes(front));
  };
}
