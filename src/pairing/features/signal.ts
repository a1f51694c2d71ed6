/**
 * What a pairing signal is: the weights it owns (their bounds and meaning, validated in the tuning file) and the
 * score terms it adds when two photos are compared. The registry lists every signal once; the scorer, the tuning
 * schema and the metrics all read that list.
 */
import type { ImageFeatures } from "./extract.js";

/** One tunable weight: the tuning file must hold a value in [min, max]. */
export interface WeightSpec {
  min: number;
  max: number;
  /** what the weight does, as the tuning file's reader needs it */
  doc: string;
}

/** Batch-level context the terms need: the weights, token rarity and how far capture order can be trusted. */
export interface ScoreContext {
  weights: Readonly<Record<string, number>>;
  /** rarity of each word of the batch's lexicon, by id */
  idf: Float64Array;
  /**
   * weight of capture-order proximity for extra shots in this batch (0 when order carries no information);
   * front–back matching gets its own weight from the order calibration
   */
  extraOrderWeight: number;
}

/**
 * One score term: takes the running total and returns it with the term's share added, so every term adds in the
 * registry's order and the sum is the same whatever the term's shape. `ev` collects evidence text when asked for.
 */
export type ScoreTerm = (
  s: number,
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
  /** `b`'s product words `a` should show (its product field, or the part of it its label confirms) */
  bProductTokens: readonly number[],
) => number;

export interface Signal<W extends string = string> {
  name: string;
  weights: Readonly<Record<W, WeightSpec>>;
  /** added when comparing any two photos of a product: front–back pairs and extra shots alike */
  shared?: ScoreTerm;
  /** added only when `a` is a front and `b` a candidate back */
  pair?: ScoreTerm;
  /** added only when `a` is an extra shot and `b` a face of a product */
  extra?: ScoreTerm;
}

/** The values of a signal's weights, as a term reads them off `ScoreContext.weights`. */
export type WeightValues<T> = Readonly<Record<keyof T, number>>;

/** A signed score for evidence text: "+1.50", "-0.75". */
export const fmt = (x: number) => (x >= 0 ? `+${x.toFixed(2)}` : x.toFixed(2));
