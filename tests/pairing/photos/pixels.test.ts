import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sharp from "sharp";
import {
  appearanceOf,
  appearanceScore,
  appearanceSimilarity,
} from "../../../src/pairing/features/colour/appearance.js";
import { labDistance, nameColour, srgbToLab } from "../../../src/pairing/photos/colour-names.js";
import { decodeFailure } from "../../../src/pairing/photos/facts.js";
import { hammingHex, readPixels } from "../../../src/pairing/photos/pixels.js";
import { backSvg, frontSvg, PRODUCTS } from "./fixtures.js";

const png = (svg: Buffer) => sharp(svg).png().toBuffer();
const [serum, greens] = PRODUCTS;

describe("colour names", () => {
  it("converts sRGB to Lab (D65) at the reference points", () => {
    const white = srgbToLab(255, 255, 255);
    assert.ok(Math.abs(white[0] - 100) < 0.01 && Math.abs(white[1]) < 0.01 && Math.abs(white[2]) < 0.01);
    assert.ok(srgbToLab(0, 0, 0)[0] < 0.01);
    // sRGB red is L 53.2, a 80.1, b 67.2
    assert.ok(labDistance(srgbToLab(255, 0, 0), [53.24, 80.09, 67.2]) < 0.5);
  });

  it("names colours in the vision step's hyphenated words", () => {
    assert.equal(nameColour(srgbToLab(250, 250, 250)), "white");
    assert.equal(nameColour(srgbToLab(10, 10, 10)), "black");
    assert.equal(nameColour(srgbToLab(0x6a, 0x2c, 0xa0)), "purple");
    assert.equal(nameColour(srgbToLab(0x1f, 0x7a, 0x3a)), "green");
    assert.equal(nameColour(srgbToLab(10, 40, 15)), "dark-green");
    assert.equal(nameColour(srgbToLab(0xe0, 0x7a, 0x1f)), "orange");
  });
});

describe("pixels of a photo", () => {
  it("describes the pack, not the wall: colour, box and a stable perceptual hash", async () => {
    const { facts, ocrViews } = await readPixels(await png(frontSvg(serum)));
    assert.equal(facts.width, 600);
    assert.equal(facts.height, 800);
    assert.equal(facts.signature.dominant[0].name, "purple");
    const total = facts.signature.hist.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(total - 1) < 0.01);
    // the pack spans x 150–450 and y 120–680 of 600 × 800
    assert.ok(Math.abs(facts.box.left - 0.25) < 0.05 && Math.abs(facts.box.width - 0.5) < 0.07);
    assert.ok(facts.aspect > 1.4);
    assert.equal(facts.whiteBorder, 0);
    assert.equal(ocrViews.length, 2);
    const again = await readPixels(await png(frontSvg(serum)));
    assert.equal(hammingHex(facts.phash, again.facts.phash), 0);
    const other = await readPixels(await png(backSvg(greens)));
    assert.ok(hammingHex(facts.phash, other.facts.phash) > 4);
  });

  it("front and back of one pack overlap in colour far more than two different packs", async () => {
    const sig = async (svg: Buffer) =>
      appearanceOf({ colorSignature: (await readPixels(await png(svg))).facts.signature }) as Float64Array;
    const f = await sig(frontSvg(serum));
    const same = appearanceSimilarity(f, await sig(backSvg(serum)));
    const other = appearanceSimilarity(f, await sig(backSvg(greens)));
    assert.ok(same > 0.6, `same pack ${same}`);
    assert.ok(other < 0.4, `different packs ${other}`);
    assert.ok(appearanceScore(same) > appearanceScore(other));
  });

  it("rejects bytes that are not an image", async () => {
    await assert.rejects(readPixels(Buffer.from("not an image")));
  });

  it("names a decode failure the same way however many photos fail at once", async () => {
    assert.equal(
      decodeFailure(new Error("Input buffer has corrupt header: VipsJpeg: premature end of JPEG image")),
      "Input buffer has corrupt header",
    );
    assert.equal(
      decodeFailure(new Error("Input buffer contains unsupported image format")),
      "Input buffer contains unsupported image format",
    );
    // a truncated JPEG decoded beside other failing ones: libvips's shared error buffer varies what follows
    // sharp's own words, so only those may reach the output
    const truncated = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const failures = await Promise.all(
        [truncated, truncated, Buffer.from("not an image")].map((b) =>
          readPixels(b).then(
            () => "decoded",
            (e: unknown) => decodeFailure(e),
          ),
        ),
      );
      seen.add(failures[0]);
      seen.add(failures[1]);
    }
    assert.deepEqual([...seen], ["Input buffer has corrupt header"]);
  });

  it("ignores a malformed colour signature instead of trusting it", () => {
    assert.equal(appearanceOf({}), null);
    assert.equal(appearanceOf({ colorSignature: { hist: [1, 2] } }), null);
    assert.equal(appearanceOf({ colorSignature: { hist: Array(10).fill("x") } }), null);
    assert.equal(appearanceOf({ colorSignature: { hist: Array(10).fill(0) } }), null);
    assert.ok(appearanceOf({ colorSignature: { hist: Array(10).fill(1) } }));
  });
});
