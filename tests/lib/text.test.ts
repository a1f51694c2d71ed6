import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  foldText,
  jaccard,
  ocrSkeleton,
  skeletonTokens,
  withinEdits,
  withinOneEditOfAny,
} from "../../src/lib/text.js";

describe("text", () => {
  it("folds case, accents and trademark signs", () => {
    assert.equal(foldText("Pétrole Hahn™ CRÈME"), "petrole hahn  creme");
    assert.equal(foldText("Đà Nẵng"), "da nang");
  });
  it("gives OCR misreads and clean words the same skeleton", () => {
    assert.equal(ocrSkeleton("5pray"), ocrSkeleton("spray"));
    assert.equal(ocrSkeleton("pr0fessional"), ocrSkeleton("professional"));
    assert.equal(ocrSkeleton("rnoist"), ocrSkeleton("moist"));
    assert.equal(ocrSkeleton("capsules"), ocrSkeleton("capsule"));
    assert.equal(ocrSkeleton("2033"), "2033");
    assert.notEqual(ocrSkeleton("shampoo"), ocrSkeleton("conditioner"));
  });
  it("tells whether two words are within k edits", () => {
    assert.equal(withinEdits("darphin", "darpin", 1), true);
    assert.equal(withinEdits("darphin", "darphln", 1), true);
    assert.equal(withinEdits("darphin", "xarphiy", 1), false);
    assert.equal(withinEdits("darphin", "dapin", 1), false);
    assert.equal(withinEdits("darphin", "dapin", 2), true);
    // longer words than the reused rows hold
    assert.equal(withinEdits("a".repeat(100), `${"a".repeat(99)}b`, 1), true);
  });
  it("tells whether any word of a list or set is within one edit", () => {
    assert.equal(withinOneEditOfAny("parfvme", ["deodorant", "parvme"]), true);
    assert.equal(withinOneEditOfAny("parfvme", new Set(["deodorant", "parvme"])), true);
    assert.equal(withinOneEditOfAny("parfvme", ["deodorant", "pavme"]), false);
    assert.equal(withinOneEditOfAny("parfvme", []), false);
  });
  it("tokenises and measures overlap", () => {
    assert.deepEqual(skeletonTokens("Hair & Scalp", 2), ["hair", "scaip"]);
    assert.equal(jaccard(new Set([1, 2]), new Set([2, 3])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set()), 0);
  });
});
