import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../../src/lib/rng.js";
import { skeletonWords } from "../../../src/lib/text.js";
import { Lexicon } from "../../../src/pairing/text/lexicon.js";
import { TokenSet } from "../../../src/pairing/text/token-set.js";

/** Text of label-like words: OCR stand-ins, doubled letters, plurals, digits, accents, punctuation. */
function labelText(rng: Rng): string {
  const pieces = [
    "rn",
    "vv",
    "uv",
    "0",
    "1",
    "l",
    "|",
    "!",
    "5",
    "$",
    "8",
    "6",
    "u",
    "s",
    "ss",
    "é",
    "É",
    "ß",
    "™",
  ];
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let s = "";
  for (let w = rng.int(12); w >= 0; w--) {
    for (let n = 1 + rng.int(9); n > 0; n--)
      s += rng.next() < 0.3 ? rng.pick(pieces) : letters[rng.int(letters.length)];
    s += rng.pick([" ", " ", ", ", "-", "\n", ".", "'", "•"]);
  }
  return s;
}

describe("Lexicon", () => {
  it("reads the words of a text as the ids of the skeletons `skeletonWords` gives, raw or folded first", () => {
    const rng = new Rng(41);
    const lex = new Lexicon();
    for (let i = 0; i < 3000; i++) {
      const text = labelText(rng);
      const want = skeletonWords(text);
      assert.deepEqual(lex.wordsOf(lex.scan(text)), want, JSON.stringify(text));
      // a word read again gets the same id, and one skeleton one id
      assert.deepEqual(
        lex.scan(text),
        want.map((w) => lex.find(w)),
      );
    }
    assert.ok(lex.size > 1000, `${lex.size} distinct skeletons: the check would test few`);
    // lengths are kept in a byte per id: every id's must still be its skeleton's
    for (let id = 0; id < lex.size; id++) assert.equal(lex.length(id), lex.words[id].length, lex.words[id]);
  });
  it("gives the length of words longer than a byte holds", () => {
    const lex = new Lexicon();
    const ids = lex.scan(`${"ab".repeat(127)}x ${"ab".repeat(128)} ${"abc".repeat(200)}`);
    assert.deepEqual(
      ids.map((id) => lex.length(id)),
      [255, 256, 600],
    );
  });
  it("tells filler words and digit runs, and finds only skeletons it has read", () => {
    const lex = new Lexicon();
    const [the, ml, n500, name] = lex.scan("The 100ML 500 Serum");
    assert.equal(lex.isFiller(the), true);
    assert.equal(lex.isFiller(name), false);
    assert.equal(lex.isDigits(n500), true);
    assert.equal(lex.isDigits(ml), false);
    assert.equal(lex.find("servm"), name);
    assert.equal(lex.find("toner"), -1);
  });
});

describe("TokenSet", () => {
  it("holds each id once, in the order first added, and answers membership as a Set does", () => {
    const rng = new Rng(43);
    const lex = new Lexicon();
    for (let t = 0; t < 200; t++) {
      const set = new TokenSet(lex, rng.int(20));
      const ref = new Set<number>();
      for (let i = rng.int(300); i > 0; i--) {
        const id = rng.int(500);
        assert.equal(set.add(id), !ref.has(id));
        ref.add(id);
      }
      assert.deepEqual(set.ids, [...ref]);
      for (let id = 0; id < 520; id++) assert.equal(set.has(id), ref.has(id));
    }
  });
});
