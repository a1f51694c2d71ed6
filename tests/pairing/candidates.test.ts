import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FeatureIndex } from "../../src/pairing/candidates.js";
import { extractFeatures } from "../../src/pairing/features.js";
import { parseAnalysis } from "../../src/pairing/input.js";
import { analysisOf, type RecordSpec, shampooBack, shampooFront } from "./fixtures.js";

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
