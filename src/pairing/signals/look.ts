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
  if (a.size === 0 || b.size === 0) return null;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}
