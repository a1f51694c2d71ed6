import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/lib/rng.js";
import { compactSkeleton, foldText, skeletonTokens } from "../../../src/lib/text.js";
import { findBarcodes, gs1CheckDigitValid } from "../../../src/pairing/features/barcode/barcode.js";
import {
  brandInText,
  brandKey,
  brandOnMakerLine,
  brandSimilarity,
  charTriples,
  DRIFT_SIMILARITY,
  isUnknownBrand,
  PrintedText,
} from "../../../src/pairing/features/brand/brand.js";
import {
  captureKey,
  captureRanks,
  proximityFromRanks,
  splitUrl,
} from "../../../src/pairing/features/capture-order/filename.js";
import {
  categoryAgreement,
  categoryDomain,
  isHairOrCosmetic,
} from "../../../src/pairing/features/category/category.js";
import { colourAgreement, colourFamily } from "../../../src/pairing/features/colour/colour.js";
import {
  colourFamiliesIn,
  detectPackaging,
  ingredientCues,
  lookWords,
  textDomain,
} from "../../../src/pairing/features/cues/index.js";
import { hasIngredientList } from "../../../src/pairing/features/ingredients/ingredients.js";
import { lookSimilarity } from "../../../src/pairing/features/look/look.js";
import { PACKAGING_BOOST, packagingAgreement } from "../../../src/pairing/features/packaging/packaging.js";
import { compareSizes, parseQuantities } from "../../../src/pairing/features/size/size.js";
import { LABEL_HEADING_KINDS, labelHeadingKinds } from "../../../src/pairing/text/label-words.js";
import { Lexicon } from "../../../src/pairing/text/lexicon.js";
import { TokenSet } from "../../../src/pairing/text/token-set.js";
import { scoringBatch } from "../fixtures.js";

describe("brand", () => {
  it("normalises case, punctuation, trademarks and noise words", () => {
    const a = brandKey("L'Oréal Paris™")!;
    const b = brandKey("LOREAL")!;
    assert.equal(brandSimilarity(a, b), 1);
    assert.equal(brandSimilarity(brandKey("Makarizo Professional")!, brandKey("Makarizo")!), 1);
    assert.equal(brandSimilarity(brandKey("myBrainCo.")!, brandKey("myBrainCo")!), 1);
  });
  it("treats Unknown and empty as no brand", () => {
    assert.equal(isUnknownBrand("Unknown"), true);
    assert.equal(isUnknownBrand(""), true);
    assert.equal(brandKey("Unknown"), null);
    assert.equal(isUnknownBrand("Dove"), false);
  });
  it("scores OCR drift between 0 and 1 and unrelated brands 0", () => {
    const s = brandSimilarity(brandKey("Clinique")!, brandKey("Cliriiqve.")!);
    assert.ok(s > 0 && s < 1, `similarity ${s}`);
    assert.equal(brandSimilarity(brandKey("Clinique")!, brandKey("Sensodyne")!), 0);
  });
  it("takes one misread letter in a brand of five letters or more as a similar brand, not in a short one", () => {
    // a changed letter leaves "Chanel" and "Chonel" only 4 of 10 trigrams: without the edit check, a conflict
    assert.equal(brandSimilarity(brandKey("Chanel")!, brandKey("Chonel")!), 0.85);
    assert.equal(brandSimilarity(brandKey("Darphin")!, brandKey("Darpin")!), 0.85);
    assert.equal(brandSimilarity(brandKey("CBD Professional")!, brandKey("CB")!), 0);
    assert.equal(brandSimilarity(brandKey("Dove")!, brandKey("Dave")!), 0);
    assert.equal(brandSimilarity(brandKey("Nivea")!, brandKey("Nuxe")!), 0);
  });
  it("takes one edit in four letters in a long brand as drift, below one slip, and no more", () => {
    // three edits over fifteen letters leave few trigrams shared
    assert.equal(
      brandSimilarity(brandKey("Reckitt Benckiser")!, brandKey("ecitt Bcnckiser")!),
      DRIFT_SIMILARITY,
    );
    assert.ok(DRIFT_SIMILARITY < brandSimilarity(brandKey("Chanel")!, brandKey("Chonel")!));
    // two edits in seven letters is another brand
    assert.equal(brandSimilarity(brandKey("Darphin")!, brandKey("Dolphin")!), 0);
    assert.equal(brandSimilarity(brandKey("Sensodyne")!, brandKey("Sebamed")!), 0);
  });
  it("marks a company named by its legal form, not brand words that look like one", () => {
    for (const company of [
      "PT Mitra Beauty Indonesia",
      "Distrilab SAS",
      "Harbor Health & Beauty Co.",
      "Hansa Kosmetik GmbH",
      "Laboratoires Véranne",
    ])
      assert.equal(brandKey(company)?.legalEntity, true, company);
    for (const brand of ["Dove", "Maison Arlan", "AG Hair", "Dead Sea Spa", "Coconut Co-op"])
      assert.equal(brandKey(brand)?.legalEntity, false, brand);
  });
  it("finds a brand name printed after a maker or distributor phrase, on that line only", () => {
    const onLine = (brand: string, text: string) => brandOnMakerLine(foldText(text), brandKey(brand)!);
    const back =
      "SHAMPOO\nDIRECTIONS: apply to wet hair.\nDistributed by Sun Coast Imports, 12 Bay Rd\nMade in Italy";
    assert.equal(onLine("Sun Coast Imports", back), true);
    assert.equal(onLine("Sun Coast Imports", back.toUpperCase()), true);
    assert.equal(onLine("Sunsilk", back), false);
    // printed, but not after the phrase: the brand on a label is not its maker
    assert.equal(onLine("Sun Coast", "SUN COAST SHAMPOO\nMade in Italy\nDistributed by Bay Beauty"), false);
    assert.equal(onLine("Diproduksi Jaya", "Diproduksi oleh: PT Jaya Abadi\nJAYA"), false);
    assert.equal(onLine("Jaya Abadi", "Diproduksi oleh: PT Jaya Abadi"), true);
  });
  it("finds a brand printed in text, exactly or within OCR drift (unknown-brand rescue)", () => {
    const k = brandKey("Garden of Life")!;
    const compact = (s: string) => new PrintedText(compactSkeleton(s));
    assert.equal(brandInText(k, compact("Manufactured for Garden of Life LLC")), true);
    assert.equal(brandInText(k, compact("Manufactured for Nature's Way")), false);
    const v = brandKey("Vivelle DOP")!;
    const text = "Distribué par: Vielle DOP SAS, Paris";
    assert.equal(brandInText(v, compact(text)), false);
    const withWords = new PrintedText(
      compactSkeleton(text),
      TokenSet.of(new Lexicon(), skeletonTokens(text)),
    );
    assert.equal(brandInText(v, withWords), true);
    assert.equal(brandInText(v, withWords, false), false);
  });
  it("searches label text through its character triples exactly as a substring search does", () => {
    const rng = new Rng(31);
    const alphabet = [..."abcio0s5-"];
    const word = (n: number) => Array.from({ length: n }, () => rng.pick(alphabet)).join("");
    let found = 0;
    for (let t = 0; t < 3000; t++) {
      const text = word(rng.int(40));
      const start = rng.int(text.length + 1);
      // half the keys are cut from the text, half made up
      const key = rng.next() < 0.5 ? text.slice(start, start + 2 + rng.int(6)) : word(2 + rng.int(6));
      const want = text.includes(key);
      if (want) found++;
      assert.equal(new PrintedText(text).includes(key, charTriples(key)), want, `${key} in ${text}`);
    }
    assert.ok(found > 1000 && found < 2500, `${found} of 3,000 keys found: the check would test one answer`);
  });
});

describe("size", () => {
  it("canonicalises units with conversions", () => {
    const [ml] = parseQuantities("250 mL");
    const [floz] = parseQuantities("8.5 FL OZ");
    assert.equal(ml.dim, "volume");
    assert.ok(Math.abs(floz.value - 251.4) < 0.5);
    assert.equal(compareSizes(parseQuantities("250 mL"), parseQuantities("8.5 fl. oz. (250 mL)")), "match");
    assert.equal(compareSizes(parseQuantities("3.5 oz"), parseQuantities("100 g")), "match");
    assert.equal(compareSizes(parseQuantities("2 lb"), parseQuantities("907 g")), "match");
    assert.equal(compareSizes(parseQuantities("11,6 g"), parseQuantities("11.6g")), "match");
  });
  it("reads pack sizes in the production format, counts and servings", () => {
    const q = parseQuantities("10.9 oz | 31 servings");
    assert.deepEqual(
      q.map((x) => x.dim),
      ["mass", "servings"],
    );
    assert.equal(parseQuantities("60 Vegetarian Capsules").length, 0);
    assert.equal(parseQuantities("60 capsules")[0].dim, "count");
    assert.equal(parseQuantities("20 lingettes")[0].value, 20);
  });
  it("reports a conflict only between pack sizes, never against a serving size", () => {
    assert.equal(compareSizes(parseQuantities("250 ml"), parseQuantities("500 ml")), "conflict");
    assert.equal(compareSizes(parseQuantities("10.9 oz"), parseQuantities("1 Scoop (24g)")), "unknown");
    assert.equal(compareSizes(parseQuantities("250 ml"), parseQuantities("")), "unknown");
    assert.equal(compareSizes(parseQuantities("250 ml"), parseQuantities("100 g")), "unknown");
  });
});

describe("packaging", () => {
  it("reads the first container named in a description", () => {
    assert.equal(detectPackaging("Glass dropper bottle with a gold cap"), "dropper-bottle");
    assert.equal(detectPackaging("Green stand-up pouch with a zip"), "pouch");
    assert.equal(detectPackaging("White squeeze tube. The brand name can be read."), "tube");
    assert.equal(detectPackaging("Metal spray canister"), "can");
    assert.equal(detectPackaging("A logo that can be read"), null);
    assert.equal(detectPackaging("Coiled USB cable on a desk"), null);
  });
  it("takes the container named first; at one word, the more specific pattern", () => {
    assert.equal(detectPackaging("A box holding a bottle"), "box");
    assert.equal(detectPackaging("A bottle in its box"), "bottle");
    // "aerosol" opens both the spray and the can patterns: spray is listed first
    assert.equal(detectPackaging("Aerosol can of dry shampoo"), "spray");
    assert.equal(
      detectPackaging("", "Net wt in a resealable pouch"),
      "pouch",
      "label text when the description names none",
    );
  });
  it("applies the spec's boosts: dropper 2.0, pouch 1.5, bottle 1.0", () => {
    assert.equal(PACKAGING_BOOST["dropper-bottle"], 2);
    assert.equal(packagingAgreement("dropper-bottle", "dropper-bottle"), 2);
    assert.equal(packagingAgreement("pouch", "pouch"), 1.5);
    assert.equal(packagingAgreement("bottle", "bottle"), 1);
    assert.ok(packagingAgreement("pump-bottle", "bottle") > 0, "drift within a family still agrees");
    assert.ok(packagingAgreement("tube", "jar") < 0);
    assert.equal(packagingAgreement(null, "jar"), 0);
  });
});

describe("colour", () => {
  it("maps shade drift to one family", () => {
    assert.equal(colourFamily("forest-green"), "green");
    assert.equal(colourFamily("dark-forest-green"), "green");
    assert.equal(colourFamily("off-white"), "white");
    assert.equal(colourFamily("navy-blue"), "blue");
    assert.equal(colourFamily(""), null);
  });
  it("reads only colour words, never names of Object's prototype", () => {
    assert.equal(colourFamily("constructor"), null);
    assert.deepEqual([...colourFamiliesIn("a constructor toString off white jar")], ["white"]);
  });
  it("agrees within a family, half for neighbours, nothing for white labels, negative otherwise", () => {
    const none = new Set<never>();
    assert.equal(
      colourAgreement(colourFamily("forest-green"), colourFamily("dark-forest-green"), none, none),
      1,
    );
    assert.equal(colourAgreement("red", "pink", none, none), 0.5);
    assert.equal(colourAgreement("red", "white", none, none), 0);
    assert.ok(colourAgreement("red", "blue", none, none) < 0);
    assert.equal(colourAgreement("red", "gold", colourFamiliesIn("red carton with gold accents"), none), 0.5);
  });
});

describe("category", () => {
  it("maps free-text categories to domains", () => {
    assert.equal(categoryDomain("Hair Care", "Beauty > Hair Care"), "hair");
    assert.equal(categoryDomain("Protein Powder", "Health > Dietary Supplements"), "supplement");
    assert.equal(categoryDomain("Health & Beauty", "Health & Beauty"), null);
    assert.equal(categoryDomain("Unknown", "Unknown", "Toothpaste"), "oral");
    assert.equal(textDomain("CARA PAKAI: ratakan pada rambut"), "hair");
  });
  it("flags hair vs supplement as a conflict and agrees on equal domains", () => {
    assert.equal(categoryAgreement("hair", "supplement"), -1);
    assert.ok(categoryAgreement("hair", "hair") > 0);
    assert.equal(categoryAgreement(null, "hair"), 0);
    assert.equal(categoryAgreement("hair", "skin"), -0.3);
  });
  it("reads baby as an audience: neither agreeing nor conflicting with a topical domain", () => {
    assert.equal(categoryAgreement("baby", "body"), 0);
    assert.equal(categoryAgreement("hair", "baby"), 0);
    assert.ok(categoryAgreement("baby", "baby") > 0);
    assert.equal(categoryAgreement("baby", "supplement"), -1);
    assert.equal(isHairOrCosmetic("hair"), true);
    assert.equal(isHairOrCosmetic("supplement"), false);
  });
});

describe("ingredients", () => {
  it("recognises an INCI list with or without its heading", () => {
    assert.equal(
      hasIngredientList(
        ingredientCues(
          "INGREDIENTS: Aqua, Glycerin, Parfum, Sodium Benzoate, Citric Acid, Limonene, Linalool",
        ),
      ),
      true,
    );
    assert.equal(
      hasIngredientList(
        ingredientCues("Aqua, Glycerin, Cetearyl Alcohol, Dimethicone, Parfum, Phenoxyethanol, Citric Acid"),
      ),
      true,
    );
    assert.equal(hasIngredientList(ingredientCues("LOREAL PARIS\nTOTAL REPAIR\nHAIR SPA MASK")), false);
  });
});

describe("back-of-pack headings read word by word", () => {
  const kinds = (text: string) => labelHeadingKinds(skeletonTokens(text));
  const { directions, warnings, maker, ingredients } = LABEL_HEADING_KINDS;
  it("are found with one OCR slip: a letter dropped, added or changed", () => {
    assert.equal(kinds("DIRECTIONS: apply daily"), directions);
    assert.equal(kinds("DIRECTlONS: apply daily"), directions);
    assert.equal(kinds("INGEDIENTS: Aqua, Glycerin"), ingredients);
    assert.equal(kinds("PERH4TIAN: hanya untuk pemakaian luar"), warnings);
    assert.equal(kinds("DIRECTONS: apply daily"), directions);
    assert.equal(kinds("Manufactuxred for Acme Labs"), maker);
    assert.equal(
      kinds("CAUTI0N: avoid eyes. Distrlbuted by X. Komposisi: air"),
      warnings | maker | ingredients,
    );
  });
  it("need more than one slip to be missed, and do not match front-of-pack words", () => {
    assert.equal(kinds("DRECTONS"), 0);
    assert.equal(kinds("SMOOTH & MANAGEABLE SHAMPOO\nPROTECTION\nHYDRATATION INTENSE\nDIRECT"), 0);
  });
  it("make a back's misread headings count as back-of-pack text", () => {
    const clean =
      "DIRECTIONS: Apply to damp hair.\nWARNING: Avoid contact with eyes.\nDistributed by Acme Inc.";
    const misread =
      "DlRECTI0NS: Apply to damp hair.\nWARNlNC: Avoid contact with eyes.\nDistrbuted by Acme Inc.";
    // the regular expressions alone find none of the misread headings
    assert.equal(/directions|warning|distributed/.test(misread.toLowerCase()), false);
    assert.equal(kinds(misread), kinds(clean));
    assert.equal(kinds(clean), directions | warnings | maker);
  });
  it("keep a back shot at an angle a back when OCR misread its headings", () => {
    const clean =
      "DIRECTIONS: Apply to damp hair, leave on for 3 minutes, rinse.\nWARNING: Avoid contact with eyes. Keep out of reach of children.\nDistributed by Acme Inc.";
    const misread = clean
      .replace("DIRECTIONS", "DlRECTI0NS")
      .replace("WARNING", "WARNlNC")
      .replace("Distributed", "Distrbuted");
    const shot = {
      role: "other" as const,
      colour: "pink",
      description: "Pink squeeze bottle photographed at an angle, showing the printed text.",
    };
    const { by } = scoringBatch([
      { ...shot, url: "a.jpg", text: clean },
      { ...shot, url: "b.jpg", text: misread },
    ]);
    assert.equal(by("a.jpg").role, "back");
    assert.equal(by("b.jpg").role, "back");
    assert.equal(by("b.jpg").backLean, by("a.jpg").backLean);
  });
});

describe("back-of-pack cues in the description", () => {
  const shot = {
    role: "back" as const,
    brand: "Lavojoy",
    colour: "pink",
    text: "LAVOJOY\nSO SMOOTH SHAMPOO\n300 ML\nDistributed by Mitra Beauty",
  };
  const lead = "Pink pump bottle. The brand logo 'Lavojoy' is prominently displayed at the top.";
  it("do not count what the description says is not visible", () => {
    const { by } = scoringBatch([
      { ...shot, url: "plain.jpg", description: lead },
      { ...shot, url: "negated.jpg", description: `${lead} No visible barcode or ingredient list.` },
      {
        ...shot,
        url: "shown.jpg",
        description: `${lead} A barcode and the ingredient list are printed below.`,
      },
    ]);
    assert.equal(by("negated.jpg").backLean, by("plain.jpg").backLean);
    assert.ok(by("shown.jpg").backLean > by("plain.jpg").backLean);
  });
});

describe("roles of photos shot at an angle", () => {
  const shot = {
    role: "front" as const,
    brand: "Scorpio",
    colour: "orange",
    description: "Orange deodorant stick photographed at an angle, showing the printed label.",
    text: "SCORPIO\nDÉODORANT PARFUMÉ\n150 mL",
  };
  it("keep a front that shows its product's name, with an OCR slip in each word of the name field", () => {
    const { by } = scoringBatch([
      { ...shot, url: "exact.jpg", product: "Déodorant Parfumé" },
      { ...shot, url: "slip.jpg", product: "Déodorart Parumé" },
    ]);
    assert.equal(by("exact.jpg").role, "front");
    assert.equal(by("slip.jpg").role, "front");
  });
  it("make one whose label shows no word of its product's name a detail shot", () => {
    const { by } = scoringBatch([{ ...shot, url: "other.jpg", product: "Noir Absolu" }]);
    assert.equal(by("other.jpg").role, "extra");
  });
});

describe("barcode", () => {
  it("accepts UPC/EAN runs with a valid check digit, including printed groups", () => {
    assert.equal(gs1CheckDigitValid("0882381042226"), true);
    assert.deepEqual(findBarcodes("... Made in France\n0882381042226"), ["0882381042226"]);
    assert.deepEqual(findBarcodes("0 020714 434878"), ["0020714434878"]);
    assert.deepEqual(findBarcodes("UPC 020714434878"), ["0020714434878"]);
  });
  it("rejects bad check digits, phone numbers, and letters", () => {
    assert.deepEqual(findBarcodes("0882381042227"), []);
    assert.deepEqual(findBarcodes("PEANUT BUTTER, contains peanuts"), []);
    assert.deepEqual(findBarcodes("LOT 26D414 EXP 04/2027"), []);
    assert.deepEqual(findBarcodes("0000000000000"), []);
  });
});

describe("filename", () => {
  it("reads capture times and sequence numbers, and nothing from random names", () => {
    assert.equal(captureKey("IMG_20251231_184446")?.kind, "time");
    assert.equal(captureKey("PXL_20251115_142814123")?.kind, "time");
    assert.equal(captureKey("20251115_142814")?.kind, "time");
    assert.deepEqual(captureKey("IMG_4821"), { kind: "seq", series: "IMG", value: 4821 });
    assert.equal(captureKey("awefawed"), null);
    assert.equal(captureKey("3f9a2c1d"), null);
  });
  it("splits folders and ranks capture order densely", () => {
    assert.deepEqual(splitUrl("EBAY/IMG_0001.JPG"), {
      folder: "EBAY",
      basename: "IMG_0001.JPG",
      stem: "IMG_0001",
    });
    const ranks = captureRanks([
      captureKey("IMG_0010"),
      captureKey("IMG_0002"),
      null,
      captureKey("IMG_0005"),
    ]);
    assert.equal(ranks[2], null);
    assert.equal(proximityFromRanks(ranks[1], ranks[3]), 1);
    assert.equal(proximityFromRanks(ranks[1], ranks[0]), 0.6);
    assert.equal(proximityFromRanks(ranks[0], null), 0);
  });
});

describe("look", () => {
  it("ties a close-up to its product by shape, closure and material words", () => {
    const front = lookWords("Plastic tub with a blue label and a black snap lid.");
    const closeUp = lookWords("Close-up of the snap lid and neck of a blue plastic tub.");
    const other = lookWords("Glass dropper bottle with a gold cap.");
    assert.equal(lookSimilarity(front, closeUp), 1);
    assert.equal(lookSimilarity(front, other), 0);
    assert.equal(lookSimilarity(front, lookWords("A receipt on a desk.")), null);
  });
});
