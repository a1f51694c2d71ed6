import {
  compactSkeleton,
  jaccard,
  ocrSkeleton,
  skeletonTokens,
  trigrams,
  WordsByLength,
  withinEdits,
  words,
} from "../../../lib/text.js";
import type { TokenSet } from "../../text/token-set.js";

/**
 * Words that vary between photos of one brand ("Makarizo" / "Makarizo Professional",
 * "L'Oreal Paris" / "Loreal") or name the legal entity rather than the brand.
 */
const BRAND_NOISE = new Set([
  "professional",
  "professionnel",
  "professionals",
  "paris",
  "london",
  "new",
  "york",
  "inc",
  "llc",
  "ltd",
  "limited",
  "co",
  "corp",
  "corporation",
  "company",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "srl",
  "spa",
  "pt",
  "tbk",
  "bv",
  "laboratoires",
  "laboratoire",
  "laboratories",
  "laboratory",
  "labs",
  "lab",
  "cosmetics",
  "cosmetic",
  "cosmetiques",
  "beauty",
  "the",
  "by",
  "et",
  "and",
  "group",
  "international",
  "usa",
  "official",
  "naturals",
]);

export interface BrandKey {
  /** skeleton of the brand without noise words, e.g. "ioreai" for "L'Oréal Paris" */
  key: string;
  /** skeleton of the full brand, for containment tests */
  full: string;
  grams: Set<string>;
  /** the runs of three characters of `key` (`charTriples`, see `PrintedText`) */
  keyTriples: Int32Array;
  /** skeleton words without noise words, for fuzzy look-ups in label text */
  words: string[];
  /** the longest of `words` (the first of equal length): the word looked for with OCR drift */
  longestWord: string;
  /**
   * the label names a company by its legal form ("PT ... Indonesia", "... SAS", "... GmbH", "Laboratoires ..."):
   * on a back, that is usually the maker or distributor line of the fine print, not the brand on the front
   */
  legalEntity: boolean;
  /** `brandSimilarity` with other readings, remembered (a brand's readings are shared by a batch's photos) */
  similarities?: Map<BrandKey, number>;
}

/**
 * Legal forms of companies, as folded words: "PT" and "Laboratoires" open a company's name, the rest close it
 * ("... SAS", "... Co. Ltd"). Their place matters: "Coconut Co-op" is no company. Left out on purpose: forms
 * that are also brand words ("AG Hair", "Dead Sea Spa").
 */
const LEGAL_PREFIXES = new Set(["pt", "laboratoires", "laboratoire"]);
const LEGAL_SUFFIXES = new Set([
  "tbk",
  "sas",
  "sarl",
  "srl",
  "gmbh",
  "llc",
  "inc",
  "ltd",
  "limited",
  "co",
  "corp",
  "corporation",
  "plc",
  "bv",
  "laboratories",
]);

export function isUnknownBrand(raw: string | null | undefined): boolean {
  if (!raw) return true;
  const f = raw.trim().toLowerCase();
  return f === "" || f === "unknown" || f === "n/a" || f === "none" || f === "unbranded" || f === "generic";
}

export function brandKey(raw: string | null | undefined): BrandKey | null {
  if (isUnknownBrand(raw)) return null;
  const ws = words(raw as string);
  const kept = ws.filter((w) => !BRAND_NOISE.has(w));
  const keptSkeletons = (kept.length > 0 ? kept : ws).map(ocrSkeleton);
  const key = keptSkeletons.join("");
  const full = compactSkeleton(raw as string);
  if (key.length < 2) return null;
  return {
    key,
    full,
    grams: trigrams(key),
    keyTriples: charTriples(key),
    words: keptSkeletons,
    longestWord: keptSkeletons.reduce((x, y) => (y.length > x.length ? y : x), ""),
    legalEntity: ws.length > 1 && (LEGAL_PREFIXES.has(ws[0]) || LEGAL_SUFFIXES.has(ws[ws.length - 1])),
  };
}

/**
 * 1 for the same brand after normalisation, a fraction for spelling drift (0.85 for one OCR slip in a long
 * brand), 0 for unrelated brands.
 */
export function brandSimilarity(a: BrandKey, b: BrandKey): number {
  if (a.key === b.key) return 1;
  // a front meets the same few rival brands on many backs: remember the answer per pair of brand readings
  a.similarities ??= new Map();
  let sim = a.similarities.get(b);
  if (sim === undefined) {
    sim = differentKeysSimilarity(a, b);
    a.similarities.set(b, sim);
  }
  return sim;
}

function differentKeysSimilarity(a: BrandKey, b: BrandKey): number {
  if (a.key.length >= 4 && b.key.length >= 4 && (a.full.includes(b.key) || b.full.includes(a.key)))
    return 0.9;
  // one misread letter in a six-letter brand leaves only 4 of its 10 trigrams shared
  if (brandsOneSlipApart(a.key, b.key)) return 0.85;
  const j = jaccard(a.grams, b.grams);
  if (j >= 0.45) return Math.min(0.85, j + 0.2);
  return brandsWithinDrift(a.key, b.key) ? DRIFT_SIMILARITY : 0;
}

/**
 * Similarity of two readings of a long brand that OCR drift kept apart by more than one slip: a few misread
 * letters scatter over a long name and leave few trigrams shared ("Reckitt Benckiser" / "ecitt Bcnckiser").
 * Below the one-slip 0.85: the further apart, the likelier another brand. One edit in three letters would let
 * more rival brands through than it rescues.
 */
export const DRIFT_SIMILARITY = 0.7;

/** At most one edit in four letters, in brands of eight letters or more (shorter ones allow one slip, above). */
function brandsWithinDrift(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  return shorter >= 8 && withinEdits(a, b, Math.floor(shorter / 4));
}

/** One letter dropped, added or misread in a brand of five letters or more ("Darphin" / "Darpin", "Chonel"). */
function brandsOneSlipApart(a: string, b: string): boolean {
  return Math.min(a.length, b.length) >= 5 && withinEdits(a, b, 1);
}

/**
 * Whether a brand is printed somewhere in a text (label lines, a website, a distributor line): exactly, or
 * for a long brand word, within the OCR drift of one or two edits ("Vielle DOP" for "Vivelle DOP").
 */
export function brandInText(b: BrandKey, text: PrintedText, fuzzy = true): boolean {
  if (b.key.length < 4) return false;
  // an exact search is a test of the key's character triples and then one substring scan, cheaper than
  // remembering its answer
  if (!fuzzy || !text.words) return text.includes(b.key, b.keyTriples);
  // one photo's text is checked for the same brand by every sibling front of that brand: remember answers
  const known = text.fuzzyAnswer(b.key);
  if (known !== undefined) return known;
  let found = text.includes(b.key, b.keyTriples);
  if (!found) {
    const main = b.longestWord;
    const tol = main.length >= 8 ? 2 : 1;
    if (main.length >= 5) found = text.hasWordWithin(main, tol);
  }
  text.rememberFuzzyAnswer(b.key, found);
  return found;
}

/** Characters of skeleton text (a-z, 0-9) by code, 1-based; 0 for any other. */
const TRIPLE_CHAR = new Uint8Array(128);
for (const [i, c] of [..."abcdefghijklmnopqrstuvwxyz0123456789"].entries())
  TRIPLE_CHAR[c.charCodeAt(0)] = i + 1;
const TRIPLE_BITS = 12;

function charCode37(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? TRIPLE_CHAR[c] : 0;
}

/** The bit of the three characters of `s` at `i` in a `PrintedText`'s set. */
function tripleBit(s: string, i: number): number {
  return bitOfTriple((charCode37(s, i) * 37 + charCode37(s, i + 1)) * 37 + charCode37(s, i + 2));
}

/** A triple's bit from its base-37 value (hashed: two triples may share one). */
function bitOfTriple(t: number): number {
  return Math.imul(t, 0x9e3779b1) >>> (32 - TRIPLE_BITS);
}

/** The distinct `tripleBit`s of `s`. */
export function charTriples(s: string): Int32Array {
  const out = new Set<number>();
  for (let i = 0; i + 2 < s.length; i++) out.add(tripleBit(s, i));
  return Int32Array.from(out);
}

/**
 * A label's words run together (`compactSkeleton`), searched for brands printed in it, with the label's words
 * (`words`, for the search with OCR drift) when it has them. It keeps a bit set of the runs of three characters it
 * holds: a brand whose key has a triple the text lacks cannot be in it, which settles nearly every search (92 % of
 * those that get past a test of character pairs still find nothing) without a scan of the text.
 */
export class PrintedText {
  private readonly triples = new Uint32Array((1 << TRIPLE_BITS) / 32);
  /** answers of the search with OCR drift, by brand key */
  private fuzzyAnswers: Map<string, boolean> | null = null;
  private byLength: WordsByLength | null = null;

  constructor(
    readonly compact: string,
    readonly words: TokenSet | null = null,
  ) {
    // `tripleBit` of every place, rolling: each character is read once
    let t = compact.length > 1 ? charCode37(compact, 0) * 37 + charCode37(compact, 1) : 0;
    for (let i = 2; i < compact.length; i++) {
      t = (t % (37 * 37)) * 37 + charCode37(compact, i);
      const b = bitOfTriple(t);
      this.triples[b >>> 5] |= 1 << (b & 31);
    }
  }

  /** Whether `s` occurs in the text; `sTriples` are its `charTriples` (`BrandKey.keyTriples`). */
  includes(s: string, sTriples: Int32Array): boolean {
    for (let i = 0; i < sTriples.length; i++) {
      const b = sTriples[i];
      if ((this.triples[b >>> 5] & (1 << (b & 31))) === 0) return false;
    }
    return this.compact.includes(s);
  }

  /** Whether one of `words` is within `k` edits of `word`: only words of a length within reach are tried. */
  hasWordWithin(word: string, k: number): boolean {
    if (!this.words) return false;
    this.byLength ??= new WordsByLength(this.words.lex.wordsOf(this.words.ids));
    return this.byLength.anyWithin(word, k);
  }

  fuzzyAnswer(key: string): boolean | undefined {
    return this.fuzzyAnswers?.get(key);
  }

  rememberFuzzyAnswer(key: string, found: boolean): void {
    this.fuzzyAnswers ??= new Map();
    this.fuzzyAnswers.set(key, found);
  }
}

/** A line of label text naming who made, distributed or imported the product; the name follows the phrase. */
const MAKER_LINE =
  /\b(?:distributed|distribue|distribuido|manufactured|fabrique|hergestellt|vertrieb|diproduksi|dibuat|didistribusikan|dipasarkan|imported|importe|marketed|made for|produced)\b/;

/**
 * Whether the label prints the brand after a maker phrase on one line ("Distributed by Mitra Beauty"): a back's
 * brand field read there may name the distributor rather than the brand. `folded` is the folded label text.
 */
export function brandOnMakerLine(
  folded: string,
  b: BrandKey,
  /** whether the text has a maker line at all (`LabelCues.makerLine`), when the caller knows */
  makerLine = MAKER_LINE.test(folded),
): boolean {
  if (!makerLine) return false;
  for (const line of folded.split("\n")) {
    const m = MAKER_LINE.exec(line);
    if (!m) continue;
    const after = new Set(skeletonTokens(line.slice(m.index + m[0].length)));
    if (brandWordsAmong(b.words, (w) => after.has(w))) return true;
  }
  return false;
}

/**
 * Every word of a brand (its skeleton words of two letters or more; at least one) is a word `has` finds: the brand is
 * printed word for word, not as letters inside other words.
 */
export function brandWordsAmong(brandWords: readonly string[], has: (word: string) => boolean): boolean {
  let any = false;
  for (const w of brandWords) {
    if (w.length < 2) continue;
    if (!has(w)) return false;
    any = true;
  }
  return any;
}
