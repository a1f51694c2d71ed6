/** Scores and confidences in outputs are rounded so they read well and compare exactly across runs. */
export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
