import { foldText } from "../../lib/text.js";

/** Headings of an ingredient list in the label languages we see (EN, FR, DE, ID, ES, IT, VI). */
const HEADING =
  /\b(ingredients?|ingr[eé]dients?|composition|inci|zutaten|inhaltsstoffe|komposisi|bahan|ingredientes|ingredienti|thanh phan|supplement facts|nutrition facts|other ingredients)\b/;

/** INCI names common enough to flag a list even when its heading was cut off. */
const INCI_WORDS = [
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

export function ingredientCues(text: string): IngredientCues {
  const f = foldText(text);
  let inciHits = 0;
  for (const w of INCI_WORDS) if (f.includes(w)) inciHits++;
  const commas = (f.match(/,/g) ?? []).length;
  const names = new Set<string>();
  if (commas >= 4) {
    for (const part of f.split(/[,;:\n]/)) {
      const n = part
        .replace(/[^a-z ]+/g, " ")
        .replace(/\s+/g, " ")
        .trim();
      if (n.length >= 5 && n.length <= 40) names.add(n);
    }
  }
  return { heading: HEADING.test(f), inciHits, listLike: commas >= 6, names };
}

/** An ingredient list is one of the strongest signs that a photo shows a back. */
export function hasIngredientList(c: IngredientCues): boolean {
  return (c.heading && (c.listLike || c.inciHits >= 2)) || (c.listLike && c.inciHits >= 3);
}
