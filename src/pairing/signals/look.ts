import { foldText } from "../../lib/text.js";

/**
 * Words a description uses for a pack's shape, closure and material ("squat", "airless", "snap lid",
 * "frosted glass"). A close-up of a cap or an underside names little else, so these words tie it to its product.
 */
const LOOK_WORDS = new Set([
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

export function lookWords(description: string): Set<string> {
  const out = new Set<string>();
  if (!description) return out;
  // runs of letters and hyphens ("flip-top", "stand-up"), scanned over char codes
  const f = foldText(description);
  let start = -1;
  for (let i = 0; i <= f.length; i++) {
    const c = i < f.length ? f.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || c === 45) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const w = f.slice(start, i);
      if (LOOK_WORDS.has(w)) out.add(w);
      start = -1;
    }
  }
  return out;
}

/** Share of look words two descriptions have in common (Jaccard); null when either names none. */
export function lookSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number | null {
  if (a.size === 0 || b.size === 0) return null;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}
