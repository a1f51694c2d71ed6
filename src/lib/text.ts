/** Text normalisation shared by the pairing signals (and later the recommender's Vietnamese text). */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower-case, strip diacritics (é→e, đ→d) and trademark signs. */
export function foldText(s: string): string {
  return s
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[ßẞ]/g, "ss")
    .replace(/[™®©℮]/g, " ")
    .toLowerCase();
}

/**
 * OCR skeleton of a word: collapses the character confusions OCR makes on labels
 * (0/o, 1/l/i, 5/s, 8/b, rn/m, vv/w, $/s) so "PROFFSSIONAL" and "5pray" still meet
 * their clean spellings. Pure digit runs are kept, since they carry sizes and codes.
 */
export function ocrSkeleton(word: string): string {
  if (/^\d+$/.test(word)) return word;
  return word
    .replace(/rn/g, "m")
    .replace(/vv/g, "w")
    .replace(/[0]/g, "o")
    .replace(/[1l|!]/g, "i")
    .replace(/[5$]/g, "s")
    .replace(/[8]/g, "b")
    .replace(/[6]/g, "g")
    .replace(/u/g, "v")
    .replace(/(.)\1+/g, "$1")
    .replace(/^(.{4,}[^s])s$/, "$1"); // plural: "capsules" meets "capsule"
}

/** Words of folded text: letters and digits only. */
export function words(s: string): string[] {
  return foldText(s)
    .replace(/[^a-z0-9$|!]+/g, " ")
    .split(" ")
    .filter((w) => w.length > 0);
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
