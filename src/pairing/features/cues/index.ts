import { foldText } from "../../../lib/text.js";
import type { CategoryDomain } from "../category/category.js";
import type { ColourFamily } from "../colour/colour.js";
import { type IngredientCues, ingredientCuesOf } from "../ingredients/ingredients.js";
import { lookWordsOfMask } from "../look/look.js";
import type { Packaging } from "../packaging/packaging.js";
import { type DescriptionCues, readDescription } from "./description.js";
import { readLabel } from "./label.js";

/**
 * The text cues of a photo, read in one pass over its folded description and one over its folded label text:
 * every cue word and phrase of every signal is a literal of one Aho–Corasick automaton per kind of text, and
 * each literal carries the boundary its cue asks for on either side. This reads exactly what the engine's
 * regular expressions read (tests/pairing/features/cue-oracle.ts keeps them, and a test compares the two on every
 * text of the dev bench and on generated text), at a fraction of the cost of thirty scans per photo.
 */

export { type DescriptionCues, extraOutsideQuotes, quotedPassages, readDescription } from "./description.js";
export { BACK_TEXT, type LabelCues, readLabel } from "./label.js";

/** `readDescription` of unfolded text. */
export function describe(description: string): DescriptionCues {
  return readDescription(foldText(description));
}

/** The container a description (or, failing that, label text) names first. */
export function detectPackaging(description: string, text = ""): Packaging | null {
  for (const src of [description, text])
    if (src) {
      const p = describe(src).packaging;
      if (p) return p;
    }
  return null;
}

/** Shape, closure and material words of a description (`LOOK_WORD_LIST`). */
export function lookWords(description: string): Set<string> {
  const { lookLo, lookHi } = describe(description);
  return lookWordsOfMask(lookLo, lookHi);
}

/** All colour families named in a description ("red with gold accents" → red, gold). */
export function colourFamiliesIn(text: string): Set<ColourFamily> {
  return describe(text).colours;
}

/** What a label text says the product is for (`TEXT_DOMAIN_WORDS`), or null. */
export function textDomain(text: string): CategoryDomain | null {
  return readLabel(foldText(text)).domain;
}

/** `headingRead`: an ingredient heading was found word by word with an OCR slip allowed (see label-words.ts) */
export function ingredientCues(text: string, headingRead = false): IngredientCues {
  const f = foldText(text);
  const cues = readLabel(f);
  return ingredientCuesOf(f, headingRead || cues.heading, cues.inciHits);
}
