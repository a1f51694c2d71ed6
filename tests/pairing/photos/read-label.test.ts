import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OcrLine, OcrResult } from "../../../src/pairing/photos/ocr.js";
import { mergeOcr } from "../../../src/pairing/photos/ocr.js";
import { correctHeroLines, inferBrands, readLabel } from "../../../src/pairing/photos/read-label.js";
import { listingName } from "../../../src/pairing/photos/review.js";

const line = (text: string, size: number, confidence = 90, top = 0.5): OcrLine => ({
  text,
  size,
  confidence,
  top,
});
const ocr = (lines: OcrLine[]): OcrResult => ({ lines });

const front = ocr([line("GLOWMAX", 0.06, 95, 0.3), line("Night Serum", 0.04, 93, 0.4), line("30 ml", 0.02)]);
const back = ocr([
  line("Ingredients: Aqua, Glycerin, Niacinamide", 0.015),
  line("Directions: apply two drops every evening", 0.015),
  line("Warning: for external use only", 0.015),
  line("Distributed by Glowmax Labs, Austin TX", 0.015),
  line("0 12345 67890 5", 0.015),
]);

describe("reading a label", () => {
  it("large hero text and little else reads as a front, with its size", () => {
    const r = readLabel(front);
    assert.equal(r.role, "front");
    assert.ok(r.roleScore <= -0.2);
    assert.ok(r.evidenceTriggers.includes("large product name as hero text"));
    assert.deepEqual(r.heroLines, ["GLOWMAX", "Night Serum"]);
    assert.equal(r.size, "30 ml");
  });

  it("ingredients, directions, warnings and a maker line read as a back, whatever the layout", () => {
    const r = readLabel(back);
    assert.equal(r.role, "back");
    for (const t of ["Ingredients", "Directions", "Warning", "Distributed by"]) {
      assert.ok(r.evidenceTriggers.includes(t), t);
    }
  });

  it("no text at all is neither side", () => {
    const r = readLabel(ocr([]));
    assert.equal(r.role, "other");
    assert.equal(r.text, "");
    assert.deepEqual(r.heroLines, []);
  });

  it("marketing copy on a front does not make it a back without back-of-pack words", () => {
    const copy = Array.from({ length: 14 }, (_, i) =>
      line(`supports radiant healthy looking glow ${i}`, 0.012),
    );
    const r = readLabel(ocr([line("LUMINA", 0.07), ...copy]));
    assert.notEqual(r.role, "back");
    assert.ok(r.roleScore < 0.2);
  });

  it("reads a category only from phrases that name one", () => {
    assert.equal(readLabel(ocr([line("Supplement Facts", 0.03)])).category, "Supplements");
    assert.equal(
      readLabel(ocr([line("Hydrating Eye Patches with Vitamin B12", 0.03)])).category,
      "Skin Care",
    );
    assert.equal(readLabel(ocr([line("Vitamin B12 boost", 0.03)])).category, "Unknown");
  });
});

describe("batch-level reading", () => {
  it("a brand is a hero word another front shares or a maker line names; backs stay Unknown", () => {
    const brands = inferBrands([
      { role: "front", heroLines: ["GLOWMAX", "Night Serum"], text: "GLOWMAX\nNight Serum" },
      { role: "back", heroLines: [], text: "Distributed by Glowmax Labs" },
      { role: "front", heroLines: ["Herbavit", "Daily Greens"], text: "Herbavit\nDaily Greens" },
      { role: "front", heroLines: ["Herbavit", "Night Greens"], text: "Herbavit\nNight Greens" },
      { role: "front", heroLines: ["Lonely Name"], text: "Lonely Name" },
    ]);
    assert.deepEqual(brands, ["GLOWMAX", "Unknown", "Herbavit", "Herbavit", "Unknown"]);
  });

  it("corrects a misread hero word to the form another photo shows, and leaves shared words alone", () => {
    const fixed = correctHeroLines([
      { heroLines: ["etterAlts GUMMIES"], text: "etterAlts GUMMIES" },
      { heroLines: [], text: "Made for BetterAlts Inc. Gummies with electrolytes" },
    ]);
    assert.deepEqual(fixed[0], ["BetterAlts GUMMIES"]);
  });

  it("merging two OCR views keeps one copy of a line, the more confident", () => {
    const a = ocr([line("Night Serum", 0.04, 70)]);
    const b = ocr([line("NIGHT SERUM", 0.04, 92), line("Aqua, Glycerin", 0.01, 80)]);
    const m = mergeOcr([a, b]);
    assert.deepEqual(
      m.lines.map((l) => [l.text, l.confidence]),
      [
        ["NIGHT SERUM", 92],
        ["Aqua, Glycerin", 80],
      ],
    );
  });
});

describe("listing names", () => {
  it("do not repeat a brand the product name starts with, and drop placeholders", () => {
    assert.equal(listingName({ brand: "BetterAlt", product: "BetterAlt Gummies" }), "BetterAlt Gummies");
    assert.equal(listingName({ brand: "Jarrow", product: "Fem Dophilus" }), "Jarrow Fem Dophilus");
    assert.equal(listingName({ brand: "Unknown", product: "Night Serum" }), "Night Serum");
    assert.equal(listingName({ brand: "Unknown", product: "Unidentified Item" }), "");
  });
});
