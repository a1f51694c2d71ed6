import { LiteralAutomaton } from "../lib/literal-automaton.js";
import { foldText } from "../lib/text.js";
import { type CategoryDomain, TEXT_DOMAIN_WORDS } from "./signals/category.js";
import { COLOUR_NAMES, type ColourFamily } from "./signals/colour.js";
import {
  INCI_WORDS,
  INGREDIENT_HEADINGS,
  type IngredientCues,
  ingredientCuesOf,
} from "./signals/ingredients.js";
import { LOOK_WORD_LIST } from "./signals/look.js";
import { PACKAGING_WORDS, type Packaging } from "./signals/packaging.js";

/**
 * The text cues of a photo, read in one pass over its folded description and one over its folded label text:
 * every cue word and phrase of every signal is a literal of one Aho–Corasick automaton per kind of text, and
 * each literal carries the boundary its cue asks for on either side. This reads exactly what the engine's
 * regular expressions read (tests/pairing/cue-oracle.ts keeps them, and a test compares the two on every
 * text of the dev bench and on generated text), at a fraction of the cost of thirty scans per photo.
 */

/** What must surround a literal: nothing, a regex word boundary (\b), or no letter / letter-or-hyphen. */
const NONE = 0;
const WORD = 1;
const NOT_LETTER = 2;
const NOT_LETTER_OR_HYPHEN = 3;
type Bound = typeof NONE | typeof WORD | typeof NOT_LETTER | typeof NOT_LETTER_OR_HYPHEN;

interface Literal {
  text: string;
  kind: number;
  /** the kind's own value: a bit, a packaging, a colour family, a domain */
  arg: number;
  /** place among alternatives, where the first one that matches wins (packaging, INCI names) */
  order: number;
  left: Bound;
  right: Bound;
}

class CueTable {
  readonly literals: Literal[] = [];
  add(kind: number, arg: number, left: Bound, right: Bound, texts: readonly string[]): void {
    for (const text of texts)
      this.literals.push({ text, kind, arg, order: this.literals.length, left, right });
  }
  build(): {
    automaton: LiteralAutomaton;
    kind: Int8Array;
    arg: Int16Array;
    order: Int32Array;
    bounds: Int8Array;
  } {
    const ls = this.literals;
    return {
      automaton: new LiteralAutomaton(ls.map((l) => l.text)),
      kind: Int8Array.from(ls, (l) => l.kind),
      arg: Int16Array.from(ls, (l) => l.arg),
      order: Int32Array.from(ls, (l) => l.order),
      bounds: Int8Array.from(ls, (l) => l.left * 4 + l.right),
    };
  }
}

const IS_WORD = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
  IS_WORD[c.charCodeAt(0)] = 1;

function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c < 128 && IS_WORD[c] === 1;
}

/** regex `\b` at position `p` of `s` */
function wordBoundary(s: string, p: number): boolean {
  return isWordAt(s, p - 1) !== isWordAt(s, p);
}

function isLetterAt(s: string, i: number, hyphenToo: boolean): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return (c >= 97 && c <= 122) || (hyphenToo && c === 45);
}

function boundOk(s: string, p: number, bound: number, side: "left" | "right"): boolean {
  switch (bound) {
    case WORD:
      return wordBoundary(s, p);
    case NOT_LETTER:
      return !isLetterAt(s, side === "left" ? p - 1 : p, false);
    case NOT_LETTER_OR_HYPHEN:
      return !isLetterAt(s, side === "left" ? p - 1 : p, true);
    default:
      return true;
  }
}

// ---- the description ----

const D_BACK = 0;
const D_NEGATION = 1;
const D_FRONT = 2;
const D_LOGO = 3;
const D_DISPLAYED = 4;
const D_EXTRA = 5;
const D_SIDE_PANEL = 6;
const D_PARTIAL = 7;
const D_MULTI = 8;
const D_NONPRODUCT = 9;
const D_PACKAGING = 10;
const D_LOOK = 11;
const D_COLOUR = 12;

const FAMILIES = [...new Set(COLOUR_NAMES.values())];
const PACKAGINGS = PACKAGING_WORDS.map(([p]) => p);

const desc = new CueTable();
// the back-of-pack view, read outside clauses that say what is not visible ("No visible barcode")
desc.add(D_BACK, 0, NONE, NONE, [
  "dense",
  "small font",
  "fine print",
  "ingredient list",
  "ingredients list",
  "rear view",
  "back label",
  "back panel",
  "back of",
  "barcode",
  "nutrition",
  "supplement facts",
  "directions for use",
  "distributor",
]);
desc.add(D_NEGATION, 0, WORD, NONE, ["no visible ", "not visible ", "without visible "]);
desc.add(D_FRONT, 0, NONE, NONE, [
  "prominently displayed",
  "large centered",
  "hero",
  "no visible barcode",
  "marketing badges",
  "front label",
  "front of",
]);
// "logo … displayed" on one line
desc.add(D_LOGO, 0, NONE, NONE, ["logo "]);
desc.add(D_DISPLAYED, 0, NONE, NONE, [" displayed"]);
desc.add(D_EXTRA, 0, NONE, NONE, [
  "close-up",
  "closeup",
  "close view",
  "at an angle",
  "side panel",
  "side view",
  "narrow",
  "underside",
  "bottom of",
  "base of",
  "batch code",
  "texture",
  "swatch",
  "smear",
  "cap of",
  "pump and neck",
  "only part",
  "partially visible",
  "only a small logo",
]);
desc.add(D_SIDE_PANEL, 0, NONE, NONE, ["side panel", "narrow vertical", "text runs vertically"]);
desc.add(D_PARTIAL, 0, NONE, NONE, ["only part of", "partially visible"]);
desc.add(D_MULTI, 0, WORD, WORD, [
  "two identical",
  "side by side",
  ...["products", "items", "bottles", "jars", "tubes", "units", "different"].map((w) => `several ${w}`),
  "group of",
  "lot of",
  "assorted",
  "multiple products",
  "collection of",
  "three",
  "units of",
]);
desc.add(D_NONPRODUCT, 0, NONE, NONE, ["no product packaging"]);
desc.add(D_NONPRODUCT, 0, WORD, WORD, [
  "book",
  "paperback",
  "receipt",
  "invoice",
  "shipping label",
  "packing slip",
  "cable",
  "charger",
  "mug",
  "cup",
  "key",
  "keys",
  "phone",
  "laptop",
  "desk lamp",
  "plant",
  "shoe",
  "envelope",
  "notebook",
  "magazine",
  "remote",
  "wallet",
  "sunglasses",
  "toy",
  "mailer",
]);
// containers in list order: the earliest named wins, and at one place the first in this order
PACKAGING_WORDS.forEach(([, words], p) => {
  desc.add(D_PACKAGING, p, WORD, WORD, words);
});
LOOK_WORD_LIST.forEach((w, i) => {
  desc.add(D_LOOK, i, NOT_LETTER_OR_HYPHEN, NOT_LETTER_OR_HYPHEN, [w]);
});
for (const [name, fam] of COLOUR_NAMES)
  desc.add(D_COLOUR, FAMILIES.indexOf(fam), NOT_LETTER, NOT_LETTER, [name]);
const DESC = desc.build();
const CAN = PACKAGING_WORDS.findIndex(([p]) => p === "can");

export interface DescriptionCues {
  /** reads as a back-of-pack view (fine print, barcode, rear view), outside clauses saying what is not visible */
  backDesc: boolean;
  /** reads as a front view (hero text, the logo displayed) */
  frontDesc: boolean;
  /** a close-up, an angle, a side or detail view */
  extraDesc: boolean;
  /** where the close-up and detail words are, as [start, end) pairs (for `extraOutsideQuotes`) */
  extraSpans: number[];
  sidePanel: boolean;
  partialView: boolean;
  /** several products in one shot */
  multi: boolean;
  /** names a thing that is no product (a receipt, a phone) */
  nonProduct: boolean;
  /** the container named first */
  packaging: Packaging | null;
  /** the look words named (`LOOK_WORD_LIST`), as a `lookMask` */
  lookLo: number;
  lookHi: number;
  colours: Set<ColourFamily>;
}

const JS_SPACE = /\s/;

/** The description's cues. `folded` is the folded description (`foldText`). */
export function readDescription(folded: string): DescriptionCues {
  const s = folded;
  const { automaton, kind, arg, order, bounds } = DESC;
  const hits = automaton.scan(s);
  const lits = automaton.hitLiteral;
  const starts = automaton.hitStart;
  const out: DescriptionCues = {
    backDesc: false,
    frontDesc: false,
    extraDesc: false,
    extraSpans: [],
    sidePanel: false,
    partialView: false,
    multi: false,
    nonProduct: false,
    packaging: null,
    lookLo: 0,
    lookHi: 0,
    colours: new Set(),
  };
  // scratch lists, emptied per read (reading is synchronous): positions of the cues read after the scan
  const backs = BACK_SPANS;
  const negations = NEGATION_SPANS;
  const logos = LOGO_ENDS;
  const displayed = DISPLAYED_STARTS;
  backs.length = negations.length = logos.length = displayed.length = 0;
  let packStart = -1;
  let packOrder = 0;
  let packArg = 0;
  for (let h = 0; h < hits; h++) {
    const lit = lits[h];
    const start = starts[h];
    const end = start + DESC_LENGTHS[lit];
    const b = bounds[lit];
    if (b !== 0 && !(boundOk(s, start, b >> 2, "left") && boundOk(s, end, b & 3, "right"))) continue;
    switch (kind[lit]) {
      case D_BACK:
        backs.push(start, end);
        break;
      case D_NEGATION:
        negations.push(start, end);
        break;
      case D_FRONT:
        out.frontDesc = true;
        break;
      case D_LOGO:
        logos.push(end);
        break;
      case D_DISPLAYED:
        displayed.push(start);
        break;
      case D_EXTRA:
        out.extraDesc = true;
        out.extraSpans.push(start, end);
        break;
      case D_SIDE_PANEL:
        out.sidePanel = true;
        break;
      case D_PARTIAL:
        out.partialView = true;
        break;
      case D_MULTI:
        out.multi = true;
        break;
      case D_NONPRODUCT:
        out.nonProduct = true;
        break;
      case D_PACKAGING: {
        // "can" is no container in "can be": \bcan\b(?! be\b)
        if (
          arg[lit] === CAN &&
          DESC_TEXTS[lit] === "can" &&
          s.startsWith(" be", end) &&
          wordBoundary(s, end + 3)
        )
          break;
        if (packStart < 0 || start < packStart || (start === packStart && order[lit] < packOrder)) {
          packStart = start;
          packOrder = order[lit];
          packArg = arg[lit];
        }
        break;
      }
      case D_LOOK: {
        const i = arg[lit];
        if (i < 32) out.lookLo |= 1 << i;
        else out.lookHi |= 1 << (i - 32);
        break;
      }
      case D_COLOUR:
        if (DESC_TEXTS[lit] !== "white" || !gluedToOff(s, start)) out.colours.add(FAMILIES[arg[lit]]);
        break;
    }
  }
  if (packStart >= 0) out.packaging = PACKAGINGS[packArg];
  if (backs.length > 0)
    out.backDesc = anyOutside(backs, negations.length > 0 ? negatedClauses(s, negations) : []);
  if (!out.frontDesc && logos.length > 0 && displayed.length > 0)
    out.frontDesc = logoDisplayedOnOneLine(s, logos, displayed);
  return out;
}
const DESC_TEXTS = desc.literals.map((l) => l.text);
const BACK_SPANS: number[] = [];
const NEGATION_SPANS: number[] = [];
const LOGO_ENDS: number[] = [];
const DISPLAYED_STARTS: number[] = [];
const DESC_LENGTHS = Int32Array.from(desc.literals, (l) => l.text.length);

/**
 * "off white" and "off-white" are read as the one word "offwhite" (white); after letters ("cutoff white") the
 * joined word names no colour, so that "white" counts for nothing.
 */
function gluedToOff(s: string, start: number): boolean {
  if (start < 4 || !s.startsWith("off", start - 4)) return false;
  const sep = s[start - 1];
  if (sep !== "-" && !JS_SPACE.test(sep)) return false;
  return isLetterAt(s, start - 5, false);
}

/**
 * The clauses "no / not / without visible …" up to the end of their sentence, as [start, end) pairs, leftmost
 * first and never overlapping (a global replace of `\b(?:no|not|without) visible [^.;!?]*`).
 */
function negatedClauses(s: string, triggers: number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < triggers.length; i += 2) order.push(i);
  order.sort((a, b) => triggers[a] - triggers[b]);
  const out: number[] = [];
  let pos = 0;
  for (const i of order) {
    const start = triggers[i];
    if (start < pos) continue;
    let end = triggers[i + 1];
    while (end < s.length && !SENTENCE_END.has(s.charCodeAt(end))) end++;
    out.push(start, end);
    pos = end;
  }
  return out;
}
const SENTENCE_END = new Set([46, 59, 33, 63]);

/** Whether some [start, end) of `spans` overlaps none of `holes`. */
function anyOutside(spans: number[], holes: number[]): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    let clear = true;
    for (let j = 0; j < holes.length && clear; j += 2)
      if (spans[i + 1] > holes[j] && spans[i] < holes[j + 1]) clear = false;
    if (clear) return true;
  }
  return false;
}

/** `logo .* displayed`: some "logo " ends before some " displayed" starts, with no line break between. */
function logoDisplayedOnOneLine(s: string, logoEnds: number[], displayedStarts: number[]): boolean {
  for (const from of logoEnds)
    for (const to of displayedStarts) {
      let i = from;
      while (i < to && !LINE_BREAK.has(s.charCodeAt(i))) i++;
      if (i === to) return true;
    }
  return false;
}
const LINE_BREAK = new Set([10, 13, 0x2028, 0x2029]);

// ---- the label text ----

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
const LABEL_LENGTHS = Int32Array.from(label.literals, (l) => l.text.length);
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
  const { automaton, kind, arg, order, bounds } = LABEL;
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
    const end = start + LABEL_LENGTHS[lit];
    const b = bounds[lit];
    if (b !== 0 && !(boundOk(s, start, b >> 2, "left") && boundOk(s, end, b & 3, "right"))) continue;
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
    pos = occ[i] + LABEL_LENGTHS[lit];
  }
  return seen.size;
}

/**
 * Whether the close-up and detail cue (`extraDesc`) is read with every quoted passage blanked out (`'[^']*'`
 * replaced by a space: a quoted product name, "'Texture Experience'", says nothing of the view). `cues` are the
 * folded description's. A cue word outside every quote counts; one that runs across a blanked quote needs a letter
 * right before it and right after it, and only then is the blanked text read again.
 */
export function extraOutsideQuotes(folded: string, cues: DescriptionCues): boolean {
  const quotes: number[] = [];
  for (let i = folded.indexOf("'"); i !== -1; i = folded.indexOf("'", i + 1)) quotes.push(i);
  // the passages a global search for '[^']*' finds: each quote with the next one
  const passages: number[] = [];
  for (let q = 0; q + 1 < quotes.length; q += 2) passages.push(quotes[q], quotes[q + 1] + 1);
  if (anyOutside(cues.extraSpans, passages)) return true;
  for (let p = 0; p < passages.length; p += 2)
    if (isLetterAt(folded, passages[p] - 1, false) && isLetterAt(folded, passages[p + 1], false))
      return readDescription(folded.replace(QUOTED_PASSAGE, " ")).extraDesc;
  return false;
}
const QUOTED_PASSAGE = /'[^']*'/g;

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
  return new Set(LOOK_WORD_LIST.filter((_, i) => ((i < 32 ? lookLo >>> i : lookHi >>> (i - 32)) & 1) === 1));
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
