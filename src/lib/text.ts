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
export const foldText = memo(20_000, (s: string): string => {
  // most label text is ASCII: skip the Unicode normalisation for it
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[ßẞ]/g, "ss")
    .replace(/[™®©℮]/g, " ")
    .toLowerCase();
});

/** OCR look-alikes folded onto one letter; index by char code. */
const OCR_MAP: Record<string, string> = {
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
export const ocrSkeleton = memo(200_000, (word: string): string => {
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
});

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

/** Skeleton tokens of length >= minLen. */
export function skeletonTokens(s: string, minLen = 2): string[] {
  const out: string[] = [];
  for (const w of words(s)) {
    const k = ocrSkeleton(w);
    if (k.length >= minLen) out.push(k);
  }
  return out;
}

/** Letters and digits only, skeletonised: used to find a brand inside running text or a website. */
export function compactSkeleton(s: string): string {
  return words(s).map(ocrSkeleton).join("");
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

/** Whether some word of `pool` is within one edit (a letter dropped, added or misread) of `word`. */
export function withinOneEditOfAny(word: string, pool: Iterable<string>): boolean {
  for (const u of pool) if (withinEdits(word, u, 1)) return true;
  return false;
}
