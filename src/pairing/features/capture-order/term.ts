import type { Signal } from "../signal.js";

/**
 * Capture order: the engine scores it itself (`proximity` of each candidate), at a weight the batch's own order
 * calibration scales, so it has weights and no term here.
 */
export const captureOrderSignal: Signal<"proximity" | "extraProximity"> = {
  name: "capture order",
  weights: {
    proximity: {
      min: 0,
      max: 20,
      doc: "capture-order closeness of a front and a back, at full weight when the batch's order is reliable",
    },
    extraProximity: {
      min: 0,
      max: 20,
      doc: "the same for a side, detail or re-take shot and a product's face",
    },
  },
};
