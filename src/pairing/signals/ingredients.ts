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

const INCI_RE = new RegExp(INCI_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|"), "g");

/** `headingRead`: an ingredient heading was found word by word with an OCR slip allowed (see label-words.ts) */
export function ingredientCues(text: string, headingRead = false): IngredientCues {
  const f = foldText(text);
  let commas = 0;
  for (let i = f.indexOf(","); i !== -1; i = f.indexOf(",", i + 1)) commas++;
  const names = new Set<string>();
  let inciHits = 0;
  if (commas >= 2) {
    const seen = new Set<string>();
    for (const m of f.matchAll(INCI_RE)) seen.add(m[0]);
    inciHits = seen.size;
  }
  if (commas >= 4) for (const n of listEntries(f)) if (n.length >= 5 && n.length <= 40) names.add(n);
  return { heading: headingRead || HEADING.test(f), inciHits, listLike: commas >= 6, names };
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
