/**
 * Headings of an ingredient list in the label languages we see (EN, FR, DE, ID, ES, IT, VI), as words of their
 * own in folded text ("ingrédients" folds to "ingredients").
 */
export const INGREDIENT_HEADINGS: readonly string[] = [
  "ingredient",
  "ingredients",
  "composition",
  "inci",
  "zutaten",
  "inhaltsstoffe",
  "komposisi",
  "bahan",
  "ingredientes",
  "ingredienti",
  "thanh phan",
  "supplement facts",
  "nutrition facts",
  "other ingredients",
];

/**
 * INCI names common enough to flag a list even when its heading was cut off, found anywhere in the text (a
 * global search: leftmost first, in this order at one place, never overlapping).
 */
export const INCI_WORDS: readonly string[] = [
  "aqua",
  "water",
  "glycerin",
  "parfum",
  "fragrance",
  "sodium",
  "cetearyl",
  "alcohol",
  "dimethicone",
  "tocopheryl",
  "phenoxyethanol",
  "citric acid",
  "peg-",
  "glycol",
  "benzoate",
  "sorbate",
  "lauryl",
  "laureth",
  "stearate",
  "extract",
  "butyrospermum",
  "panthenol",
  "xanthan",
  "carbomer",
  "edta",
  "ci 77",
  "limonene",
  "linalool",
  "cocamidopropyl",
  "polysorbate",
  "niacinamide",
  "hyaluronate",
  "magnesium",
  "titanium dioxide",
];

export interface IngredientCues {
  heading: boolean;
  inciHits: number;
  /** a comma-dense run: lists are long comma-separated sequences */
  listLike: boolean;
  /** normalised ingredient names, for comparing two panels of one product */
  names: Set<string>;
}

/**
 * The ingredient cues of folded label text, given what the cue reader found in it (`readLabel`): an ingredient
 * heading (`heading`, also when read word by word with an OCR slip, see label-words.ts) and the distinct INCI
 * names (`inciNames`), which count only in a comma-separated text.
 */
export function ingredientCuesOf(folded: string, heading: boolean, inciNames: number): IngredientCues {
  let commas = 0;
  for (let i = folded.indexOf(","); i !== -1; i = folded.indexOf(",", i + 1)) commas++;
  const names = new Set<string>();
  if (commas >= 4) for (const n of listEntries(folded)) if (n.length >= 5 && n.length <= 40) names.add(n);
  return { heading, inciHits: commas >= 2 ? inciNames : 0, listLike: commas >= 6, names };
}

/**
 * The entries of a list: the text between commas, semicolons, colons and line breaks, each as its letter runs
 * joined by single spaces ("Sodium Laureth-Sulfate (30%)" → "sodium laureth sulfate"). One scan over char codes.
 */
function listEntries(folded: string): string[] {
  const out: string[] = [];
  let entry = "";
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 10;
    if (c >= 97 && c <= 122) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      entry = entry === "" ? folded.slice(start, i) : `${entry} ${folded.slice(start, i)}`;
      start = -1;
    }
    // , ; : and a line break end an entry
    if (c === 44 || c === 59 || c === 58 || c === 10) {
      out.push(entry);
      entry = "";
    }
  }
  return out;
}

/** An ingredient list is one of the strongest signs that a photo shows a back. */
export function hasIngredientList(c: IngredientCues): boolean {
  return (c.heading && (c.listLike || c.inciHits >= 2)) || (c.listLike && c.inciHits >= 3);
}
