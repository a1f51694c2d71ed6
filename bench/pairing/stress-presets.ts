/**
 * Named stress presets for bench:pairing-noisy: each combines several kinds of noise with file names that lose
 * the capture order, as the unseen sets do. A rule is kept only if it helps these as well as dev.
 */
import { NO_NOISE, type NoiseKnobs } from "./noise.js";

/** dev's own rates of label noise, added on top of dev (the knobs' defaults) */
const DEV_LIKE = { ...NO_NOISE, ocr: 0.03, dropCues: 0.3, flipRoles: 0.05 };

/** more OCR and role errors, backs with no brand or name read, generic back names */
const POOR_LABELS = {
  ...DEV_LIKE,
  ocr: 0.05,
  dropCues: 0.4,
  flipRoles: 0.08,
  fieldOcr: 0.03,
  blankBacks: 0.3,
  genericBacks: 0.3,
  frontBrands: 0.05,
};

export const STRESS_PRESETS: Record<string, { about: string; knobs: NoiseKnobs }> = {
  "order-lost": {
    about: "dev-like label noise; 40 % of batches shuffled, 30 % random names, the largest shuffled",
    knobs: { ...DEV_LIKE, shuffleNames: 0.4, randomNames: 0.3, shuffleLargest: true },
  },
  "poor-labels": {
    about: "more OCR and role errors, 30 % more backs blank, generic back names; 20 % shuffled, 20 % random",
    knobs: { ...POOR_LABELS, shuffleNames: 0.2, randomNames: 0.2 },
  },
  harsh: {
    about:
      "poor labels plus colour and container drift, sibling, distributor and variant slips; 30 % shuffled, 30 % random, the largest shuffled",
    knobs: {
      ...POOR_LABELS,
      colourDrift: 0.15,
      packDrift: 0.15,
      siblingBacks: 0.1,
      distributorBacks: 0.05,
      variantBacks: 0.2,
      shuffleNames: 0.3,
      randomNames: 0.3,
      shuffleLargest: true,
    },
  },
};

export const STRESS_PRESET_NAMES = Object.keys(STRESS_PRESETS);
