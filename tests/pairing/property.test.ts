import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import { analysisOf, type RecordSpec } from "./fixtures.js";

const config = loadPairingConfig({});
const words = ["Sunsilk", "Dove", "Unknown", "Orgain", "Nature Made", "Makarizo", "L'Oréal", ""];
const products = ["Shampoo", "Protein Powder", "Unidentified Item", "Hair Mask", "Vitamin C", "Serum"];
const descs = [
  "Pink squeeze bottle. The brand logo is prominently displayed.",
  "White tub, rear view, dense small text with an ingredients list and a barcode.",
  "Close-up of the cap of a green bottle.",
  "Narrow side panel of a jar. The text runs vertically.",
  "A receipt on a desk. No product packaging visible.",
  "Two identical bottles standing side by side.",
  "",
];
const texts = [
  "INGREDIENTS: Aqua, Glycerin, Parfum, Citric Acid, Sodium Benzoate, Limonene\nDirections: apply.",
  "SUNSILK\nSHAMPOO\n340 ml",
  "Supplement Facts\nServing Size 1 Scoop (24g)\n0 31604 01301 1",
  "",
];

const recordArb = fc.record({
  name: fc.oneof(fc.constantFrom("IMG_", "PXL_20251115_14", "x"), fc.string({ maxLength: 4 })),
  n: fc.nat(9999),
  folder: fc.constantFrom("", "EBAY/", "a/b/"),
  brand: fc.constantFrom(...words),
  product: fc.constantFrom(...products),
  size: fc.constantFrom("", "250 mL", "8.5 FL OZ / 250 mL", "10.9 oz | 31 servings", "1 Scoop (24g)"),
  role: fc.constantFrom("front", "back", "side", "other"),
  colour: fc.constantFrom("forest-green", "dark-forest-green", "white", "off-white", "red", ""),
  description: fc.constantFrom(...descs),
  text: fc.constantFrom(...texts),
});

/** A record damaged the way real files are: wrong types, missing fields, junk values. */
const corruption = fc.constantFrom(
  (ins: Record<string, unknown>) => {
    ins.role = "diagonal";
  },
  (ins: Record<string, unknown>) => {
    ins.roleScore = "high";
  },
  (ins: Record<string, unknown>) => {
    ins.evidenceTriggers = "Barcode";
  },
  (ins: Record<string, unknown>) => {
    delete ins.url;
  },
  (ins: Record<string, unknown>) => {
    ins.textExtracted = 42;
  },
  (ins: Record<string, unknown>) => {
    ins.dominantColor = null;
  },
);

function checkContract(analysis: { imageInsights: { url?: unknown }[]; groups: { images: string[] }[] }) {
  const run = pairAnalysis(analysis, config);
  const r = run.result;
  const expected = new Set<string>();
  for (const i of analysis.imageInsights) if (typeof i.url === "string" && i.url) expected.add(i.url);
  for (const g of analysis.groups) for (const u of g.images) expected.add(u);
  const seen: string[] = [];
  for (const p of r.products) seen.push(p.frontUrl, ...(p.backUrl ? [p.backUrl] : []), ...p.extras);
  for (const s of r.singletons) seen.push(s.url);
  assert.equal(seen.length, new Set(seen).size, "an url appears twice");
  assert.deepEqual(new Set(seen), expected, "every input url appears exactly once");
  const backs = r.pairs.map((p) => p.backUrl);
  assert.equal(backs.length, new Set(backs).size, "a back is used twice");
  for (const p of r.pairs) assert.notEqual(p.frontUrl, p.backUrl);
  assert.equal(run.metrics.totals.contractViolations, 0);
}

describe("contract property", () => {
  it("holds for random batches", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(recordArb, { maxLength: 40, selector: (r) => `${r.folder}${r.name}${r.n}` }),
        (recs) => {
          const specs: RecordSpec[] = recs.map((r) => ({
            ...r,
            url: `${r.folder}${r.name}${r.n}.jpg`,
          })) as RecordSpec[];
          checkContract(analysisOf(specs));
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  it("holds when records are corrupted, duplicated or missing their insight", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(recordArb, {
          minLength: 1,
          maxLength: 30,
          selector: (r) => `${r.folder}${r.name}${r.n}`,
        }),
        fc.array(fc.tuple(fc.nat(), corruption), { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (recs, damage, duplicate, dropInsight) => {
          const specs: RecordSpec[] = recs.map((r) => ({
            ...r,
            url: `${r.folder}${r.name}${r.n}.jpg`,
          })) as RecordSpec[];
          const a = analysisOf(specs) as {
            groups: { images: string[] }[];
            imageInsights: Record<string, unknown>[];
          };
          for (const [i, f] of damage) f(a.imageInsights[i % a.imageInsights.length]);
          if (duplicate) a.imageInsights.push({ ...a.imageInsights[0] });
          if (dropInsight && a.imageInsights.length > 1) a.imageInsights.splice(1, 1);
          checkContract(a as never);
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });
});
