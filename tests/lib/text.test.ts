import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../src/lib/rng.js";
import {
  foldText,
  jaccard,
  ocrSkeleton,
  resetTextCaches,
  skeletonTokens,
  skeletonWords,
  WordsByLength,
  withinEdits,
  withinOneEditOfAny,
  words,
} from "../../src/lib/text.js";

describe("text", () => {
  it("reads skeleton words as words + ocrSkeleton do, across table growth, collisions and a reset", () => {
    const rng = new Rng(11);
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789$|!éÉ-.,' \n";
    const texts: string[] = ["", "   ", "SHAMPOO 250ML", "Pétrole Hahn™ rnoist 5pray", "a|b!c$d"];
    // enough distinct words to grow the table several times
    for (let t = 0; t < 1500; t++) {
      let s = "";
      const n = 1 + Math.floor(rng.next() * 60);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
      texts.push(s);
    }
    for (let round = 0; round < 2; round++) {
      for (const s of texts) assert.deepEqual(skeletonWords(s), words(s).map(ocrSkeleton), JSON.stringify(s));
      resetTextCaches();
    }
  });

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
  it("agrees with a plain edit distance on random words, its quick rejections included", () => {
    const distance = (a: string, b: string) => {
      let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++)
          cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
      return prev[b.length];
    };
    const rng = new Rng(5);
    // a small alphabet, with characters outside a-z, so that near words and shared letters are common
    const alphabet = "abcdeyz0279$";
    const word = () => {
      let s = "";
      const n = Math.floor(rng.next() * 9);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
      return s;
    };
    let within = 0;
    for (let t = 0; t < 5000; t++) {
      const a = word();
      const b = rng.next() < 0.5 ? word() : a.slice(1) + alphabet[Math.floor(rng.next() * alphabet.length)];
      const k = 1 + Math.floor(rng.next() * 3);
      const d = distance(a, b);
      if (d <= k) within++;
      assert.equal(withinEdits(a, b, k), d <= k, `${a} / ${b} / ${k}`);
    }
    assert.ok(within > 500, `only ${within} pairs within reach: the check would test little`);
  });
  it("finds a word within k edits among words kept by length as a scan with withinEdits does", () => {
    const rng = new Rng(23);
    const alphabet = "abcdeyz0279$";
    const word = () => {
      let s = "";
      const n = 1 + rng.int(10);
      for (let i = 0; i < n; i++) s += rng.pick([...alphabet]);
      return s;
    };
    let near = 0;
    for (let t = 0; t < 300; t++) {
      const pool = Array.from({ length: rng.int(40) }, word);
      const index = new WordsByLength(pool);
      for (let q = 0; q < 20; q++) {
        // half the queries are a pool word with a letter changed, so that both answers are common
        const base = pool.length > 0 && rng.next() < 0.5 ? rng.pick(pool) : word();
        const i = rng.int(base.length);
        const query = base.slice(0, i) + rng.pick([...alphabet]) + base.slice(i + 1);
        const k = 1 + rng.int(2);
        const want = pool.some((w) => withinEdits(query, w, k));
        if (want) near++;
        assert.equal(index.anyWithin(query, k), want, `${query} / ${k} / ${pool.join(",")}`);
      }
    }
    assert.ok(
      near > 1000 && near < 5000,
      `${near} of 6,000 queries near a word: the check would test one answer`,
    );
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
