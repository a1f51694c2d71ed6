import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { packagingAgreementOfCodes } from "./packaging.js";

const WEIGHTS = {
  packaging: { min: 0, max: 20, doc: "the two photos name the same (or a close) container" },
};

function packagingTerm(
  s: number,
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
) {
  const pack = packagingAgreementOfCodes(a.packagingCode, b.packagingCode);
  if (pack === 0) return s;
  const v = (ctx.weights as WeightValues<typeof WEIGHTS>).packaging * pack;
  ev?.push(`packaging ${a.packaging}/${b.packaging} (${fmt(v)})`);
  return s + v;
}

export const packagingSignal: Signal<keyof typeof WEIGHTS> = {
  name: "packaging",
  weights: WEIGHTS,
  shared: packagingTerm,
};
