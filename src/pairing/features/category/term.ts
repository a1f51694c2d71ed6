import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { categoryAgreementOfCodes } from "./category.js";

const WEIGHTS = { category: { min: 0, max: 20, doc: "the two photos' categories agree (or conflict)" } };

function categoryTerm(s: number, a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext, ev: string[] | null) {
  const cat = categoryAgreementOfCodes(a.domainCode, b.domainCode);
  if (cat === 0) return s;
  const v = (ctx.weights as WeightValues<typeof WEIGHTS>).category * cat;
  ev?.push(`category ${a.domain}/${b.domain} (${fmt(v)})`);
  return s + v;
}

export const categorySignal: Signal<keyof typeof WEIGHTS> = {
  name: "category",
  weights: WEIGHTS,
  shared: categoryTerm,
};
