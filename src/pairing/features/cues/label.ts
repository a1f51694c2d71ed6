import type { CategoryDomain } from "../category/category.js";
import { TEXT_DOMAIN_WORDS } from "../category/category.js";
import { INCI_WORDS, INGREDIENT_HEADINGS } from "../ingredients/ingredients.js";
import { CueTable, fits, NONE, WORD } from "./table.js";

/** The label text's cues: what its words say about the side shown and the product (see ./index.ts). */

const L_KIND = 0;
const L_HEADING = 1;
const L_INCI = 2;
const L_DOMAIN = 3;
const L_MAKER = 4;
const L_SERVING = 5;

/** Kinds of back-of-pack text, as bits of `LabelCues.backTextKinds`. */
export const BACK_TEXT = { directions: 1, warnings: 2, maker: 4, facts: 8, codes: 16 } as const;

const label = new CueTable();
label.add(L_KIND, BACK_TEXT.directions, WORD, WORD, [
  "direction",
  "directions",
  "how to use",
  "mode d'emploi",
  "conseil d'utilisation",
  "conseils d'utilisation",
  "utilisation",
  "gebrauchsanweisung",
  "anwendung",
  "cara pakai",
  "cara penggunaan",
  "suggested use",
  "modo de uso",
]);
label.add(L_KIND, BACK_TEXT.warnings, WORD, WORD, [
  "warning",
  "warnings",
  "caution",
  "precaution",
  "precautions",
  "attention",
  "warnhinweis",
  "peringatan",
  "perhatian",
  "avertissement",
  "keep out of reach",
]);
label.add(L_KIND, BACK_TEXT.maker, WORD, WORD, [
  "distributed",
  "distribue",
  "manufactured",
  "fabrique",
  "hergestellt",
  "diproduksi",
  "dibuat",
  "made in",
  "imported by",
  "importe",
  "vertrieb",
  "marketed by",
]);
label.add(L_KIND, BACK_TEXT.facts, WORD, WORD, [
  "supplement facts",
  "nutrition facts",
  "serving size",
  "valeurs nutritionnelles",
  "nahrwert",
  "informasi nilai gizi",
]);
label.add(L_KIND, BACK_TEXT.codes, WORD, WORD, [
  "bpom",
  "reg. no",
  "reg no",
  "no. reg",
  "lot",
  "batch",
  "exp",
  "best before",
  "www.",
  ".com",
]);
label.add(L_HEADING, 0, WORD, WORD, INGREDIENT_HEADINGS);
INCI_WORDS.forEach((w, i) => {
  label.add(L_INCI, i, NONE, NONE, [w]);
});
TEXT_DOMAIN_WORDS.forEach(([, words], d) => {
  for (const w of words) {
    // "hair", "face" and "skin" as words of their own, "haar" at a word's start ("haarpflege")
    const whole = w === "hair" || w === "face" || w === "skin";
    label.add(L_DOMAIN, d, whole || w === "haar" ? WORD : NONE, whole ? WORD : NONE, [w]);
  }
});
label.add(L_MAKER, 0, WORD, WORD, [
  "distributed",
  "distribue",
  "distribuido",
  "manufactured",
  "fabrique",
  "hergestellt",
  "vertrieb",
  "diproduksi",
  "dibuat",
  "didistribusikan",
  "dipasarkan",
  "imported",
  "importe",
  "marketed",
  "made for",
  "produced",
]);
label.add(L_SERVING, 0, NONE, NONE, [
  "scoop",
  "serving size",
  "per serving",
  "portion",
  "takaran",
  "1 capsule",
  "1 tablet",
  "2 capsules",
  "2 tablets",
]);
const LABEL = label.build();
const DOMAINS = TEXT_DOMAIN_WORDS.map(([d]) => d);
const INCI_HITS: number[] = [];

export interface LabelCues {
  /** BACK_TEXT bits: the kinds of back-of-pack text the label shows */
  backTextKinds: number;
  /** an ingredient list's heading */
  heading: boolean;
  /** distinct INCI names, as a global search for them finds them (leftmost, not overlapping) */
  inciHits: number;
  /** what the label says the product is for, when it says it */
  domain: CategoryDomain | null;
  /** a maker or distributor line ("Distributed by …") */
  makerLine: boolean;
  /** reads as a per-serving amount ("1 scoop", "serving size") */
  servingCue: boolean;
}

/** The label text's cues. `folded` is the folded label text (`foldText`). */
export function readLabel(folded: string): LabelCues {
  const s = folded;
  const { automaton, kind, arg, order, bounds, lengths } = LABEL;
  const hits = automaton.scan(s);
  const lits = automaton.hitLiteral;
  const starts = automaton.hitStart;
  let kinds = 0;
  let heading = false;
  let maker = false;
  let serving = false;
  let domain = DOMAINS.length;
  const inci = INCI_HITS;
  inci.length = 0;
  for (let h = 0; h < hits; h++) {
    const lit = lits[h];
    const start = starts[h];
    const end = start + lengths[lit];
    if (!fits(s, start, end, bounds[lit])) continue;
    switch (kind[lit]) {
      case L_KIND:
        kinds |= arg[lit];
        break;
      case L_HEADING:
        heading = true;
        break;
      case L_INCI:
        inci.push(start, order[lit], lit);
        break;
      case L_DOMAIN:
        if (arg[lit] < domain) domain = arg[lit];
        break;
      case L_MAKER:
        maker = true;
        break;
      case L_SERVING:
        serving = true;
        break;
    }
  }
  return {
    backTextKinds: kinds,
    heading,
    inciHits: inci.length > 0 ? distinctLeftmost(inci) : 0,
    domain: domain < DOMAINS.length ? DOMAINS[domain] : null,
    makerLine: maker,
    servingCue: serving,
  };
}

/**
 * How many distinct literals a global search for them matches: leftmost first, at one place the first in list
 * order, each search going on where the last match ended. `occ` holds (start, order, literal) triples.
 */
function distinctLeftmost(occ: number[]): number {
  const idx: number[] = [];
  for (let i = 0; i < occ.length; i += 3) idx.push(i);
  idx.sort((a, b) => occ[a] - occ[b] || occ[a + 1] - occ[b + 1]);
  const seen = new Set<number>();
  let pos = 0;
  for (const i of idx) {
    if (occ[i] < pos) continue;
    const lit = occ[i + 2];
    seen.add(lit);
    pos = occ[i] + LABEL.lengths[lit];
  }
  return seen.size;
}
