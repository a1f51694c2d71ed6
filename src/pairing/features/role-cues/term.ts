import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";

const WEIGHTS = {
  sideCue: {
    min: 0,
    max: 20,
    doc: 'penalty on a back whose evidence triggers name a side panel ("narrow vertical panel"): usually a side shot',
  },
  otherBack: { min: 0, max: 10, doc: 'penalty on a photo labelled "other" that acts as a back' },
};

/** What the vision step said of a candidate back that makes it less likely to be one. */
function roleCueTerm(
  s: number,
  _front: ImageFeatures,
  back: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
) {
  const w = ctx.weights as WeightValues<typeof WEIGHTS>;
  if (back.sideCue && w.sideCue > 0) {
    // the vision step saw a narrow side panel on a photo it called a side, but whose text reads as a back:
    // some are backs, many are side shots of a product whose real back is elsewhere in the batch
    s -= w.sideCue;
    ev?.push(`back shows a side-panel cue (${fmt(-w.sideCue)})`);
  }
  if (back.visionRole === "other") {
    s -= w.otherBack;
    ev?.push(`back labelled "other" (${fmt(-w.otherBack)})`);
  }
  return s;
}

export const roleCueSignal: Signal<keyof typeof WEIGHTS> = {
  name: "role cues",
  weights: WEIGHTS,
  pair: roleCueTerm,
};
