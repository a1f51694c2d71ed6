import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { appearanceScore, appearanceSimilarity } from "./appearance.js";
import { colourAgreementOfCodes } from "./colour.js";

const WEIGHTS = {
  colour: { min: 0, max: 20, doc: "the colour words of the two photos agree" },
  appearance: {
    min: 0,
    max: 20,
    doc: "colour-signature similarity; only our own photo analyser (`pairing analyze`) writes signatures",
  },
};

function colourTerm(s: number, a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext, ev: string[] | null) {
  const w = ctx.weights as WeightValues<typeof WEIGHTS>;
  if (a.appearance && b.appearance) {
    // measured colours replace the colour words, which our analyser derives from the same pixels
    const sim = appearanceSimilarity(a.appearance, b.appearance);
    const v = w.appearance * appearanceScore(sim);
    ev?.push(`colour signature ${sim.toFixed(2)} (${fmt(v)})`);
    return s + v;
  }
  const col = colourAgreementOfCodes(a.colourCode, b.colourCode, a.coloursMask, b.coloursMask);
  if (col === 0) return s;
  ev?.push(`colour ${a.colour}/${b.colour} (${fmt(w.colour * col)})`);
  return s + w.colour * col;
}

export const colourSignal: Signal<keyof typeof WEIGHTS> = {
  name: "colour",
  weights: WEIGHTS,
  shared: colourTerm,
};
