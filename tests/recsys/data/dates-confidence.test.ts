import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONFIDENCE_CAP, commentQuality, confidenceOf } from "../../../src/recsys/data/confidence.js";
import { parseTimestamp } from "../../../src/recsys/data/dates.js";

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe("parseTimestamp", () => {
  it("reads the formats shops export", () => {
    assert.equal(parseTimestamp("2023-01-06 12:28:25"), utc(2023, 1, 6, 12, 28, 25));
    assert.equal(parseTimestamp("2023-01-06T12:28:25Z"), utc(2023, 1, 6, 12, 28, 25));
    assert.equal(parseTimestamp("2023-01-06"), utc(2023, 1, 6));
    assert.equal(parseTimestamp("29/04/2023", "17:06"), utc(2023, 4, 29, 17, 6));
    assert.equal(parseTimestamp("3/1/2020", "18:31"), utc(2020, 1, 3, 18, 31));
    assert.equal(parseTimestamp("3/1/2020", null, "mdy"), utc(2020, 3, 1));
    assert.equal(parseTimestamp("1672999705"), 1672999705);
    assert.equal(parseTimestamp("1672999705000"), 1672999705);
  });

  it("lets an impossible month settle the day/month order", () => {
    assert.equal(parseTimestamp("12/25/2022"), utc(2022, 12, 25));
  });

  it("returns null for missing or impossible values instead of guessing", () => {
    for (const bad of [
      "",
      "   ",
      null,
      undefined,
      "30/11/-0001",
      "31/02/2023",
      "2023-13-01",
      "yesterday",
      "2023-01-06 25:00",
    ]) {
      assert.equal(parseTimestamp(bad), null, String(bad));
    }
    assert.equal(parseTimestamp("29/04/2023", "7pm"), null);
  });
});

describe("confidence", () => {
  it("adds a bonus for a long positive comment with emoji, capped at 6", () => {
    const q = commentQuality(
      "sản_phẩm rất tốt, giao_hàng nhanh, đóng_gói cẩn_thận, dùng thích lắm thumbs_up 😍 sẽ mua lại lần sau nha mọi người",
    );
    assert.ok(q.positives >= 3);
    assert.ok(q.emoji);
    assert.ok(q.bonus > 0.8);
    assert.equal(
      confidenceOf(5, "rất tốt rất thích tuyệt vời chính hãng đáng mua hiệu quả ".repeat(5)),
      CONFIDENCE_CAP,
    );
  });

  it("pulls the bonus down for negative words and gives none for no comment", () => {
    assert.ok(commentQuality("hàng giả, thất vọng, bị kích ứng").bonus < 0);
    assert.equal(confidenceOf(4, ""), 4);
    assert.equal(confidenceOf(4, null), 4);
    assert.ok(confidenceOf(1, "tệ kém thất vọng hàng giả") >= 0.5);
  });

  it("matches lexicon words with or without diacritics and word-segmentation", () => {
    assert.equal(commentQuality("giao hang nhanh").positives, commentQuality("giao_hàng nhanh").positives);
  });
});
