import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  groupRetakes,
  isRetake,
  leftoverFrontOfProduct,
  sameProductFronts,
} from "../../../src/pairing/engine/retakes.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import {
  analysisOf,
  type RecordSpec,
  scoringBatch,
  shampooBack,
  shampooFront,
  tunedConfig,
  vitaminBack,
  vitaminFront,
} from "../fixtures.js";

// one seller session: shampoo front, a closer re-take of it, its back, then a vitamin front and back
const front = { ...shampooFront, url: "IMG_0101.JPG" };
const retake: RecordSpec = {
  ...shampooFront,
  url: "IMG_0102.JPG",
  size: "",
  description: "Pink squeeze bottle. Close-up of the upper half of the label.",
  text: "SUNSILK\nSMOOTH & MANAGEABLE\nSHAMPOO",
};
const back = { ...shampooBack, url: "IMG_0103.JPG" };
const session = [
  front,
  retake,
  back,
  { ...vitaminFront, url: "IMG_0104.JPG" },
  { ...vitaminBack, url: "IMG_0105.JPG" },
];

describe("re-takes of a front", () => {
  it("are one product with the front, shot moments apart, and do not make its pair ambiguous", () => {
    const run = pairAnalysis(analysisOf(session), tunedConfig({ orderSignal: "on" }));
    const shampoo = run.result.products.find((p) => p.backUrl === back.url);
    assert.ok(shampoo, JSON.stringify(run.result.singletons));
    assert.equal(shampoo.decidedBy, "auto");
    // the first shot stands for the product and the re-take, shot nearer the back, is its extra
    assert.equal(shampoo.frontUrl, front.url);
    assert.deepEqual(shampoo.extras, [retake.url]);
    assert.equal(run.ambiguous.length, 0);
    assert.equal(run.metrics.totals.contractViolations, 0);
  });

  it("are headed by the first shot even when the later one reads better", () => {
    // the first photo is blurred (no size read); the re-take moments later reads the whole label
    const blurred = { ...front, size: "", text: "SUNSILK\nSMOOTH & MANAGEABLE" };
    const sharp = { ...retake, size: "340 ml", text: shampooFront.text };
    const run = pairAnalysis(
      analysisOf([blurred, sharp, back, ...session.slice(3)]),
      tunedConfig({ orderSignal: "on" }),
    );
    const shampoo = run.result.products.find((p) => p.backUrl === back.url);
    assert.equal(shampoo?.frontUrl, blurred.url);
    assert.deepEqual(shampoo?.extras, [sharp.url]);
  });

  it("count when the vision step read no brand on one of them but its own text shows the other's", () => {
    const unbranded = { ...retake, brand: undefined };
    const { ctx, by } = scoringBatch([front, unbranded, back], 4);
    assert.equal(isRetake(by(front.url), by(retake.url), ctx), true);
    assert.equal(isRetake(by(retake.url), by(front.url), ctx), true);
    // no brand read and none in its text: nothing ties it to the front's brand
    const blind = { ...unbranded, text: "SMOOTH & MANAGEABLE\nSHAMPOO" };
    const b = scoringBatch([front, blind, back], 4);
    assert.equal(isRetake(b.by(front.url), b.by(retake.url), b.ctx), false);
  });

  it("count when their label words were read differently but both read the same product name", () => {
    const one = { ...front, text: "SUNSILK\nSMOOTH & MANAGEABLE\nSHAMPOO\nKERATIN YOGHURT\n340 ml" };
    const two = { ...retake, text: "SUNSlLK\nSM00TH & MANAGEBLE\nSHAMP0O\nfor frizzy hair" };
    const { ctx, by } = scoringBatch([one, two, back, ...session.slice(3)], 4);
    assert.equal(isRetake(by(one.url), by(two.url), ctx), true);
  });

  it("count a close-up whose name words were misread by a letter, but not a second full front view", () => {
    // the front and the close-up share two words exactly; the other three carry one OCR slip each on the
    // close-up, and its product field was not read, so only a slip-tolerant reading of the name ties them
    const named = { ...front, text: "SUNSILK\nSMOOTH & MANAGEABLE\nSHAMPOO\nKERATIN YOGHURT\n340 ml" };
    const closeUp: RecordSpec = {
      ...retake,
      product: "Unidentified Item",
      text: "SUNSILK\nSOOTH & MANAGEBLE\nSHMPOO\nKERATIN YOGHURT",
    };
    // the same words on a full front view: a sibling shot next to it names its line the same way
    const fullView: RecordSpec = { ...closeUp, description: shampooFront.description };
    for (const [other, expected] of [
      [closeUp, true],
      [fullView, false],
    ] as const) {
      const { ctx, by } = scoringBatch([named, other, back, ...session.slice(3)], 4);
      assert.equal(isRetake(by(named.url), by(other.url), ctx), expected, other.description);
    }
  });

  it("read the view from the description's own words, not from a product name it quotes", () => {
    const quoted: RecordSpec = {
      ...shampooFront,
      description: "Plastic tub. The product name 'Texture Experience Creambath' is prominently displayed.",
    };
    const { by } = scoringBatch([quoted, retake]);
    assert.equal(by(quoted.url).closeView, false);
    assert.equal(by(retake.url).closeView, true);
  });

  it("need adjacent capture ranks: the same photo far away in the session is not grouped", () => {
    // capture ranks are dense: the three photos shot between them put the copy four ranks away
    const far = { ...retake, url: "IMG_0190.JPG" };
    const { ctx, by } = scoringBatch([...session.filter((s) => s !== retake), far], 4);
    assert.equal(isRetake(by(front.url), by(far.url), ctx), false);
    const near = scoringBatch([front, retake, back], 4);
    assert.equal(isRetake(near.by(front.url), near.by(retake.url), near.ctx), true);
  });

  it("keep adjacent siblings apart: another variant, another pack size, another brand", () => {
    // (a re-take may crop the variant line away, so only two different variants named on both count)
    // the variant is read into the variant field only: the label text of both fronts is the same
    const variant = { ...retake, variant: "Rose" };
    const size = { ...retake, size: "680 ml", text: "SUNSILK\nSMOOTH & MANAGEABLE SHAMPOO\n680 ml" };
    const brand = { ...retake, brand: "Dove" };
    const plain = { ...front, variant: "Original" };
    for (const sib of [variant, size, brand]) {
      // the rest of the session keeps the words' rarity realistic (in three photos alone every word is rare)
      const { ctx, by } = scoringBatch([plain, sib, back, ...session.slice(3)], 4);
      assert.equal(isRetake(by(front.url), by(sib.url), ctx), false, JSON.stringify(sib));
    }
  });

  it("are not grouped when the batch's capture order is not trusted or names carry no order", () => {
    const { feats, ctx } = scoringBatch(session, 0);
    const fronts = feats.filter((f) => f.role === "front");
    const cands = fronts.map(() => []);
    assert.equal(groupRetakes(fronts, cands, ctx, 0).retakeOf.size, 0);
    const trusted = groupRetakes(fronts, cands, ctx, 8);
    assert.equal(trusted.retakeOf.size, 1);
    const random = scoringBatch(
      session.map((s, i) => ({ ...s, url: ["q7a.jpg", "zz1.jpg", "m3k.jpg", "b9x.jpg", "c2w.jpg"][i] })),
      4,
    );
    assert.equal(isRetake(random.by("q7a.jpg"), random.by("zz1.jpg"), random.ctx), false);
  });
});

describe("side and detail shots in a batch whose capture order is trusted", () => {
  const side: RecordSpec = {
    url: "IMG_0104.JPG",
    brand: "Sunsilk",
    role: "side",
    colour: "pink",
    description: "Narrow side panel of a pink squeeze bottle showing warnings. The text runs vertically.",
    text: "SUNSILK\nWARNING: avoid contact with eyes.",
  };
  // seven photos of no product in between put the late copy of the side shot far from the shampoo
  const fillers: RecordSpec[] = Array.from({ length: 7 }, (_, i) => ({
    url: `IMG_01${20 + i}.JPG`,
    role: "other",
    description: "A paper receipt lying on a desk.",
  }));
  const batch = [front, back, ...fillers];
  const ownerOf = (r: ReturnType<typeof pairAnalysis>, url: string) =>
    r.result.products.find((p) => p.extras.includes(url))?.frontUrl ?? null;

  it("join the product shot next to them", () => {
    const r = pairAnalysis(analysisOf([...batch, side]), tunedConfig({ orderSignal: "on" }));
    assert.equal(ownerOf(r, side.url), front.url);
  });

  it("are not claimed by a look-alike product shot many photos away, unless order is ignored", () => {
    const late = { ...side, url: "IMG_0190.JPG" };
    const on = pairAnalysis(analysisOf([...batch, late]), tunedConfig({ orderSignal: "on" }));
    assert.equal(ownerOf(on, late.url), null);
    assert.equal(on.result.singletons.find((s) => s.url === late.url)?.reason, "unattached_extra");
    const off = pairAnalysis(analysisOf([...batch, late]), tunedConfig({ orderSignal: "off" }));
    assert.equal(ownerOf(off, late.url), front.url);
  });

  it("belong to a product shot before them, not to the one shot right after", () => {
    // the seller shot a vitamin, then this Sunsilk side panel, then the shampoo's front and back
    const vitamin = [
      { ...vitaminFront, url: "IMG_0098.JPG" },
      { ...vitaminBack, url: "IMG_0099.JPG" },
    ];
    const early = { ...side, url: "IMG_0100.JPG" };
    const shampooFirst = (order: "on" | "off") =>
      ownerOf(
        pairAnalysis(analysisOf([...vitamin, early, front, back]), tunedConfig({ orderSignal: order })),
        early.url,
      );
    assert.notEqual(shampooFirst("on"), front.url);
    assert.equal(shampooFirst("off"), front.url);
  });
});

describe("a front left without a back, in a batch whose names carry no order", () => {
  // two shots of one front whose label words were read differently: OCR slips and other lines of the label
  const first: RecordSpec = {
    ...shampooFront,
    url: "q7a.jpg",
    text: "SUNSILK\nSMOOTH & MANAGEABLE\nSHAMPOO\nKERATIN YOGHURT\n340 ml",
  };
  const second: RecordSpec = {
    ...shampooFront,
    url: "zz1.jpg",
    description: "Pink squeeze bottle held at an angle, label facing the camera. No visible barcode.",
    text: "SUNSlLK\nSM00TH & MANAGEBLE\nSHAMP0O\nfor frizzy hair\n340 ml",
  };
  const rest = [
    { ...shampooBack, url: "m3k.jpg", text: `${shampooBack.text}\nKeratin Yoghurt` },
    { ...vitaminFront, url: "b9x.jpg" },
    { ...vitaminBack, url: "c2w.jpg" },
  ];

  it("is one product with a front whose product field names the same thing", () => {
    const { ctx, by } = scoringBatch([first, second, ...rest]);
    // the label words alone do not say so: each shot shows words the other lacks
    assert.equal(sameProductFronts(by(first.url), by(second.url), ctx), false);
    assert.equal(leftoverFrontOfProduct(by(first.url), by(second.url), ctx), true);
    assert.equal(leftoverFrontOfProduct(by(second.url), by(first.url), ctx), true);
  });

  it("is not one product with a sibling: another name, another pack size, another variant", () => {
    const name = { ...second, product: "Smooth & Manageable Conditioner" };
    const size = { ...second, size: "680 ml", text: second.text?.replace("340", "680") };
    const variant = { ...second, variant: "Rose" };
    for (const sib of [name, size, variant]) {
      const { ctx, by } = scoringBatch([{ ...first, variant: "Original" }, sib, ...rest]);
      assert.equal(leftoverFrontOfProduct(by(first.url), by(sib.url), ctx), false, JSON.stringify(sib));
    }
  });

  it("is one product when the vision step misread one letter of the brand or of a name word", () => {
    // "Sunsilk" read "Sunslk"; "Manageable" read "Manageble" in the product field
    const misread = { ...second, brand: "Sunslk", product: "Smooth & Manageble Shampoo" };
    const { ctx, by } = scoringBatch([first, misread, ...rest]);
    assert.equal(leftoverFrontOfProduct(by(first.url), by(misread.url), ctx), true);
    // two slips in the brand are another brand
    const other = { ...second, brand: "Sonsbk" };
    const b = scoringBatch([first, { ...other, text: "SMOOTH & MANAGEABLE\nSHAMPOO" }, ...rest]);
    assert.equal(leftoverFrontOfProduct(b.by(first.url), b.by(other.url), b.ctx), false);
  });

  it("joins the product as its re-take instead of standing alone", () => {
    const run = pairAnalysis(analysisOf([first, second, ...rest]), loadPairingConfig());
    const shampoo = run.result.products.find((p) => p.backUrl === "m3k.jpg");
    assert.ok(shampoo, JSON.stringify(run.result.singletons));
    assert.deepEqual([shampoo.frontUrl, ...shampoo.extras].sort(), [first.url, second.url].sort());
    assert.equal(run.metrics.totals.contractViolations, 0);
  });
});
