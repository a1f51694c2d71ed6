import { foldText, ocrSkeleton, withinOneEditOfAny } from "../lib/text.js";
import { headingKindsOfWord } from "./signals/label-words.js";

/** Words that name nothing (articles, units), compared in skeleton form like every token. */
const FILLER = new Set(
  [
    "the",
    "and",
    "for",
    "with",
    "de",
    "la",
    "le",
    "les",
    "et",
    "a",
    "au",
    "aux",
    "du",
    "des",
    "en",
    "pour",
    "und",
    "mit",
    "fur",
    "dan",
    "untuk",
    "of",
    "in",
    "on",
    "by",
    "to",
    "ml",
    "g",
    "oz",
    "fl",
    "mg",
    "kg",
    "lb",
    "lbs",
    "ct",
    "iu",
    "net",
    "wt",
  ].map(ocrSkeleton),
);

/** Word characters (a-z, 0-9 and the OCR stand-ins "$", "|", "!") by char code, upper case folded to lower; 0 for the rest. */
const WORD_CODE = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyz0123456789$|!") WORD_CODE[c.charCodeAt(0)] = c.charCodeAt(0);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") WORD_CODE[c.charCodeAt(0)] = c.toLowerCase().charCodeAt(0);

/**
 * Words (as char codes) to ids, in an open-addressing table whose words are kept in one pool of char codes: a
 * word seen before costs a probe and a comparison of its codes, and no string.
 */
class WordTable {
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1 << 12);
  private starts = new Int32Array(1 << 12);
  private lengths = new Int32Array(1 << 12);
  private values = new Int32Array(1 << 12).fill(-1);
  private pool = new Uint16Array(1 << 15);
  private poolUsed = 0;
  private count = 0;

  /** The id of the word in `buf[0, len)` whose hash is `hash`, or -1. */
  find(buf: Uint16Array, len: number, hash: number): number {
    const { hashes, lengths, values, starts, pool, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const v = values[slot];
      if (v < 0) return -1;
      if (hashes[slot] !== hash || lengths[slot] !== len) continue;
      const at = starts[slot];
      let j = 0;
      while (j < len && pool[at + j] === buf[j]) j++;
      if (j === len) return v;
    }
  }

  add(buf: Uint16Array, len: number, hash: number, value: number): void {
    if (2 * (this.count + 1) > this.values.length) this.grow();
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint16Array(2 * (this.poolUsed + len));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(buf.subarray(0, len), this.poolUsed);
    this.insert(hash, this.poolUsed, len, value);
    this.poolUsed += len;
  }

  private insert(hash: number, start: number, len: number, value: number): void {
    let slot = hash & this.mask;
    while (this.values[slot] >= 0) slot = (slot + 1) & this.mask;
    this.hashes[slot] = hash;
    this.starts[slot] = start;
    this.lengths[slot] = len;
    this.values[slot] = value;
    this.count++;
  }

  private grow(): void {
    const { hashes, starts, lengths, values } = this;
    const n = 2 * values.length;
    this.mask = n - 1;
    this.hashes = new Int32Array(n);
    this.starts = new Int32Array(n);
    this.lengths = new Int32Array(n);
    this.values = new Int32Array(n).fill(-1);
    this.count = 0;
    for (let i = 0; i < values.length; i++)
      if (values[i] >= 0) this.insert(hashes[i], starts[i], lengths[i], values[i]);
  }
}

/** OCR look-alikes by char code, as `ocrSkeleton` folds them (0→o, 1/l/|/!→i, 5/$→s, 8→b, 6→g, u→v). */
const OCR_CODE = new Uint16Array(128);
for (let c = 0; c < 128; c++) OCR_CODE[c] = c;
for (const [from, to] of Object.entries({
  "0": "o",
  "1": "i",
  l: "i",
  "|": "i",
  "!": "i",
  "5": "s",
  $: "s",
  "8": "b",
  "6": "g",
  u: "v",
}))
  OCR_CODE[from.charCodeAt(0)] = to.charCodeAt(0);
const [R, N, M, V, W, S] = [..."rnmvws"].map((c) => c.charCodeAt(0));

/**
 * `skeletonOf` on char codes: writes the skeleton of the word in `src[0, len)` (lower-cased word characters) to
 * `dst` and returns its length.
 */
function skeletonCodes(src: Uint16Array, len: number, dst: Uint16Array): number {
  let digits = true;
  for (let i = 0; i < len && digits; i++) digits = src[i] >= 48 && src[i] <= 57;
  if (digits) {
    dst.set(src.subarray(0, len));
    return len;
  }
  let n = 0;
  let prev = -1;
  for (let i = 0; i < len; i++) {
    let c = src[i];
    if (c === R && i + 1 < len && src[i + 1] === N) {
      c = M;
      i++;
    } else if (c === V && i + 1 < len && src[i + 1] === V) {
      c = W;
      i++;
    } else c = OCR_CODE[c];
    if (c !== prev) dst[n++] = c;
    prev = c;
  }
  // plural: "capsules" meets "capsule"
  if (n >= 5 && dst[n - 1] === S && dst[n - 2] !== S) n--;
  return n;
}

function hashCodes(buf: Uint16Array, len: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < len; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
  return hash;
}

const FILLER_BIT = 1;
const DIGITS_BIT = 2;
const ALL_DIGITS = /^\d+$/;

/**
 * A batch's words as integer ids: every word of its text is folded, OCR-skeletonised (`ocrSkeleton`) and given
 * the id of its skeleton, so that token sets, word rarity and the blocking index work on small integers instead
 * of hashing strings. Ids are only comparable within one lexicon: the engine starts one per batch
 * (`startBatchLexicon`), and every photo's features keep a reference to theirs.
 */
export class Lexicon {
  /** skeletons, by id */
  readonly words: string[] = [];
  /** raw words (lower-cased) to the ids of their skeletons */
  private readonly raw = new WordTable();
  /** skeletons to their ids */
  private readonly skeletons = new WordTable();
  /** the word being read, as lower-cased char codes, and its skeleton */
  private buf = new Uint16Array(256);
  private skBuf = new Uint16Array(256);
  private flags = new Uint8Array(1024);
  /** heading kinds of each word (`headingKindsOfWord`), -1 until asked */
  private headings = new Int8Array(1024).fill(-1);
  private marks = new Int32Array(1024);
  private stamp = 0;

  get size(): number {
    return this.words.length;
  }

  /** The id of a skeleton, added when new. */
  id(skeleton: string): number {
    const len = this.codesOf(skeleton);
    const hash = hashCodes(this.skBuf, len);
    const id = this.skeletons.find(this.skBuf, len, hash);
    return id >= 0 ? id : this.addSkeleton(skeleton, len, hash);
  }

  /** The id of a skeleton, or -1 when no text of the batch has it. */
  find(skeleton: string): number {
    const len = this.codesOf(skeleton);
    return this.skeletons.find(this.skBuf, len, hashCodes(this.skBuf, len));
  }

  /** Writes the char codes of `s` to `skBuf`; returns how many. */
  private codesOf(s: string): number {
    if (s.length > this.skBuf.length) this.skBuf = new Uint16Array(2 * s.length);
    for (let i = 0; i < s.length; i++) this.skBuf[i] = s.charCodeAt(i);
    return s.length;
  }

  /** Gives the skeleton now in `skBuf[0, len)` the next id. */
  private addSkeleton(skeleton: string, len: number, hash: number): number {
    const id = this.words.length;
    this.words.push(skeleton);
    this.skeletons.add(this.skBuf, len, hash, id);
    if (id >= this.flags.length) this.grow();
    this.flags[id] = (FILLER.has(skeleton) ? FILLER_BIT : 0) | (ALL_DIGITS.test(skeleton) ? DIGITS_BIT : 0);
    return id;
  }

  /** The ids of the skeletons of the words of `s` (as `skeletonWords(s)`), in order. */
  scan(s: string): number[] {
    const out: number[] = [];
    // ASCII text folds to its lower case, which the scan reads off the char codes; other text is folded first
    if (s !== "" && !this.scanCodes(s, out, true)) {
      out.length = 0;
      this.scanCodes(foldText(s), out, false);
    }
    return out;
  }

  /** `scan` of text already folded (`fold`). */
  scanFolded(folded: string): number[] {
    const out: number[] = [];
    this.scanCodes(folded, out, false);
    return out;
  }

  /**
   * Appends the id of each word of `text` (its runs of word characters, lower-cased) to `out`. With `asciiOnly`,
   * stops and returns false at the first character outside ASCII, which must be folded first.
   */
  private scanCodes(text: string, out: number[], asciiOnly: boolean): boolean {
    const n = text.length;
    let buf = this.buf;
    let i = 0;
    while (i < n) {
      const c0 = text.charCodeAt(i);
      if (c0 >= 128) {
        if (asciiOnly) return false;
        i++;
        continue;
      }
      if (WORD_CODE[c0] === 0) {
        i++;
        continue;
      }
      let len = 0;
      let hash = 0x811c9dc5 | 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 128) {
          if (asciiOnly) return false;
          break;
        }
        const l = WORD_CODE[c];
        if (l === 0) break;
        if (len === buf.length) {
          const bigger = new Uint16Array(2 * len);
          bigger.set(buf);
          buf = bigger;
          this.buf = buf;
        }
        buf[len++] = l;
        hash = Math.imul(hash ^ l, 0x01000193);
      }
      let id = this.raw.find(buf, len, hash);
      if (id < 0) {
        id = this.skeletonId(buf, len);
        this.raw.add(buf, len, hash, id);
      }
      out.push(id);
    }
    return true;
  }

  /** The id of the skeleton of the raw word in `raw[0, len)`, added when new: no string unless it is. */
  private skeletonId(raw: Uint16Array, len: number): number {
    if (len > this.skBuf.length) this.skBuf = new Uint16Array(2 * len);
    const n = skeletonCodes(raw, len, this.skBuf);
    const hash = hashCodes(this.skBuf, n);
    const id = this.skeletons.find(this.skBuf, n, hash);
    if (id >= 0) return id;
    return this.addSkeleton(
      String.fromCharCode.apply(null, this.skBuf.subarray(0, n) as unknown as number[]),
      n,
      hash,
    );
  }

  length(id: number): number {
    return this.words[id].length;
  }

  /** an article or a unit ("the", "ml"): it names nothing */
  isFiller(id: number): boolean {
    return (this.flags[id] & FILLER_BIT) !== 0;
  }

  isDigits(id: number): boolean {
    return (this.flags[id] & DIGITS_BIT) !== 0;
  }

  /** `headingKindsOfWord` of the word, remembered per id */
  headingKinds(id: number): number {
    let k = this.headings[id];
    if (k < 0) {
      k = headingKindsOfWord(this.words[id]);
      this.headings[id] = k;
    }
    return k;
  }

  wordsOf(ids: readonly number[]): string[] {
    return ids.map((id) => this.words[id]);
  }

  /** The skeletons of `ids` run together, as `compactSkeleton` gives them. */
  compact(ids: readonly number[]): string {
    let s = "";
    for (let i = 0; i < ids.length; i++) s += this.words[ids[i]];
    return s;
  }

  /**
   * A new mark: `mark` and `marked` then tell whether an id was marked with it. One array serves every mark, so
   * marking with a new one forgets the older ones' ids only where the new one marks them.
   */
  newMark(): number {
    return ++this.stamp;
  }

  mark(id: number, stamp: number): void {
    this.marks[id] = stamp;
  }

  markOf(id: number): number {
    return this.marks[id];
  }

  /** The ids of `ids` that `keep` accepts, each once, in order of first appearance. */
  distinct(ids: readonly number[], keep: (id: number) => boolean): number[] {
    const stamp = this.newMark();
    const out: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (this.marks[id] === stamp || !keep(id)) continue;
      this.marks[id] = stamp;
      out.push(id);
    }
    return out;
  }

  private grow(): void {
    const n = 2 * this.flags.length;
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.flags = flags;
    const headings = new Int8Array(n).fill(-1);
    headings.set(this.headings);
    this.headings = headings;
    const marks = new Int32Array(n);
    marks.set(this.marks);
    this.marks = marks;
  }
}

/**
 * A photo's words as a set of lexicon ids: an open-addressing table on a typed array, probed far faster than a
 * `Set<string>` (a pair's name coverage asks it a dozen times), and the ids in the order first added.
 */
export class TokenSet {
  readonly ids: number[] = [];
  private table: Int32Array;
  private shift: number;

  constructor(
    readonly lex: Lexicon,
    expected = 8,
  ) {
    let bits = 3;
    while (1 << bits < 2 * expected) bits++;
    this.table = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  /** A set of the given skeletons, each given an id in `lex` when new. */
  static of(lex: Lexicon, skeletons: Iterable<string>): TokenSet {
    const set = new TokenSet(lex);
    for (const w of skeletons) set.add(lex.id(w));
    return set;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds `id`; false when it was in already. */
  add(id: number): boolean {
    const mask = this.table.length - 1;
    for (let slot = Math.imul(id + 1, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const v = this.table[slot];
      if (v === 0) break;
      if (v === id + 1) return false;
    }
    if (2 * (this.ids.length + 1) > this.table.length) this.rehash();
    this.insert(id);
    this.ids.push(id);
    return true;
  }

  has(id: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    for (let slot = Math.imul(id + 1, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const v = table[slot];
      if (v === id + 1) return true;
      if (v === 0) return false;
    }
  }

  /** Whether the set holds this skeleton. */
  hasWord(skeleton: string): boolean {
    const id = this.lex.find(skeleton);
    return id >= 0 && this.has(id);
  }

  /** Whether a word of the set is within one edit of `skeleton` (a letter dropped, added or misread). */
  hasWithinOneEdit(skeleton: string): boolean {
    return withinOneEditOfAny(
      skeleton,
      this.ids.map((id) => this.lex.words[id]),
    );
  }

  private insert(id: number): void {
    const mask = this.table.length - 1;
    let slot = Math.imul(id + 1, 0x9e3779b1) >>> this.shift;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = id + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(2 * this.table.length);
    this.shift--;
    for (const id of this.ids) this.insert(id);
  }
}

/**
 * `fn` remembered per batch (per lexicon): a batch repeats its brand labels, colours, sizes and categories on
 * many photos. `fn` must be pure, and its value is shared: callers must not change it.
 */
export function perBatch<T>(fn: (s: string) => T): (lex: Lexicon, s: string) => T {
  const memos = new WeakMap<Lexicon, Map<string, T>>();
  return (lex, s) => {
    let m = memos.get(lex);
    if (!m) {
      m = new Map();
      memos.set(lex, m);
    }
    const v = m.get(s);
    if (v !== undefined || m.has(s)) return v as T;
    const fresh = fn(s);
    m.set(s, fresh);
    return fresh;
  };
}

let current = new Lexicon();

/** The lexicon that features are read into: the current batch's. */
export function batchLexicon(): Lexicon {
  return current;
}

/** Starts a batch: its words get ids of their own, and the previous batch's lexicon is dropped. */
export function startBatchLexicon(): Lexicon {
  current = new Lexicon();
  return current;
}
