import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { lookSimilarityOfMasks } from "./look.js";

const WEIGHTS = {
  look: {
    min: 0,
    max: 20,
    doc: 'shape, closure and material words two descriptions share ("squat", "airless", "snap lid")',
  },
};

function lookTerm(s: number, a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext, ev: string[] | null) {
  const w = ctx.weights as WeightValues<typeof WEIGHTS>;
  const look = lookSimilarityOfMasks(a.lookLo, a.lookHi, b.lookLo, b.lookHi);
  if (look === null || w.look <= 0) return s;
  const v = w.look * (2 * look - 0.3);
  ev?.push(`look ${look.toFixed(2)} (${fmt(v)})`);
  return s + v;
}

export const lookSignal: Signal<keyof typeof WEIGHTS> = { name: "look", weights: WEIGHTS, shared: lookTerm };
