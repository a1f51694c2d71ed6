/** Text normalisation shared by the pairing signals (and later the recommender's Vietnamese text). */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * A small bounded memo. Each photo's label text is folded and split by several signals; V8 caches a string's
 * hash, so looking the same text up again is cheap, and far cheaper than Unicode normalisation.
 */
const memoCaches: Map<string, unknown>[] = [];

/** Forgets every memoised text: the engine calls it per batch so that one batch never runs on another's work. */
export function resetTextCaches(): void {
  for (const c of memoCaches) c.clear();
  interned.reset();
}

/** `fn` memoised per string, up to `limit` entries, and forgotten by `resetTextCaches`. */
export function memo<T>(limit: number, fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  memoCaches.push(cache as Map<string, unknown>);
  return (s: string) => {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
    const v = fn(s);
    if (cache.size >= limit) cache.clear();
    cache.set(s, v);
    return v;
  };
}

/** Lower-case, strip diacritics (é→e, đ→d) and trademark signs. */
export function fold(s: string): string {
  // most label text is ASCII: skip the Unicode normalisation for it
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[ßẞ]/g, "ss")
    .replace(/[™®©℮]/g, " ")
    .toLowerCase();
}

/** `fold`, remembered: for short texts that many photos repeat (categories, colours). */
export const foldText = memo(20_000, fold);

/** OCR look-alikes folded onto one letter (`ocrSkeleton`). */
export const OCR_MAP: Readonly<Record<string, string>> = {
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
};
/**
 * OCR skeleton of a folded word: collapses the character confusions OCR makes on labels
 * (0/o, 1/l/i, 5/s, 8/b, rn/m, vv/w, $/s), doubled letters and a plural s, so "PROFFSSIONAL", "5pray" and
 * "capsules" meet "professional", "spray" and "capsule". Pure digit runs are kept: they carry sizes and codes.
 * Memoised: batches repeat the same label words (INCI names, directions) thousands of times.
 */
export const ocrSkeleton = memo(200_000, skeletonOf);

function skeletonOf(word: string): string {
  if (/^\d+$/.test(word)) return word;
  let acc = "";
  let prev = "";
  for (let i = 0; i < word.length; i++) {
    let c = word[i];
    if (c === "r" && word[i + 1] === "n") {
      c = "m";
      i++;
    } else if (c === "v" && word[i + 1] === "v") {
      c = "w";
      i++;
    } else c = OCR_MAP[c] ?? c;
    if (c !== prev) acc += c;
    prev = c;
  }
  // plural: "capsules" meets "capsule"
  if (acc.length >= 5 && acc.endsWith("s") && acc[acc.length - 2] !== "s") acc = acc.slice(0, -1);
  return acc;
}

/** Words of folded text: letters and digits only. The array is shared: do not modify it. */
export const words: (s: string) => readonly string[] = memo(20_000, (s: string) =>
  runsOf(foldText(s), WORD_CHARS),
);

/** A set of ASCII characters as a lookup table by char code, for `runsOf`. */
export function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

export const LOWER_LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** a-z, 0-9 and the OCR stand-ins "$", "|" and "!" (read for s, l and i) */
const WORD_CHARS = charTable(`${LOWER_LETTERS}0123456789$|!`);

/**
 * The maximal runs of characters in `table` (any other character, and all of non-ASCII, separates them). One scan
 * over char codes: about 2.5 times faster than replace + split + filter on label text.
 */
export function runsOf(text: string, table: Uint8Array): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (c < 128 && table[c] === 1) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/**
 * The batch's words and their skeletons, looked up on the folded text's char codes. A photo's label holds some
 * sixty words and a batch repeats most of them (INCI names, directions): a probe that compares char codes in
 * place allocates nothing for a word already seen, where slicing each word and asking a Map for its skeleton
 * hashed a fresh string every time (a fifth of feature reading).
 */
class WordInterner {
  private mask = 0;
  private hashes = new Int32Array(0);
  private words: (string | undefined)[] = [];
  private skeletons: string[] = [];
  private count = 0;

  constructor(private readonly maxSlots: number) {
    this.allocate(1 << 12);
  }

  reset(): void {
    if (this.count > 0) this.allocate(1 << 12);
  }

  private allocate(slots: number): void {
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.words = new Array<string | undefined>(slots).fill(undefined);
    this.skeletons = new Array<string>(slots).fill("");
    this.count = 0;
  }

  /** The skeleton of `text.slice(start, end)`, whose FNV-1a hash over char codes is `hash`. */
  skeleton(text: string, start: number, end: number, hash: number): string {
    const len = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const w = this.words[slot];
      if (w === undefined) break;
      if (this.hashes[slot] === hash && w.length === len && sameChars(w, text, start))
        return this.skeletons[slot];
    }
    const word = text.slice(start, end);
    const sk = skeletonOf(word);
    if (2 * (this.count + 1) > this.words.length) {
      // a batch with more distinct words than the table may hold starts over, as the bounded memos do
      if (2 * this.words.length > this.maxSlots) this.allocate(1 << 12);
      else this.grow();
    }
    this.insert(word, sk, hash);
    return sk;
  }

  private grow(): void {
    const { words, skeletons, hashes } = this;
    this.allocate(2 * words.length);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w !== undefined) this.insert(w, skeletons[i], hashes[i]);
    }
  }

  private insert(word: string, sk: string, hash: number): void {
    let slot = hash & this.mask;
    while (this.words[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.words[slot] = word;
    this.skeletons[slot] = sk;
    this.hashes[slot] = hash;
    this.count++;
  }
}

function sameChars(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

const interned = new WordInterner(1 << 19);

/** `words(s).map(ocrSkeleton)`, in one scan of the folded text and without a memo lookup per word. */
export function skeletonWords(s: string): string[] {
  const text = foldText(s);
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || WORD_CHARS[c] !== 1) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0x811c9dc5 | 0;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d >= 128 || WORD_CHARS[d] !== 1) break;
      hash = Math.imul(hash ^ d, 0x01000193);
    }
    out.push(interned.skeleton(text, start, i, hash));
  }
  return out;
}

/** Skeleton tokens of length >= minLen. */
export function skeletonTokens(s: string, minLen = 2): string[] {
  const out: string[] = [];
  for (const k of skeletonWords(s)) if (k.length >= minLen) out.push(k);
  return out;
}

/** Letters and digits only, skeletonised: used to find a brand inside running text or a website. */
export function compactSkeleton(s: string): string {
  return skeletonWords(s).join("");
}

/** Character trigram set of a compact string. */
export function trigrams(s: string): Set<string> {
  const t = new Set<string>();
  const p = `  ${s} `;
  for (let i = 0; i + 3 <= p.length; i++) t.add(p.slice(i, i + 3));
  return t;
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Text safe inside HTML or SVG, in element content and in double-quoted attributes. */
export function escapeMarkup(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance <= k, with an early exit once a whole row exceeds k. Rows are reused between calls. */
export function withinEdits(a: string, b: string, k: number): boolean {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > k) return false;
  // one edit cannot change both the first and the last letter
  if (k === 1 && n > 1 && m > 1 && a[0] !== b[0] && a[n - 1] !== b[m - 1]) return false;
  // each edit brings in at most one kind of character the other word lacks: most word pairs fail this in one
  // pass over their letters, before the table of the distance is filled
  const ma = charKinds(a);
  const mb = charKinds(b);
  if (bitCount(ma & ~mb) > k || bitCount(mb & ~ma) > k) return false;
  if (m + 1 > rowA.length) {
    rowA = new Int32Array(2 * (m + 1));
    rowB = new Int32Array(2 * (m + 1));
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const c = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > k) return false;
    [prev, cur] = [cur, prev];
  }
  return prev[m] <= k;
}

/** Kinds of character in `s` as bits: a-z one bit each, every other character on one of six more by its code. */
function charKinds(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    mask |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return mask;
}

/** Set bits of a 32-bit integer. */
export function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * A set of words asked many times whether one of them is within a few edits of a given word (a brand read with
 * OCR drift in a photo's label words). Words are kept by length, with their kinds of character: only words of a
 * length within reach are tried, and most of those are ruled out by their kinds (as in `withinEdits`) without a
 * pass over their letters.
 */
export class WordsByLength {
  private readonly byLength = new Map<number, { words: string[]; kinds: number[] }>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      let bucket = this.byLength.get(w.length);
      if (!bucket) {
        bucket = { words: [], kinds: [] };
        this.byLength.set(w.length, bucket);
      }
      bucket.words.push(w);
      bucket.kinds.push(charKinds(w));
    }
  }

  /** Whether some word is within `k` edits of `word`. */
  anyWithin(word: string, k: number): boolean {
    const kinds = charKinds(word);
    for (let len = word.length - k; len <= word.length + k; len++) {
      const bucket = this.byLength.get(len);
      if (!bucket) continue;
      for (let j = 0; j < bucket.words.length; j++) {
        const other = bucket.kinds[j];
        if (bitCount(kinds & ~other) > k || bitCount(other & ~kinds) > k) continue;
        if (withinEdits(word, bucket.words[j], k)) return true;
      }
    }
    return false;
  }
}

/** Whether some word of `pool` is within one edit (a letter dropped, added or misread) of `word`. */
export function withinOneEditOfAny(word: string, pool: Iterable<string>): boolean {
  for (const u of pool) if (withinEdits(word, u, 1)) return true;
  return false;
}
