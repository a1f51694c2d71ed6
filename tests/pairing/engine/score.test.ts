import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sameProductFronts } from "../../../src/pairing/engine/retakes.js";
import { scorePair } from "../../../src/pairing/engine/score.js";
import { COMPANY_CONFLICT_SHARE } from "../../../src/pairing/features/brand/term.js";
import { extractFeatures } from "../../../src/pairing/features/extract.js";
import { BACK_VARIANT_UNSHOWN } from "../../../src/pairing/features/product-words/term.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { parseAnalysis } from "../../../src/pairing/input.js";
import { weightedCoverage } from "../../../src/pairing/text/coverage.js";
import { Lexicon } from "../../../src/pairing/text/lexicon.js";
import { TokenSet } from "../../../src/pairing/text/token-set.js";
import { analysisOf, type RecordSpec, scoringBatch, shampooBack, shampooFront } from "../fixtures.js";

function featuresOf(specs: RecordSpec[]) {
  const { feats, ctx } = scoringBatch(specs);
  return { feats: new Map(feats.map((f) => [f.url, f])), ctx };
}

describe("sameProductFronts (re-takes and box fronts)", () => {
  const retake = { ...shampooFront, url: "retake.jpg", text: "SUNSILK\nSMOOTH & MANAGEABLE SHAMPOO\n340 ML" };
  const box = {
    ...shampooFront,
    url: "box.jpg",
    description: "Pink rectangular carton. The brand logo 'Sunsilk' is prominently displayed.",
    text: "SUNSILK\nSMOOTH & MANAGEABLE\n340 ml",
  };
  const sibling = {
    ...shampooFront,
    url: "sibling.jpg",
    variant: "Rose",
    text: "SUNSILK\nSMOOTH & MANAGEABLE SHAMPOO ROSE\n340 ml",
  };
  const bigger = {
    ...shampooFront,
    url: "bigger.jpg",
    size: "680 ml",
    text: "SUNSILK\nSMOOTH & MANAGEABLE SHAMPOO\n680 ml",
  };
  const { feats, ctx } = featuresOf([shampooFront, retake, box, sibling, bigger, shampooBack]);
  const f = (u: string) => feats.get(u) as NonNullable<ReturnType<typeof feats.get>>;

  it("recognises a re-take and the outer box's front", () => {
    assert.equal(sameProductFronts(f(shampooFront.url), f("retake.jpg"), ctx), true);
    assert.equal(sameProductFronts(f(shampooFront.url), f("box.jpg"), ctx), true);
  });
  it("keeps siblings apart: another variant or another size", () => {
    assert.equal(sameProductFronts(f(shampooFront.url), f("sibling.jpg"), ctx), false);
    assert.equal(sameProductFronts(f(shampooFront.url), f("bigger.jpg"), ctx), false);
  });
  it("scores a front higher with its own back than a sibling's front does", () => {
    const own = scorePair(f(shampooFront.url), f(shampooBack.url), ctx).base;
    const other = scorePair(f("bigger.jpg"), f(shampooBack.url), ctx).base;
    assert.ok(own > other, `${own} <= ${other}`);
  });
});

describe("a brand conflict with a company name", () => {
  // the back's brand field was read off its distributor line; its text does not show the front's brand
  const distributorText =
    "Smooth & Manageable Shampoo\nDIRECTIONS: Apply to wet hair, lather, rinse.\nINGREDIENTS: Aqua, Sodium Laureth Sulfate, Glycerin, Parfum\nDistributed by PT Mitra Beauty Indonesia";
  const company = {
    ...shampooBack,
    url: "company.jpg",
    brand: "PT Mitra Beauty Indonesia",
    text: distributorText,
  };
  // the same name without its legal form, and not printed as the maker (which would make it a distributor)
  const rival = {
    ...shampooBack,
    url: "rival.jpg",
    brand: "Mitra Beauty Indonesia",
    text: distributorText.replace("PT Mitra Beauty Indonesia", "PT Sinar Abadi"),
  };
  const { feats, ctx } = featuresOf([shampooFront, company, rival]);
  const f = (u: string) => feats.get(u) as NonNullable<ReturnType<typeof feats.get>>;

  it(`costs the pair COMPANY_CONFLICT_SHARE of weights.brandConflict, and says it is a company`, () => {
    const withCompany = scorePair(f(shampooFront.url), f("company.jpg"), ctx, true);
    const withRival = scorePair(f(shampooFront.url), f("rival.jpg"), ctx, true);
    const saved = (1 - COMPANY_CONFLICT_SHARE) * ctx.weights.brandConflict;
    assert.ok(saved > 0);
    assert.ok(
      Math.abs(withCompany.base - withRival.base - saved) < 1e-9,
      `${withCompany.base} vs ${withRival.base}`,
    );
    assert.ok(
      withCompany.evidence.some((e) => e.includes("a company name")),
      withCompany.evidence.join("; "),
    );
    assert.ok(!withRival.evidence.some((e) => e.includes("a company name")), withRival.evidence.join("; "));
  });
});

describe("a back candidate whose own cues name a side panel", () => {
  it("scores weights.sideCue less than the same photo without that cue, and says why", () => {
    const a = analysisOf([shampooFront, shampooBack]);
    const base = parseAnalysis(a).records.map(extractFeatures);
    // called a side by the vision step, but its text (directions, ingredient list) reads as a back
    Object.assign(a.imageInsights[1], {
      role: "side",
      evidenceTriggers: ["narrow vertical panel", "Directions"],
    });
    const side = parseAnalysis(a).records.map(extractFeatures);
    assert.equal(side[1].role, "back");
    const { ctx } = featuresOf([shampooFront, shampooBack]);
    const plain = scorePair(base[0], base[1], ctx, true);
    const cued = scorePair(side[0], side[1], ctx, true);
    assert.equal(side[1].sideCue, true);
    assert.ok(Math.abs(plain.base - cued.base - ctx.weights.sideCue) < 1e-9);
    assert.ok(cued.evidence.some((e) => e.startsWith("back shows a side-panel cue")));
    assert.ok(!plain.evidence.some((e) => e.includes("side-panel")));
  });
});

describe("a photo the vision step called a back or other, whose own cues name a narrow side panel", () => {
  it("is a side shot: an extra of its product, never the back of a front", () => {
    const sidePanel = {
      ...shampooBack,
      url: "IMG_0005.JPG",
      text: "DIRECTIONS: Apply to wet hair, lather, rinse.\nWARNING: avoid contact with eyes.",
    };
    const a = analysisOf([shampooFront, shampooBack, sidePanel]);
    const withCue = (triggers: string[]) => {
      Object.assign(a.imageInsights[2], { evidenceTriggers: triggers });
      return parseAnalysis(a).records.map(extractFeatures)[2].role;
    };
    assert.equal(withCue(["Directions", "Warning"]), "back");
    assert.equal(withCue(["narrow vertical panel", "Directions", "Warning"]), "extra");
    Object.assign(a.imageInsights[2], { role: "other" });
    assert.equal(withCue(["narrow vertical panel", "Directions", "Warning"]), "extra");
    Object.assign(a.imageInsights[2], { role: "back" });
    const run = pairAnalysis(a, loadPairingConfig({}));
    assert.deepEqual(
      run.result.pairs.map((p) => [p.frontUrl, p.backUrl]),
      [[shampooFront.url, shampooBack.url]],
    );
    assert.deepEqual(run.result.products[0].extras, [sidePanel.url]);
  });
});

describe("weightedCoverage", () => {
  const lex = new Lexicon();
  const ids = (...words: string[]) => words.map((w) => lex.id(w));
  const pool = (...words: string[]) => TokenSet.of(lex, words);
  const idf = new Float64Array(16).fill(1);
  const [manageabie] = ids("manageabie", "shampo", "rose");
  idf[manageabie] = 2;
  it("weighs each word by its rarity", () => {
    assert.equal(weightedCoverage(ids("manageabie", "shampo"), pool("shampo"), idf), 1 / 3);
    assert.equal(weightedCoverage([], pool("shampo"), idf), null);
  });
  it("counts a long word read with one slip only when asked to", () => {
    const p = pool("managebie", "shampo", "rosa");
    assert.equal(weightedCoverage(ids("manageabie", "shampo"), p, idf), 1 / 3);
    assert.equal(weightedCoverage(ids("manageabie", "shampo"), p, idf, true), 1);
    // a short word must match exactly; two slips are another word
    assert.equal(weightedCoverage(ids("rose"), p, idf, true), 0);
    assert.equal(weightedCoverage(ids("manageabie"), pool("manageb"), idf, true), 0);
  });
});

describe("scorePair: the back's product field", () => {
  // the vision step wrote another product of the brand into the back's product field; its label says otherwise
  const siblingField: RecordSpec = { ...shampooBack, product: "Volume Boost Conditioner" };
  const shownField: RecordSpec = {
    ...siblingField,
    text: `${shampooBack.text}\nVOLUME BOOST CONDITIONER`,
  };
  const productEvidence = (back: RecordSpec) => {
    const { ctx, by } = scoringBatch([shampooFront, back]);
    const ev = scorePair(by(shampooFront.url), by(back.url), ctx, true).evidence;
    return ev.find((e) => e.startsWith("product tokens")) ?? "";
  };

  it("asks the front only for the words the back's own label shows", () => {
    // no reverse share: none of the field's words is on the back's label
    assert.match(productEvidence(siblingField), /^product tokens \d\.\d\d \(/);
    // printed on the label, the same field counts (and the front lacks its words)
    assert.match(productEvidence(shownField), /^product tokens \d\.\d\d\/0\.00 \(/);
  });

  it("keeps the whole field of a back whose label was not read", () => {
    assert.match(productEvidence({ ...siblingField, text: "" }), /^product tokens \d\.\d\d\/0\.00 \(/);
  });
});

describe("the back's variant read on the front", () => {
  // the front's variant field was not read, but its hero text prints the shade; the back's field names it
  const front = { ...shampooFront, text: "SUNSILK\nSMOOTH & MANAGEABLE\nSHAMPOO\nLAVENDER\n340 ml" };
  const ownBack = { ...shampooBack, url: "own.jpg", variant: "Lavender" };
  const siblingBack = { ...shampooBack, url: "sibling.jpg", variant: "Rose" };
  const { feats, ctx } = featuresOf([front, ownBack, siblingBack, shampooBack]);
  const f = (u: string) => feats.get(u) as NonNullable<ReturnType<typeof feats.get>>;

  it("counts for the back whose variant the front prints and against a sibling's", () => {
    const own = scorePair(f(front.url), f("own.jpg"), ctx, true);
    const sibling = scorePair(f(front.url), f("sibling.jpg"), ctx, true);
    assert.ok(
      own.evidence.some((e) => e.startsWith("back's variant 1.00 (+")),
      own.evidence.join("; "),
    );
    assert.ok(
      sibling.evidence.some((e) => e.startsWith("back's variant 0.00 (-")),
      sibling.evidence.join("; "),
    );
    assert.ok(own.base > sibling.base, `${own.base} <= ${sibling.base}`);
  });
  it("charges a variant the front does not show more than it credits one it shows", () => {
    const w = ctx.weights.variant;
    assert.ok(w > 0);
    const reverseCheck = (back: string) =>
      scorePair(f(front.url), f(back), ctx, true).evidence.find((e) => e.startsWith("back's variant"));
    assert.equal(reverseCheck("own.jpg"), `back's variant 1.00 (+${(w * 0.7).toFixed(2)})`);
    assert.equal(
      reverseCheck("sibling.jpg"),
      `back's variant 0.00 (${(-w * (0.3 + BACK_VARIANT_UNSHOWN)).toFixed(2)})`,
    );
    assert.ok(BACK_VARIANT_UNSHOWN > 0);
  });
  it("says nothing when the back read no variant", () => {
    const plain = scorePair(f(front.url), f(shampooBack.url), ctx, true);
    assert.ok(!plain.evidence.some((e) => e.startsWith("back's variant")), plain.evidence.join("; "));
  });
});
