import { COLOUR_NAMES, type ColourFamily } from "../colour/colour.js";
import { LOOK_WORD_LIST } from "../look/look.js";
import { PACKAGING_WORDS, type Packaging } from "../packaging/packaging.js";
import {
  CueTable,
  fits,
  isLetterAt,
  NONE,
  NOT_LETTER,
  NOT_LETTER_OR_HYPHEN,
  WORD,
  wordBoundary,
} from "./table.js";

/** The description's cues: how the vision step says the photo looks (see ./index.ts). */

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
  const { automaton, kind, arg, order, bounds, lengths, texts } = DESC;
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
    const end = start + lengths[lit];
    if (!fits(s, start, end, bounds[lit])) continue;
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
        if (arg[lit] === CAN && texts[lit] === "can" && s.startsWith(" be", end) && wordBoundary(s, end + 3))
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
        if (texts[lit] !== "white" || !gluedToOff(s, start)) out.colours.add(FAMILIES[arg[lit]]);
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
const BACK_SPANS: number[] = [];
const NEGATION_SPANS: number[] = [];
const LOGO_ENDS: number[] = [];
const DISPLAYED_STARTS: number[] = [];

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

/**
 * The passages a description quotes ("a bottle labelled 'Hydra Boost Serum'"), run together with spaces: what a
 * global search for '([^']{2,80})' captures, found with `indexOf` (that search and its array of matches per photo
 * took 0.9 % of a CPU profile of the 1,000-image batches). A quote whose passage is too short or too long starts
 * the next search.
 */
export function quotedPassages(description: string): string {
  let out = "";
  let open = description.indexOf("'");
  while (open !== -1) {
    const close = description.indexOf("'", open + 1);
    if (close === -1) break;
    const len = close - open - 1;
    if (len < 2 || len > 80) {
      open = close;
      continue;
    }
    // passages are never empty, so an empty `out` means none yet
    out += out === "" ? description.slice(open + 1, close) : ` ${description.slice(open + 1, close)}`;
    open = description.indexOf("'", close + 1);
  }
  return out;
}
