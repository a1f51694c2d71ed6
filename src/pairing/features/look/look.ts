import { bitCount } from "../../../lib/text.js";

/**
 * Words a description uses for a pack's shape, closure and material ("squat", "airless", "snap lid",
 * "frosted glass"). A close-up of a cap or an underside names little else, so these words tie it to its product.
 * A description names one when it is a run of letters and hyphens of its own (look words may be hyphenated:
 * "flip-top", "stand-up").
 */
export const LOOK_WORDS: ReadonlySet<string> = new Set([
  "squat",
  "tall",
  "slim",
  "wide",
  "oval",
  "round",
  "rectangular",
  "square",
  "cylindrical",
  "upright",
  "upside-down",
  "soft",
  "squeeze",
  "airless",
  "pump",
  "dropper",
  "spray",
  "aerosol",
  "mist",
  "flip",
  "flip-top",
  "screw",
  "screw-top",
  "snap",
  "disc",
  "twist",
  "dome",
  "tub",
  "jar",
  "tube",
  "bottle",
  "box",
  "carton",
  "pouch",
  "can",
  "stick",
  "canister",
  "glass",
  "plastic",
  "metal",
  "matte",
  "glossy",
  "frosted",
  "amber",
  "embossed",
  "heavy",
  "slender",
  "stand-up",
  "sachet",
  "compact",
  "roll-on",
  "applicator",
  "nozzle",
  "brush",
  "sprayer",
  "trigger",
  "wooden",
  "bamboo",
  "kraft",
]);

/** Share of look words two descriptions have in common (Jaccard); null when either names none. */
export function lookSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number | null {
  const [aLo, aHi] = lookMask(a);
  const [bLo, bHi] = lookMask(b);
  return lookSimilarityOfMasks(aLo, aHi, bLo, bHi);
}

/** Look words in LOOK_WORDS order: the bit of each in a `lookMask`. */
export const LOOK_WORD_LIST: readonly string[] = [...LOOK_WORDS];

/** A set of look words as two 32-bit masks: word i of LOOK_WORD_LIST at bit i of the first, or i - 32 of the second. */
export function lookMask(words: Iterable<string>): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const w of words) {
    const i = LOOK_WORD_LIST.indexOf(w);
    if (i < 0) continue;
    if (i < 32) lo |= 1 << i;
    else hi |= 1 << (i - 32);
  }
  return [lo, hi];
}

/** The look words of a `lookMask`, in LOOK_WORD_LIST order. */
export function lookWordsOfMask(lo: number, hi: number): Set<string> {
  return new Set(LOOK_WORD_LIST.filter((_, i) => ((i < 32 ? lo >>> i : hi >>> (i - 32)) & 1) === 1));
}

/** `lookSimilarity` of two sets given as `lookMask`s. */
export function lookSimilarityOfMasks(aLo: number, aHi: number, bLo: number, bHi: number): number | null {
  const sa = bitCount(aLo) + bitCount(aHi);
  const sb = bitCount(bLo) + bitCount(bHi);
  if (sa === 0 || sb === 0) return null;
  const inter = bitCount(aLo & bLo) + bitCount(aHi & bHi);
  return inter / (sa + sb - inter);
}
