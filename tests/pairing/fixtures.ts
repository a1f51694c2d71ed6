/** Small hand-made vision records for engine tests. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { inverseDocumentFrequency, type ScoreContext } from "../../src/pairing/engine/score.js";
import { captureRanks } from "../../src/pairing/features/capture-order/filename.js";
import { extractFeatures, type ImageFeatures } from "../../src/pairing/features/extract.js";
import {
  defaultPairingConfig,
  loadPairingConfig,
  type PairingConfig,
  type PairingTuning,
} from "../../src/pairing/index.js";
import { parseAnalysis } from "../../src/pairing/input.js";

export interface RecordSpec {
  url: string;
  brand?: string;
  product?: string;
  variant?: string;
  size?: string;
  category?: string;
  role: "front" | "back" | "side" | "other";
  colour?: string;
  description?: string;
  text?: string;
}

export function analysisOf(specs: RecordSpec[]) {
  return {
    groups: specs.map((s) => ({
      groupId: s.url.replace(/\..*$/, ""),
      brand: s.brand ?? "Unknown",
      product: s.product ?? "Unidentified Item",
      variant: s.variant ?? "",
      size: s.size ?? "",
      category: s.category ?? "Unknown",
      categoryPath: s.category ? `Beauty > ${s.category}` : "Unknown",
      images: [s.url],
      primaryImageUrl: s.url,
    })),
    imageInsights: specs.map((s) => ({
      url: s.url,
      hasVisibleText: Boolean(s.text),
      dominantColor: s.colour ?? "white",
      role: s.role,
      roleScore: { front: -1, back: 1.5, side: 0.3, other: 0 }[s.role],
      evidenceTriggers: [],
      visualDescription: s.description ?? "",
      textExtracted: s.text ?? "",
    })),
  };
}

export const shampooFront: RecordSpec = {
  url: "IMG_0001.JPG",
  brand: "Sunsilk",
  product: "Smooth & Manageable Shampoo",
  size: "340 ml",
  category: "Hair Care",
  role: "front",
  colour: "pink",
  description:
    "Pink squeeze bottle. The brand logo 'Sunsilk' is prominently displayed. No visible barcode or ingredient list.",
  text: "SUNSILK\nSMOOTH & MANAGEABLE\nSHAMPOO\n340 ml",
};

export const shampooBack: RecordSpec = {
  url: "IMG_0002.JPG",
  brand: "Sunsilk",
  product: "Shampoo",
  category: "Hair Care",
  role: "back",
  colour: "light-pink",
  description: "Pink squeeze bottle, rear view. Dense small text with directions and an ingredients list.",
  text: "SUNSILK Smooth & Manageable Shampoo\nDIRECTIONS: Apply to wet hair, lather, rinse.\nINGREDIENTS: Aqua, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin, Parfum, Citric Acid, Sodium Benzoate\n340 ml",
};

export const vitaminFront: RecordSpec = {
  url: "IMG_0003.JPG",
  brand: "Nature Made",
  product: "Vitamin C 500 mg",
  size: "100 tablets",
  category: "Vitamins",
  role: "front",
  colour: "orange",
  description: "White bottle with an orange label. The brand logo 'Nature Made' is prominently displayed.",
  text: "NATURE MADE\nVITAMIN C\n500 mg\n100 TABLETS",
};

export const vitaminBack: RecordSpec = {
  url: "IMG_0004.JPG",
  role: "other",
  colour: "white",
  description: "White bottle turned to show fine print and a barcode.",
  text: "Vitamin C 500 mg\nSupplement Facts\nServing Size 1 Tablet\nOther Ingredients: Cellulose, Stearic Acid\nDistributed by Nature Made Inc.\n0 31604 01301 1",
};

/**
 * The features of a batch as the engine sees them before matching (capture ranks filled in) and a scoring
 * context with the batch's token rarity and the given capture-order weight.
 */
export function scoringBatch(specs: RecordSpec[], orderWeight = 0) {
  const feats = parseAnalysis(analysisOf(specs)).records.map(extractFeatures);
  const ranks = captureRanks(feats.map((f) => f.capture));
  feats.forEach((f, i) => {
    f.captureRank = ranks[i];
  });
  const cfg = defaultPairingConfig();
  const ctx: ScoreContext = {
    weights: cfg.weights,
    idf: inverseDocumentFrequency(feats),
    extraOrderWeight: orderWeight,
  };
  const by = (url: string): ImageFeatures => {
    const f = feats.find((x) => x.url === url);
    if (!f) throw new Error(`no photo ${url} in the batch`);
    return f;
  };
  return { feats, ctx, by };
}

/** Tuning values a test changes; weights are merged key by key. */
export type TuningChanges = Partial<Omit<PairingTuning, "weights">> & {
  weights?: Partial<PairingTuning["weights"]>;
};

/** The default configuration (deployment settings from `env`) with some tuning values changed. */
export function tunedConfig(changes: TuningChanges, env: Record<string, string> = {}): PairingConfig {
  const base = loadPairingConfig(env);
  return { ...base, ...changes, weights: { ...base.weights, ...changes.weights } };
}

/** A copy of the shipped tuning file with some values changed, written into `dir`: for CLI runs (PAIR_TUNING). */
export function tuningFileWith(dir: string, changes: TuningChanges): string {
  const shipped = parseYaml(
    readFileSync(new URL("../../configs/pairing-tuning.yaml", import.meta.url), "utf8"),
  );
  const path = join(dir, "tuning.yaml");
  writeFileSync(
    path,
    stringifyYaml({ ...shipped, ...changes, weights: { ...shipped.weights, ...changes.weights } }),
  );
  return path;
}
