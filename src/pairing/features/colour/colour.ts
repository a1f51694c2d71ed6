import { charTable, foldText, LOWER_LETTERS, runsOf } from "../../../lib/text.js";

/** Hue families; shade words ("dark", "forest", "navy") only move within a family. */
export const COLOUR_FAMILIES = [
  "red",
  "pink",
  "orange",
  "yellow",
  "gold",
  "green",
  "teal",
  "blue",
  "purple",
  "brown",
  "beige",
  "white",
  "gray",
  "silver",
  "black",
  "clear",
] as const;
export type ColourFamily = (typeof COLOUR_FAMILIES)[number];

const NAME_LIST: Record<string, ColourFamily> = {
  red: "red",
  crimson: "red",
  burgundy: "red",
  maroon: "red",
  scarlet: "red",
  cherry: "red",
  wine: "red",
  ruby: "red",
  pink: "pink",
  rose: "pink",
  magenta: "pink",
  fuchsia: "pink",
  blush: "pink",
  salmon: "pink",
  coral: "orange",
  orange: "orange",
  peach: "orange",
  apricot: "orange",
  tangerine: "orange",
  amber: "orange",
  copper: "orange",
  yellow: "yellow",
  lemon: "yellow",
  mustard: "yellow",
  golden: "gold",
  gold: "gold",
  champagne: "gold",
  green: "green",
  lime: "green",
  olive: "green",
  mint: "green",
  forest: "green",
  emerald: "green",
  sage: "green",
  khaki: "green",
  teal: "teal",
  turquoise: "teal",
  aqua: "teal",
  cyan: "teal",
  blue: "blue",
  navy: "blue",
  cobalt: "blue",
  azure: "blue",
  sky: "blue",
  royal: "blue",
  indigo: "blue",
  denim: "blue",
  purple: "purple",
  violet: "purple",
  lavender: "purple",
  lilac: "purple",
  plum: "purple",
  mauve: "purple",
  brown: "brown",
  chocolate: "brown",
  coffee: "brown",
  tan: "brown",
  caramel: "brown",
  bronze: "brown",
  mocha: "brown",
  beige: "beige",
  cream: "beige",
  ivory: "beige",
  nude: "beige",
  sand: "beige",
  kraft: "beige",
  white: "white",
  offwhite: "white",
  pearl: "white",
  gray: "gray",
  grey: "gray",
  charcoal: "gray",
  slate: "gray",
  graphite: "gray",
  silver: "silver",
  chrome: "silver",
  metallic: "silver",
  black: "black",
  clear: "clear",
  transparent: "clear",
  translucent: "clear",
  frosted: "clear",
};

/**
 * Colour words by family. A Map, not the object: a description word such as "constructor" must not find Object's
 * prototype. A description names one when it is a run of letters of its own; "off white" and "off-white" read
 * as "offwhite".
 */
export const COLOUR_NAMES: ReadonlyMap<string, ColourFamily> = new Map(Object.entries(NAME_LIST));

/** Families one step apart: drift between them is normal between a front and its back. */
const NEAR: [ColourFamily, ColourFamily][] = [
  ["red", "pink"],
  ["red", "orange"],
  ["pink", "purple"],
  ["orange", "yellow"],
  ["yellow", "gold"],
  ["gold", "brown"],
  ["gold", "beige"],
  ["brown", "beige"],
  ["green", "teal"],
  ["teal", "blue"],
  ["blue", "purple"],
  ["white", "beige"],
  ["white", "gray"],
  ["white", "silver"],
  ["white", "clear"],
  ["gray", "silver"],
  ["gray", "black"],
  ["silver", "clear"],
];

/** A family as a small integer: 0 for none, else its place in COLOUR_FAMILIES plus one. */
export function colourCode(f: ColourFamily | null): number {
  return f === null ? 0 : COLOUR_FAMILIES.indexOf(f) + 1;
}

/** A set of families as bits, family code c at bit c - 1. */
export function colourMask(families: Iterable<ColourFamily>): number {
  let m = 0;
  for (const f of families) m |= 1 << (colourCode(f) - 1);
  return m;
}

/** per family code, the families one step away, as a `colourMask` */
const NEAR_MASK = new Int32Array(COLOUR_FAMILIES.length + 1);
for (const [a, b] of NEAR) {
  NEAR_MASK[colourCode(a)] |= colourMask([b]);
  NEAR_MASK[colourCode(b)] |= colourMask([a]);
}

/** A white, cream or clear back says little: many backs are a white label on a coloured pack. */
const UNINFORMATIVE = colourMask(["white", "beige", "clear", "silver", "gray"]);

/** Family of a hyphenated colour such as "dark-forest-green" or "off-white": the last known colour word. */
export function colourFamily(raw: string | null | undefined): ColourFamily | null {
  if (!raw) return null;
  const parts = letterRuns(raw);
  for (let i = parts.length - 1; i >= 0; i--) {
    const fam = COLOUR_NAMES.get(parts[i]);
    if (fam) return fam;
  }
  return null;
}

const OFF_WHITE = /off[\s-]?white/g;

const LETTERS = charTable(LOWER_LETTERS);

/** The letter runs of folded text, with "off white" / "off-white" read as the one word "offwhite". */
function letterRuns(text: string): string[] {
  let f = foldText(text);
  if (f.includes("off")) f = f.replace(OFF_WHITE, "offwhite");
  return runsOf(f, LETTERS);
}

/**
 * Agreement in [-0.5, 1]: 1 same family, 0.5 neighbouring families or the back's colour named in the front's
 * description, 0 when one side is uninformative, -0.5 for clearly different colours.
 */
export function colourAgreement(
  a: ColourFamily | null,
  b: ColourFamily | null,
  aMentioned: Iterable<ColourFamily>,
  bMentioned: Iterable<ColourFamily>,
): number {
  return colourAgreementOfCodes(colourCode(a), colourCode(b), colourMask(aMentioned), colourMask(bMentioned));
}

/** `colourAgreement` of two `colourCode`s and the `colourMask`s of the colours their descriptions mention. */
export function colourAgreementOfCodes(a: number, b: number, aMentioned: number, bMentioned: number): number {
  if (a === 0 || b === 0) return 0;
  if (a === b) return 1;
  const bitA = 1 << (a - 1);
  const bitB = 1 << (b - 1);
  if ((NEAR_MASK[a] & bitB) !== 0) return 0.5;
  if ((aMentioned & bitB) !== 0 || (bMentioned & bitA) !== 0) return 0.5;
  if ((UNINFORMATIVE & (bitA | bitB)) !== 0) return 0;
  return -0.5;
}
