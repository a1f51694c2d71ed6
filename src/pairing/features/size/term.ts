import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { compareSizes } from "./size.js";

const WEIGHTS = {
  size: { min: 0, max: 20, doc: "same pack size (half of it charged when the sizes differ)" },
};

function sizeTerm(
  s: number,
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
): number {
  const w = ctx.weights as WeightValues<typeof WEIGHTS>;
  const size = compareSizes(a.quantities, b.quantities);
  if (size === "match") {
    ev?.push(`size match (${fmt(w.size)})`);
    return s + w.size;
  }
  if (size === "conflict") {
    ev?.push(`size conflict (${fmt(-0.5 * w.size)})`);
    return s - 0.5 * w.size;
  }
  return s;
}

export const sizeSignal: Signal<keyof typeof WEIGHTS> = { name: "size", weights: WEIGHTS, shared: sizeTerm };
