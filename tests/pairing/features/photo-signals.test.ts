import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { appearanceScore, captureTimeKey } from "../../../src/pairing/features/colour/appearance.js";
import { extractFeatures } from "../../../src/pairing/features/extract.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { parseAnalysis } from "../../../src/pairing/input.js";
import { analysisOf } from "../fixtures.js";

const config = loadPairingConfig({ PAIR_DISABLE_TIEBREAK: "1" });
/** A 4-bin colour histogram with all mass in bin `i` (our analyser writes 100 bins; the engine takes any). */
const hist = (i: number) => ({
  colorSignature: { hist: [0, 1, 2, 3, 4, 5, 6, 7].map((k) => (k === i ? 1 : 0)) },
});

function withExtras(a: ReturnType<typeof analysisOf>, extras: Record<string, Record<string, unknown>>) {
  return { ...a, imageInsights: a.imageInsights.map((x) => ({ ...x, ...(extras[x.url] ?? {}) })) };
}

describe("signals from our photo analyser", () => {
  it("EXIF capture time is a capture key and beats the file name", () => {
    assert.equal(captureTimeKey({ captureTime: "2025-11-02T13:36:18.000Z" })?.value, 1762090578);
    assert.equal(captureTimeKey({ captureTime: "yesterday" }), null);
    assert.equal(captureTimeKey({}), null);
    const a = withExtras(analysisOf([{ url: "IMG_20200101_000000.jpg", role: "front" }]), {
      "IMG_20200101_000000.jpg": { captureTime: "2025-11-02T13:36:18.000Z" },
    });
    const f = extractFeatures(parseAnalysis(a).records[0]);
    assert.equal(f.capture?.value, 1762090578);
  });

  it("the colour signature decides between two otherwise identical backs, with its evidence", () => {
    const a = withExtras(
      analysisOf([
        { url: "f.jpg", role: "front", brand: "Lumina", product: "Night Cream", text: "LUMINA Night Cream" },
        { url: "b1.jpg", role: "back", text: "Ingredients: aqua, glycerin. Directions: apply nightly." },
        { url: "b2.jpg", role: "back", text: "Ingredients: aqua, glycerin. Directions: apply nightly." },
      ]),
      { "f.jpg": hist(2), "b1.jpg": hist(5), "b2.jpg": hist(2) },
    );
    const run = pairAnalysis(a, config);
    assert.equal(run.result.pairs.length, 1);
    assert.equal(run.result.pairs[0].backUrl, "b2.jpg");
    assert.ok(run.result.pairs[0].evidence.some((e) => e.startsWith("colour signature 1.00")));
    assert.ok(appearanceScore(1) > 0 && appearanceScore(0) < 0 && appearanceScore(0) >= -0.5);
  });

  it("a photo our analyser saw a product in is never called a non-product for lack of a name", () => {
    const base = analysisOf([{ url: "x.jpg", role: "front" }]);
    const plain = pairAnalysis(base, config);
    assert.equal(plain.result.singletons[0].reason, "non_product");
    const shown = pairAnalysis(withExtras(base, { "x.jpg": { productShown: true } }), config);
    assert.notEqual(shown.result.singletons[0].reason, "non_product");
  });

  it("an unreadable image is a singleton with its own reason and an error naming the field", () => {
    const a = withExtras(analysisOf([{ url: "bad.jpg", role: "other" }]), {
      "bad.jpg": { unreadable: "cannot decode image: premature end of JPEG image" },
    });
    const run = pairAnalysis(a, config);
    assert.deepEqual(run.result.singletons, [{ url: "bad.jpg", role: "other", reason: "unreadable_image" }]);
    assert.deepEqual(run.result.errors, [
      {
        url: "bad.jpg",
        field: "imageInsights[0].unreadable",
        message: "cannot decode image: premature end of JPEG image",
      },
    ]);
    assert.equal(run.metrics.totals.contractViolations, 0);
  });
});
