import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FeatureIndex } from "../../../src/pairing/engine/candidates.js";
import { extractFeatures } from "../../../src/pairing/features/extract.js";
import { parseAnalysis } from "../../../src/pairing/input.js";
import { analysisOf, type RecordSpec, shampooBack, shampooFront } from "../fixtures.js";

describe("FeatureIndex.candidatesFor", () => {
  // a big brand's 80 sibling backs all share the front's brand and words; its own back, shot right after it,
  // was read with another brand spelling and no shared word
  const siblings: RecordSpec[] = Array.from({ length: 80 }, (_, i) => ({
    ...shampooBack,
    url: `SIB_${String(i).padStart(3, "0")}.JPG`,
    text: `${shampooBack.text} batch ${i}`,
  }));
  const ownBack: RecordSpec = {
    url: "IMG_0002.JPG",
    brand: "SunSilkco",
    role: "back",
    description: "Rear view with dense small text.",
    text: "CARA PAKAI: oleskan pada rambut basah, bilas.",
  };
  const feats = parseAnalysis(analysisOf([shampooFront, ...siblings, ownBack])).records.map(extractFeatures);
  const backs = feats.slice(1);
  const slotOf = new Map(backs.map((b, slot) => [b.index, slot]));
  const ownSlot = backs.findIndex((b) => b.url === ownBack.url);

  it("always offers the capture neighbours, however many better-connected images there are", () => {
    // capture order: the front, then its own back, then the siblings
    const order = [0, feats.findIndex((f) => f.url === ownBack.url), ...siblings.map((_, i) => i + 1)];
    const index = new FeatureIndex(backs, order, slotOf, [feats[0]], true);
    const got = index.candidatesFor(feats[0], 0, 8, 16);
    assert.ok(got.includes(ownSlot), `own back (slot ${ownSlot}) missing from ${got.length} candidates`);
    assert.ok(got.length <= 16 + 8, `${got.length} candidates: only the neighbours may exceed the limit`);
  });

  it("without capture order, is capped at the limit, best-connected first", () => {
    const index = new FeatureIndex(backs, [], slotOf, [feats[0]], true);
    const got = index.candidatesFor(feats[0], undefined, 8, 16);
    assert.equal(got.length, 16);
    assert.ok(!got.includes(ownSlot));
  });
});

describe("FeatureIndex.candidatesFor: backs a front's own brand does not name", () => {
  // ten sibling backs carry the front's brand as it reads it, so the index never falls back to the look alone
  const front: RecordSpec = {
    url: "IMG_0001.JPG",
    brand: "Makarizo Professional",
    product: "Texture Experience Creambath Green Tea",
    category: "Hair Care",
    role: "front",
    colour: "yellow",
    description: "Yellow sachet with the brand logo.",
    text: "MAKARIZO PROFESSIONAL TEXTURE EXPERIENCE CREAMBATH GREEN TEA",
  };
  const siblings: RecordSpec[] = Array.from({ length: 10 }, (_, i) => ({
    url: `SIB_${String(i).padStart(3, "0")}.JPG`,
    brand: "Makarizo Professional",
    product: "Hair Energy",
    role: "back",
    colour: "black",
    description: "Black tube, rear view.",
    text: `Hair Energy Fibertherapy ${i}`,
  }));
  const ownBack = (brand: string): RecordSpec => ({
    url: "IMG_0002.JPG",
    brand,
    product: "Hair Mask",
    role: "back",
    colour: "yellow",
    description: "Yellow sachet, rear view with dense small text.",
    text: "Cara pengvnan: apikasikan pada batang rambvt, diamkan 5 menit, bilas.",
  });
  const offered = (brand: string) => {
    const feats = parseAnalysis(analysisOf([front, ...siblings, ownBack(brand)])).records.map(
      extractFeatures,
    );
    const backs = feats.slice(1);
    const index = new FeatureIndex(
      backs,
      [],
      new Map(backs.map((b, slot) => [b.index, slot])),
      [feats[0]],
      true,
    );
    return index.candidatesFor(feats[0], undefined, 8, 64).includes(backs.length - 1);
  };

  it("offers a back whose label runs the brand's words together", () => {
    assert.ok(offered("MakarizoProfessional"));
  });

  it("offers a back whose brand field is a company's legal name, by its look", () => {
    assert.ok(offered("PT Cahaya Kosmetika Nusantara"));
  });

  it("does not offer a back of another brand that only looks alike", () => {
    assert.ok(!offered("Ellips"));
  });

  it("offers a back whose brand lost its first letter or misreads one", () => {
    assert.ok(offered("akarizo Professional"));
    assert.ok(offered("Makarjzo Professional"));
  });

  it("does not offer a back whose brand is two letters away", () => {
    assert.ok(!offered("Mazarido Professional"));
  });
});
