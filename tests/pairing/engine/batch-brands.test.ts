import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ocrSkeleton } from "../../../src/lib/text.js";
import { inferBrandsFromText, keepMakersNoFrontShows } from "../../../src/pairing/engine/batch-brands.js";
import { scorePair } from "../../../src/pairing/engine/score.js";
import { extractFeatures, type ImageFeatures } from "../../../src/pairing/features/extract.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { parseAnalysis } from "../../../src/pairing/input.js";
import {
  analysisOf,
  type RecordSpec,
  scoringBatch,
  shampooBack,
  shampooFront,
  vitaminFront,
} from "../fixtures.js";

const featuresOf = (specs: RecordSpec[]) => parseAnalysis(analysisOf(specs)).records.map(extractFeatures);
const logoFront: RecordSpec = { ...shampooFront, url: "IMG_0101.JPG", brand: "Unknown" };
const sunsilk = ocrSkeleton("sunsilk");
const nameWords = (f: ImageFeatures) => f.lex.wordsOf(f.nameTokens);
const plain = "A pink squeeze bottle.";

describe("inferBrandsFromText", () => {
  it("gives a brandless front the batch's brand printed in its text, and drops it from its name words", () => {
    const feats = featuresOf([logoFront, shampooBack]);
    const front = feats[0];
    assert.equal(feats[0].brand, null);
    assert.ok(nameWords(feats[0]).includes(sunsilk), "before: the brand counts as a name word");
    assert.equal(inferBrandsFromText(feats), 1);
    // re-read through another name: TypeScript still holds `brand` narrowed to null by the first assertion
    assert.equal(front.brand?.key, feats[1].brand?.key);
    assert.equal(front.brandLabel, "Sunsilk");
    assert.equal(front.brandFromText, true);
    assert.ok(!nameWords(front).includes(sunsilk));
    assert.ok(nameWords(front).includes(ocrSkeleton("smooth")));
  });

  it("leaves the brand unknown when two brands of the batch fit equally well", () => {
    const both: RecordSpec = { ...logoFront, text: "SUNSILK x DOVEX\nSMOOTH SHAMPOO" };
    const dovex: RecordSpec = { ...shampooBack, url: "IMG_0102.JPG", brand: "Dovex" };
    // the two brands differ in length: the longer wins
    const feats = featuresOf([both, shampooBack, dovex]);
    assert.equal(inferBrandsFromText(feats), 1);
    assert.equal(feats[0].brandLabel, "Sunsilk");
    const tie: RecordSpec = { ...logoFront, text: "ALPHA BRAVO\nSMOOTH SHAMPOO" };
    const alpha: RecordSpec = { ...shampooBack, brand: "Alpha" };
    const bravo: RecordSpec = { ...shampooBack, url: "IMG_0103.JPG", brand: "Bravo" };
    const tied = featuresOf([tie, alpha, bravo]);
    assert.equal(inferBrandsFromText(tied), 0);
    assert.equal(tied[0].brand, null);
  });

  it("needs every word of the brand, as a word: not part of a brand, not letters inside another word", () => {
    const half: RecordSpec = {
      ...vitaminFront,
      url: "IMG_0104.JPG",
      brand: "Unknown",
      text: "NATURE\nVITAMIN C",
      description: plain,
    };
    const inside: RecordSpec = {
      ...logoFront,
      url: "IMG_0105.JPG",
      text: "SUNSILKY SMOOTH SHAMPOO",
      description: plain,
    };
    const feats = featuresOf([half, inside, vitaminFront, shampooBack]);
    assert.equal(inferBrandsFromText(feats), 0);
    // the vision step's description quoting the logo counts as the photo's words
    const quoted = featuresOf([
      { ...inside, description: "The logo 'Sunsilk' is printed in script." },
      shampooBack,
    ]);
    assert.equal(inferBrandsFromText(quoted), 1);
  });

  it("reads a three-letter brand printed as a word, but no shorter one", () => {
    const cbdBack: RecordSpec = { ...shampooBack, brand: "CBD Professional" };
    const cbdFront: RecordSpec = {
      ...logoFront,
      text: "CBD PROFESSIONAL\nCOLOR SHIELD SHAMPOO",
      description: plain,
    };
    const feats = featuresOf([cbdFront, cbdBack]);
    assert.equal(inferBrandsFromText(feats), 1);
    assert.equal(feats[0].brandLabel, "CBD Professional");
    // a two-letter brand key is too often a fragment of other text
    const agBack: RecordSpec = { ...shampooBack, brand: "AG" };
    const agFront: RecordSpec = { ...logoFront, text: "AG\nCOLOR SHIELD SHAMPOO", description: plain };
    assert.equal(inferBrandsFromText(featuresOf([agFront, agBack])), 0);
  });

  it("does not read a brand that is an everyday word of the batch", () => {
    const front: RecordSpec = { ...logoFront, text: "NATURAL GLOW\nSMOOTH SHAMPOO", description: plain };
    const natural: RecordSpec = { ...shampooBack, brand: "Natural" };
    const others = [2, 3, 4, 5, 6].map(
      (n): RecordSpec => ({ ...vitaminFront, url: `IMG_020${n}.JPG`, text: `NATURAL VITAMIN C ${n}00 mg` }),
    );
    assert.equal(inferBrandsFromText(featuresOf([front, natural, ...others])), 0);
    // the same batch with the word on fewer photos than the brand's own could explain
    assert.equal(inferBrandsFromText(featuresOf([front, natural, ...others.slice(0, 2)])), 1);
  });

  it("replaces a misread brand field that no other photo reads and the label does not print", () => {
    const misread: RecordSpec = {
      ...shampooFront,
      url: "IMG_0401.JPG",
      brand: "Sunslyk",
      description: plain,
    };
    const feats = featuresOf([misread, shampooBack]);
    assert.equal(inferBrandsFromText(feats), 1);
    assert.equal(feats[0].brandLabel, "Sunsilk");
    assert.equal(feats[0].brandFromText, true);
    // a brand of its own, printed on its label, stays, whatever else the label prints
    const own: RecordSpec = { ...misread, brand: "Dovex", text: "DOVEX x SUNSILK\nSMOOTH SHAMPOO" };
    const kept = featuresOf([own, shampooBack]);
    assert.equal(inferBrandsFromText(kept), 0);
    assert.equal(kept[0].brandLabel, "Dovex");
    // a brand read on two photos is no misreading, printed or not
    const twice = featuresOf([misread, { ...misread, url: "IMG_0402.JPG" }, shampooBack]);
    assert.equal(inferBrandsFromText(twice), 0);
  });

  it("reads brands for fronts only: an unbranded back keeps its rescue rule", () => {
    const back: RecordSpec = { ...shampooBack, url: "IMG_0106.JPG", brand: "Unknown" };
    const feats = featuresOf([shampooFront, back]);
    assert.equal(inferBrandsFromText(feats), 0);
    assert.equal(feats[1].brand, null);
  });

  it("lets the engine pair such a front by brand and say where the brand came from", () => {
    const run = pairAnalysis(analysisOf([logoFront, shampooBack]), loadPairingConfig({}));
    assert.equal(run.result.pairs.length, 1);
    assert.match(run.result.pairs[0].evidence.join(" | "), /brand equal, one read from label text/);
    assert.equal(run.result.products[0].brand, "Sunsilk");
    assert.deepEqual(run.metrics.brands, { readFromText: 1, distributorsOnLabel: 0 });
  });
});

describe("keepMakersNoFrontShows", () => {
  const distributed = (brand: string, url = shampooBack.url): RecordSpec => ({
    ...shampooBack,
    url,
    brand,
    // the front's brand is not printed here: a back that shows it is no conflict at all
    text: `DIRECTIONS: Apply to wet hair, lather, rinse.\nINGREDIENTS: Aqua, Glycerin, Parfum\nDistributed by ${brand}, 12 Bay Road`,
  });

  it("keeps a maker-line brand no front carries as a distributor, and not one a front carries", () => {
    const feats = featuresOf([
      shampooFront,
      distributed("Sun Coast Imports"),
      distributed("Sunsilk", "IMG_0302.JPG"),
    ]);
    assert.deepEqual(
      feats.map((f) => f.brandIsMaker),
      [false, true, true],
    );
    keepMakersNoFrontShows(feats);
    assert.deepEqual(
      feats.map((f) => f.brandIsMaker),
      [false, true, false],
    );
    const run = pairAnalysis(
      analysisOf([shampooFront, distributed("Sun Coast Imports"), distributed("Sunsilk", "IMG_0302.JPG")]),
      loadPairingConfig({}),
    );
    assert.deepEqual(run.metrics.brands, { readFromText: 0, distributorsOnLabel: 1 });
  });

  it("halves the brand conflict of a distributor's back, and says why", () => {
    const conflict = (back: RecordSpec) => {
      const { ctx, by } = scoringBatch([shampooFront, back]);
      const ev = scorePair(by(shampooFront.url), by(back.url), ctx, true).evidence;
      return ev.find((e) => e.startsWith("brand conflict")) ?? "";
    };
    const full = -loadPairingConfig({}).weights.brandConflict;
    const distributor = conflict(distributed("Sun Coast Imports"));
    assert.match(distributor, /\(a distributor named on the label\)/);
    assert.ok(distributor.endsWith(`(${(full / 2).toFixed(2)})`), distributor);
    // the same name not on a maker line is a rival brand
    const rival = conflict({ ...distributed("Sun Coast Imports"), text: "DIRECTIONS: Apply to wet hair." });
    assert.ok(rival.endsWith(`(${full.toFixed(2)})`), rival);
  });
});
