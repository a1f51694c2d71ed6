import { foldText, OCR_MAP, ocrSkeleton } from "../../lib/text.js";
import { hashCodes, WordTable } from "../../lib/word-table.js";
import { headingKindsOfWord } from "./label-words.js";

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

/** OCR look-alikes by char code (`OCR_MAP`), for `skeletonCodes`. */
const OCR_CODE = new Uint16Array(128);
for (let c = 0; c < 128; c++) OCR_CODE[c] = c;
for (const [from, to] of Object.entries(OCR_MAP)) OCR_CODE[from.charCodeAt(0)] = to.charCodeAt(0);
const [R, N, M, V, W, S] = [..."rnmvws"].map((c) => c.charCodeAt(0));

/**
 * `ocrSkeleton` on char codes: writes the skeleton of the word in `src[0, len)` (lower-cased word characters) to
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
  /** skeleton lengths by id, capped at 255: read on every token filter, without loading the string */
  private lengths = new Uint8Array(1024);
  /** heading kinds of each word (`headingKindsOfWord`), -1 until asked */
  private headings = new Int8Array(1024).fill(-1);
  private marks = new Int32Array(1024);
  private stamp = 0;
  /** the batch's `perBatch` memos, by slot */
  readonly memos: (Map<string, unknown> | undefined)[] = [];

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
    this.lengths[id] = Math.min(255, skeleton.length);
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
    const n = this.lengths[id];
    return n < 255 ? n : this.words[id].length;
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
    const lengths = new Uint8Array(n);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const headings = new Int8Array(n).fill(-1);
    headings.set(this.headings);
    this.headings = headings;
    const marks = new Int32Array(n);
    marks.set(this.marks);
    this.marks = marks;
  }
}

/**
 * `fn` remembered per batch (per lexicon): a batch repeats its brand labels, colours, sizes and categories on
 * many photos. `fn` must be pure, and its value is shared: callers must not change it.
 */
export function perBatch<T>(fn: (s: string) => T): (lex: Lexicon, s: string) => T {
  // each memo has its slot in every lexicon's `memos`: an index, not a WeakMap look-up per call
  const slot = memoSlots++;
  return (lex, s) => {
    let m = lex.memos[slot] as Map<string, T> | undefined;
    if (!m) {
      m = new Map();
      lex.memos[slot] = m;
    }
    const v = m.get(s);
    if (v !== undefined || m.has(s)) return v as T;
    const fresh = fn(s);
    m.set(s, fresh);
    return fresh;
  };
}

let memoSlots = 0;

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
