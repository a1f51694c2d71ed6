import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Rng } from "../../../src/lib/rng.js";
import { foldText } from "../../../src/lib/text.js";
import { TEXT_DOMAIN_WORDS } from "../../../src/pairing/features/category/category.js";
import { COLOUR_NAMES } from "../../../src/pairing/features/colour/colour.js";
import {
  extraOutsideQuotes,
  quotedPassages,
  readDescription,
  readLabel,
} from "../../../src/pairing/features/cues/index.js";
import { INCI_WORDS, INGREDIENT_HEADINGS } from "../../../src/pairing/features/ingredients/ingredients.js";
import { LOOK_WORDS, lookWordsOfMask } from "../../../src/pairing/features/look/look.js";
import { PACKAGING_WORDS } from "../../../src/pairing/features/packaging/packaging.js";
import { describeByRegex, quotedPassagesByRegex, readLabelByRegex } from "./cue-oracle.js";

const sorted = (s: ReadonlySet<string>) => [...s].sort();

function agreeOnDescription(fdesc: string): void {
  const want = describeByRegex(fdesc, LOOK_WORDS, new Map(COLOUR_NAMES));
  const got = readDescription(fdesc);
  const outsideQuotes = extraOutsideQuotes(fdesc, got);
  const { look, colours, extraOutsideQuotes: wantOutsideQuotes, ...flags } = want;
  const { lookLo, lookHi, colours: gotColours, extraSpans: _spans, ...gotFlags } = got;
  const gotLook = lookWordsOfMask(lookLo, lookHi);
  assert.deepEqual(gotFlags, flags, JSON.stringify(fdesc));
  assert.equal(outsideQuotes, wantOutsideQuotes, JSON.stringify(fdesc));
  assert.deepEqual(sorted(gotLook), sorted(look), JSON.stringify(fdesc));
  assert.deepEqual(sorted(gotColours), sorted(colours), JSON.stringify(fdesc));
}

function agreeOnLabel(ftext: string): void {
  assert.deepEqual(readLabel(ftext), readLabelByRegex(ftext), JSON.stringify(ftext));
}

/**
 * Text made of the cue words themselves, glued to each other and to letters, digits, hyphens, quotes, sentence
 * ends, line breaks and non-ASCII letters, so that every boundary rule and every special case ("can be",
 * "logo … displayed" across a line, "off white" after letters, clauses that say what is not visible, INCI names
 * inside each other) is met many times.
 */
function generatedText(rng: Rng, vocabulary: readonly string[]): string {
  const glue = [" ", " ", " ", "", "-", ".", ", ", "\n", "'", "é", "x", "s", "7", "_", "; ", " be ", "!"];
  let s = "";
  const n = 1 + rng.int(9);
  for (let i = 0; i < n; i++) {
    const w = rng.pick(vocabulary);
    // now and then a word cut short or run on
    s += rng.next() < 0.1 ? w.slice(0, Math.max(1, w.length - 1)) : w;
    s += rng.pick(glue);
  }
  return rng.next() < 0.5 ? s : s.trim();
}

const DESCRIPTION_WORDS = [
  ...PACKAGING_WORDS.flatMap(([, ws]) => ws),
  ...LOOK_WORDS,
  ...COLOUR_NAMES.keys(),
  "off",
  "off white",
  "off-white",
  "cutoff",
  "no visible barcode",
  "not visible",
  "without visible",
  "no visible",
  "fine print",
  "dense",
  "rear view",
  "back of",
  "ingredient list",
  "logo",
  "logo on the label",
  "displayed",
  "prominently displayed",
  "hero",
  "close-up",
  "closeup",
  "side panel",
  "narrow vertical",
  "partially visible",
  "only part of",
  "several bottles",
  "side by side",
  "three",
  "keys",
  "key",
  "receipt",
  "no product packaging",
  "can be",
  "be",
  "'Texture Experience'",
];
const LABEL_WORDS = [
  ...INGREDIENT_HEADINGS,
  ...INCI_WORDS,
  ...TEXT_DOMAIN_WORDS.flatMap(([, ws]) => ws),
  "directions",
  "direction",
  "how to use",
  "mode d'emploi",
  "conseils d'utilisation",
  "warnings",
  "caution",
  "keep out of reach",
  "distributed",
  "distribuido",
  "made in",
  "made for",
  "produced",
  "supplement facts",
  "serving size",
  "reg. no",
  "reg no",
  "no. reg",
  "www.",
  ".com",
  "lot",
  "exp",
  "polysorbate",
  "sorbate",
  "laurethyl",
  "1 capsule",
  "scoop",
  "haarpflege",
];

describe("cue automata (the engine's text cues) read what the regular expressions read", () => {
  it("on generated description text", () => {
    const rng = new Rng(91);
    for (let i = 0; i < 6000; i++) agreeOnDescription(foldText(generatedText(rng, DESCRIPTION_WORDS)));
  });
  it("on generated label text", () => {
    const rng = new Rng(92);
    for (let i = 0; i < 6000; i++) agreeOnLabel(foldText(generatedText(rng, LABEL_WORDS)));
  });
  it("on edge cases the rules name", () => {
    for (const d of [
      "a white jar, off white lid",
      "cutoff white cap",
      "cutoff\nwhite",
      "cutoff\u00a0white",
      "cutoff-white",
      "x off\twhite",
      "off-white",
      "offwhite",
      "an aerosol can",
      "you can be sure",
      "can become",
      "the logo\nis displayed",
      "logo on top, name displayed",
      "the logo is\non the side, name displayed",
      "the logo is\u2028on the side, name displayed",
      "logo  displayed",
      "logo displayed",
      "No visible barcode. Rear view of the box",
      "no visible rear view; back label",
      "'close view' of the label",
      "close 'x' view",
      "close'x'view",
      "close'x' view",
      "at an'x'angle, 'y' and 'z'",
      "side'a'panel' and a lone quote",
      "'a'b'c'",
      "'a' close-up 'b'",
      "'a' close-up ' b",
      "",
    ])
      agreeOnDescription(foldText(d));
    for (const t of [
      "polysorbate 20, sorbate, aqua",
      "www.example.com",
      "x.com",
      "reg.no 5",
      "haarpflege",
      "",
      "lot",
    ])
      agreeOnLabel(foldText(t));
  });
  it("quoted passages, on generated text with quotes a passage apart, too close and too far", () => {
    const rng = new Rng(93);
    const pieces = [
      "'",
      "'",
      "a",
      "ab",
      " serum ",
      "\n",
      "x".repeat(79),
      "y".repeat(80),
      "z".repeat(81),
      "é'",
    ];
    let found = 0;
    for (let i = 0; i < 4000; i++) {
      let d = "";
      for (let k = rng.int(9); k > 0; k--) d += rng.pick(pieces);
      const want = quotedPassagesByRegex(d);
      assert.equal(quotedPassages(d), want, JSON.stringify(d));
      if (want !== "") found++;
    }
    assert.ok(found > 400, `${found} texts with a passage`);
    for (const [d, want] of [
      ["a jar labelled 'Hydra Boost' and 'Night'", "Hydra Boost Night"],
      ["'a' then 'bc'", " then "],
      ["it's a 'tube'", "s a "],
      ["''x''", ""],
    ])
      assert.equal(quotedPassages(d), want, d);
  });
  it("on every description and label text of the dev bench", (t) => {
    const dir = "../shared/pairing-bench/dev";
    if (!existsSync(dir)) {
      t.skip(`${dir} not found: the bench's texts are not checked`);
      return;
    }
    let texts = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".analysis.json"))) {
      const a = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
      const insights = Array.isArray(a.imageInsights) ? a.imageInsights : Object.values(a.imageInsights);
      for (const ins of insights) {
        agreeOnDescription(foldText(ins.visualDescription ?? ""));
        const d = ins.visualDescription ?? "";
        assert.equal(quotedPassages(d), quotedPassagesByRegex(d), JSON.stringify(d));
        agreeOnLabel(foldText(ins.textExtracted ?? ""));
        texts++;
      }
    }
    assert.ok(texts > 9000, `${texts} texts`);
  });
});
