import { foldText, ocrSkeleton, withinEdits } from "../../lib/text.js";

/**
 * Back-of-pack headings looked up word by word with one OCR slip allowed. The regular expressions that find
 * "Directions", "Warnings" or "Ingredients" in a label's text need every letter right; OCR drops or swaps one
 * in long words ("PERH4TIAN", "DIRECTONS", "INGEDIENTS"), and a back whose headings are all
 * misread looks like a detail shot. Words are compared as OCR skeletons (so "DIRECTlONS" is already
 * "directions"), and one more edit (a letter dropped, added or changed) is allowed for headings of six letters
 * or more; shorter ones would have to match exactly, since one edit turns them into other words.
 */
export const LABEL_HEADING_KINDS = {
  directions: 1,
  warnings: 2,
  maker: 4,
  ingredients: 8,
} as const;
export type LabelHeadingKind = keyof typeof LABEL_HEADING_KINDS;

/** Single-word headings per kind (English, French, German, Indonesian, Spanish, Italian). */
const HEADINGS: Record<LabelHeadingKind, string[]> = {
  directions: ["directions", "gebrauchsanweisung", "anwendung", "penggunaan", "utilisation", "instrucciones"],
  warnings: [
    "warnings",
    "caution",
    "precautions",
    "warnhinweise",
    "peringatan",
    "perhatian",
    "avertissement",
    "advertencia",
    "avvertenze",
  ],
  maker: [
    "distributed",
    "distribue",
    "manufactured",
    "fabrique",
    "hergestellt",
    "diproduksi",
    "imported",
    "vertrieb",
    "marketed",
    "diimpor",
  ],
  ingredients: [
    "ingredients",
    "composition",
    "zutaten",
    "inhaltsstoffe",
    "komposisi",
    "ingredientes",
    "ingredienti",
  ],
};

const MIN_FUZZY_LENGTH = 6;

/** heading skeletons by length, each with its kind bit */
const BY_LENGTH = new Map<number, { word: string; bit: number }[]>();
for (const [kind, words] of Object.entries(HEADINGS) as [LabelHeadingKind, string[]][]) {
  for (const w of words) {
    const word = ocrSkeleton(foldText(w));
    const l = BY_LENGTH.get(word.length);
    if (l) l.push({ word, bit: LABEL_HEADING_KINDS[kind] });
    else BY_LENGTH.set(word.length, [{ word, bit: LABEL_HEADING_KINDS[kind] }]);
  }
}

/**
 * Kinds of heading one word (an OCR skeleton) names. Words shorter than MIN_HEADING_WORD name none. The engine
 * remembers the answer per word of the batch (`Lexicon.headingKinds`): label words repeat across its backs.
 */
export function headingKindsOfWord(w: string): number {
  if (w.length < MIN_HEADING_WORD) return 0;
  let kinds = 0;
  for (let len = w.length - 1; len <= w.length + 1; len++) {
    for (const h of BY_LENGTH.get(len) ?? []) {
      if (h.word === w || (h.word.length >= MIN_FUZZY_LENGTH && withinEdits(h.word, w, 1))) kinds |= h.bit;
    }
  }
  return kinds;
}

/** The shortest word that may name a heading: one letter short of the shortest fuzzy heading. */
export const MIN_HEADING_WORD = MIN_FUZZY_LENGTH - 1;

/**
 * Bitmask of LABEL_HEADING_KINDS whose headings the words show, allowing one edit in long headings. `words`
 * are OCR skeletons (see `ocrSkeleton`).
 */
export function labelHeadingKinds(words: readonly string[]): number {
  let kinds = 0;
  for (const w of words) kinds |= headingKindsOfWord(w);
  return kinds;
}
