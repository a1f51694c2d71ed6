import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_TUNING_FILE,
  loadPairingConfig,
  pairAnalysis,
  SINGLETON_REASON_CODES,
} from "../../../src/pairing/index.js";
import {
  analysisOf,
  shampooBack,
  shampooFront,
  tunedConfig,
  vitaminBack,
  vitaminFront,
} from "../fixtures.js";

const defaults = loadPairingConfig({});

describe("pairAnalysis", () => {
  it("pairs each front with its back, whatever the record order", () => {
    const specs = [vitaminBack, shampooFront, vitaminFront, shampooBack];
    const a = pairAnalysis(analysisOf(specs), defaults).result;
    const b = pairAnalysis(analysisOf([...specs].reverse()), defaults).result;
    const pairs = (r: typeof a) => r.pairs.map((p) => `${p.frontUrl}>${p.backUrl}`).sort();
    assert.deepEqual(pairs(a), ["IMG_0001.JPG>IMG_0002.JPG", "IMG_0003.JPG>IMG_0004.JPG"]);
    assert.deepEqual(pairs(b), pairs(a));
  });

  it("lets a back labelled 'other' with an unknown brand act as a back, explaining why", () => {
    const r = pairAnalysis(analysisOf([vitaminFront, vitaminBack]), defaults).result;
    assert.equal(r.pairs.length, 1);
    const ev = r.pairs[0].evidence.join(" | ");
    assert.match(ev, /unknown brand rescued/);
    assert.match(ev, /labelled "other"/);
  });

  it("uses the lower hair thresholds only for hair and cosmetics", () => {
    const r = pairAnalysis(
      analysisOf([shampooFront, shampooBack, vitaminFront, vitaminBack]),
      tunedConfig({ autoScore: 50, autoHairScore: 0.5 }),
    );
    assert.deepEqual(
      r.result.pairs.map((p) => p.frontUrl),
      ["IMG_0001.JPG"],
    );
    const vit = r.result.singletons.find((s) => s.url === "IMG_0003.JPG");
    assert.equal(vit?.reason, "low_match_score");
  });

  it("never pairs on capture order alone when the photos contradict each other", () => {
    const front = {
      url: "IMG_0005.JPG",
      brand: "Dove",
      product: "Deeply Nourishing Body Wash",
      size: "500 ml",
      category: "Body Wash",
      role: "front" as const,
      colour: "white",
      description: "White pump bottle. The brand logo 'Dove' is prominently displayed.",
      text: "Dove\nDEEPLY NOURISHING\nBODY WASH\n500 ml",
    };
    const back = {
      url: "IMG_0006.JPG",
      brand: "Nivea",
      product: "Sun Lotion",
      size: "200 ml",
      category: "Sun Care",
      role: "back" as const,
      colour: "blue",
      description: "Blue squeeze bottle, rear view, with directions and an ingredients list.",
      text: "NIVEA SUN\nDIRECTIONS: Apply before sun exposure.\nINGREDIENTS: Aqua, Homosalate, Glycerin\n200 ml",
    };
    const cfg = tunedConfig({ orderSignal: "on" }, { PAIR_DISABLE_TIEBREAK: "1" });
    const batch = (b: typeof back) =>
      pairAnalysis(analysisOf([shampooFront, shampooBack, vitaminFront, vitaminBack, front, b]), cfg);
    const r = batch(back);
    assert.ok(!r.result.pairs.some((p) => p.frontUrl === front.url), "a Dove front with a Nivea back");
    assert.equal(r.result.singletons.find((s) => s.url === front.url)?.reason, "low_match_score");
    // the same two shots with a back that agrees are paired, capture order among the evidence
    const agreeing = batch({ ...back, brand: "Dove", product: "Body Wash", size: "500 ml", colour: "white" });
    const pair = agreeing.result.pairs.find((p) => p.frontUrl === front.url);
    assert.equal(pair?.backUrl, back.url);
    assert.ok(pair?.evidence.some((e) => e.startsWith("capture order")));
  });

  it("splits an ambiguous pair into singletons while the tie-break is off", () => {
    const twin = { ...shampooFront, url: "IMG_0009.JPG" };
    const cfg = tunedConfig({ autoGap: 50, autoHairGap: 50 }, { PAIR_DISABLE_TIEBREAK: "1" });
    const r = pairAnalysis(
      analysisOf([shampooFront, shampooBack, { ...twin, variant: "x", product: "Other" }]),
      cfg,
    );
    assert.equal(r.result.pairs.length, 0);
    assert.ok(r.result.singletons.some((s) => s.reason === "ambiguous_match"));
    // what a tie-break needs: the front, the back it got, and every back it may choose from
    assert.ok(r.ambiguous.length > 0);
    for (const a of r.ambiguous) assert.ok(a.candidates.some((c) => c.backUrl === a.backUrl));
    assert.equal(r.metrics.totals.contractViolations, 0);
  });

  it("keeps a brand read as a prototype name ('__proto__', 'constructor') as a plain metrics row", () => {
    const specs = [
      { ...shampooFront, brand: "__proto__" },
      { ...shampooBack, brand: "__proto__" },
      { ...vitaminFront, brand: "constructor" },
    ];
    const m = pairAnalysis(analysisOf(specs), defaults).metrics;
    assert.deepEqual(Object.keys(m.byBrand).sort(), ["__proto__", "constructor"]);
    const rows = new Map(Object.entries(m.byBrand));
    assert.equal(rows.get("__proto__")?.fronts, 1);
    assert.equal(rows.get("constructor")?.fronts, 1);
    assert.equal(({} as Record<string, unknown>).fronts, undefined, "Object.prototype was written to");
    assert.ok(JSON.stringify(m).includes('"__proto__":{"fronts":1'));
  });

  it("reports invalid records as singletons with errors and still pairs the rest", () => {
    const a = analysisOf([shampooFront, shampooBack, vitaminFront]);
    (a.imageInsights[2] as Record<string, unknown>).roleScore = "very";
    const r = pairAnalysis(a, defaults);
    assert.equal(r.result.pairs.length, 1);
    const bad = r.result.singletons.find((s) => s.url === "IMG_0003.JPG");
    assert.equal(bad?.reason, "invalid_record");
    assert.equal(r.result.errors.length, 1);
    assert.equal(r.result.errors[0].url, "IMG_0003.JPG");
    assert.match(r.result.errors[0].field, /imageInsights\[2\]\.roleScore/);
    assert.match(r.result.errors[0].message, /roleScore: .*\(got "very"\)/);
    assert.equal(r.metrics.totals.contractViolations, 0);
  });

  it("accepts imageInsights keyed by url", () => {
    const a = analysisOf([shampooFront, shampooBack]);
    const keyed = Object.fromEntries(a.imageInsights.map(({ url, ...rest }) => [url, rest]));
    const r = pairAnalysis({ groups: a.groups, imageInsights: keyed }, defaults);
    assert.equal(r.result.pairs.length, 1);
  });

  it("gives non-products and multi-product shots their reasons", () => {
    const receipt = {
      url: "r.jpg",
      role: "other" as const,
      description: "A store receipt on a desk. No product packaging visible.",
      text: "TOTAL 12.00",
    };
    const two = {
      ...shampooFront,
      url: "two.jpg",
      description: "Two identical pink bottles standing side by side.",
    };
    const r = pairAnalysis(analysisOf([receipt, two]), defaults).result;
    const reasons = Object.fromEntries(r.singletons.map((s) => [s.url, s.reason]));
    assert.deepEqual(reasons, { "r.jpg": "non_product", "two.jpg": "multi_product_shot" });
  });

  it("counts a photo as a product when its label gives a size, a barcode or a use, with no brand or name read", () => {
    // the vision step read neither brand nor name and called the front a back, with front-of-pack cues
    const unread = (url: string, text: string, description: string) => ({
      url,
      role: "back" as const,
      description,
      text,
    });
    const photos = [
      unread(
        "bottle.jpg",
        "LAE SA LUAY\nHAIR SPA SMOOTH KERATIN",
        "Mint bottle. Front label shows a large logo.",
      ),
      unread("tube.jpg", "IMPECCABLE\nPROTECTION 48H\n50 mL", "Silver tube. Front label shows a large logo."),
      unread("jar.jpg", "PURE\n0 12345 67890 5", "White jar. Front label shows a large logo."),
      unread("candle.jpg", "SOY CANDLE\nHAND POURED", "Glass candle jar with a plain kraft label."),
    ];
    const r = pairAnalysis(analysisOf(photos), defaults).result;
    const reasons = Object.fromEntries(r.singletons.map((s) => [s.url, s.reason]));
    assert.equal(reasons["candle.jpg"], "non_product");
    for (const u of ["bottle.jpg", "tube.jpg", "jar.jpg"]) assert.notEqual(reasons[u], "non_product", u);
  });

  it("attaches side shots as extras, at most extrasMax", () => {
    const sides = [1, 2, 3].map((i) => ({
      url: `IMG_000${2 + i}.JPG`,
      brand: "Sunsilk",
      role: "side" as const,
      colour: "pink",
      description: "Narrow side panel of a pink squeeze bottle. The text runs vertically.",
      text: "SUNSILK Smooth & Manageable Shampoo 340 ml",
    }));
    const all = [shampooFront, shampooBack, ...sides];
    const r2 = pairAnalysis(analysisOf(all), tunedConfig({ extrasMax: 2 })).result;
    assert.equal(r2.products[0].extras.length, 2);
    assert.equal(r2.singletons.filter((s) => s.reason === "extras_limit").length, 1);
    const r4 = pairAnalysis(analysisOf(all), defaults).result;
    assert.equal(r4.products[0].extras.length, 3);
  });

  it("uses only documented reason codes and fills the metrics", () => {
    const r = pairAnalysis(analysisOf([shampooFront, shampooBack, vitaminFront]), defaults);
    for (const s of r.result.singletons) assert.ok(SINGLETON_REASON_CODES.includes(s.reason));
    const t = r.metrics.totals;
    assert.equal(t.images, 3);
    assert.equal(t.autoPairs, 1);
    assert.equal(r.metrics.byCategory.hair.pairRate, 1);
    assert.equal(r.metrics.tuning.autoScore, 3);
    assert.equal(r.metrics.tuning.file, DEFAULT_TUNING_FILE);
    assert.ok(r.metrics.msPer100Images >= 0);
  });
});
