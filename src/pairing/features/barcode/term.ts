import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";

const WEIGHTS = {
  barcode: { min: 0, max: 20, doc: "a shared barcode (half of it charged when both differ)" },
};

function barcodeTerm(s: number, a: ImageFeatures, b: ImageFeatures, ctx: ScoreContext, ev: string[] | null) {
  if (a.barcodes.length === 0 || b.barcodes.length === 0) return s;
  const w = (ctx.weights as WeightValues<typeof WEIGHTS>).barcode;
  const shared = a.barcodes.some((c) => b.barcodes.includes(c));
  const v = shared ? w : -0.5 * w;
  ev?.push(`barcode ${shared ? "shared" : "differs"} (${fmt(v)})`);
  return s + v;
}

export const barcodeSignal: Signal<keyof typeof WEIGHTS> = {
  name: "barcode",
  weights: WEIGHTS,
  shared: barcodeTerm,
};
