import type { ImageFeatures } from "../extract.js";
import type { ScoreContext, Signal, WeightValues } from "../signal.js";

const WEIGHTS = { folder: { min: 0, max: 20, doc: "both photos sit in the same sub-folder of the upload" } };

function folderTerm(s: number, a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext) {
  if (a.folder === "" || a.folder !== b.folder) return s;
  return s + (ctx.weights as WeightValues<typeof WEIGHTS>).folder;
}

export const folderSignal: Signal<keyof typeof WEIGHTS> = {
  name: "folder",
  weights: WEIGHTS,
  shared: folderTerm,
};
