import { foldText } from "../../lib/text.js";

export const PACKAGING_TYPES = [
  "dropper-bottle",
  "pump-bottle",
  "spray",
  "bottle",
  "jar",
  "tube",
  "pouch",
  "box",
  "can",
  "stick",
  "compact",
  "sachet",
  "tin",
  "blister",
] as const;
export type Packaging = (typeof PACKAGING_TYPES)[number];

/** Container words, most specific first; the earliest container named in a description wins. */
const PATTERNS: [Packaging, RegExp][] = [
  ["dropper-bottle", /\bdropper\b|\bpipette\b|\bserum bottle\b/],
  ["pump-bottle", /\bpump\b|\bairless\b|\bdispenser\b/],
  ["spray", /\bspray bottle\b|\baerosol\b|\bmist\b|\batomi[sz]er\b/],
  ["can", /\b(?:aerosol|tin|metal|spray) can\b|\bcan\b(?! be\b)|\bcanister\b/],
  ["tube", /\btube\b/],
  ["jar", /\bjar\b|\btub\b|\bpot\b/],
  ["pouch", /\bpouch\b|\bbag\b|\bstand-up\b|\bresealable\b/],
  ["sachet", /\bsachet\b|\bpacket\b/],
  ["stick", /\bstick\b|\blipstick\b|\bdeodorant stick\b/],
  ["compact", /\bcompact\b|\bpalette\b/],
  ["blister", /\bblister\b/],
  ["tin", /\btin\b/],
  ["box", /\bbox\b|\bcarton\b|\bpackage\b/],
  ["bottle", /\bbottle\b|\bflacon\b|\bvial\b/],
];

/** The spec's boosts: distinctive containers say more when they agree. */
export const PACKAGING_BOOST: Partial<Record<Packaging, number>> = {
  "dropper-bottle": 2.0,
  pouch: 1.5,
  bottle: 1.0,
};

const FAMILY: Record<Packaging, string> = {
  "dropper-bottle": "bottle",
  "pump-bottle": "bottle",
  spray: "bottle",
  bottle: "bottle",
  can: "can",
  tube: "tube",
  jar: "jar",
  pouch: "pouch",
  sachet: "pouch",
  stick: "stick",
  compact: "compact",
  blister: "box",
  tin: "jar",
  box: "box",
};

/**
 * All patterns as one alternation, each in its own group: the leftmost match is the earliest container named,
 * and at one position the alternation tries the patterns in list order, so the more specific wins a tie.
 */
const ANY_PATTERN = new RegExp(PATTERNS.map(([, re]) => `(${re.source})`).join("|"));

/** The container a description (or, failing that, label text) names first. */
export function detectPackaging(description: string, text = ""): Packaging | null {
  for (const src of [description, text]) {
    if (!src) continue;
    const m = ANY_PATTERN.exec(foldText(src));
    if (m) return PATTERNS[m.findIndex((g, i) => i > 0 && g !== undefined) - 1][0];
  }
  return null;
}

/**
 * +boost when both name the same container, +0.5·boost for the same family (the back's description often says
 * "bottle" for a "pump bottle"), -0.5 for containers of different families, 0 when either is unknown.
 */
export function packagingAgreement(a: Packaging | null, b: Packaging | null): number {
  if (!a || !b) return 0;
  const boost = PACKAGING_BOOST[a] ?? PACKAGING_BOOST[b] ?? 1.0;
  if (a === b) return boost;
  if (FAMILY[a] === FAMILY[b]) return 0.5 * Math.max(PACKAGING_BOOST[a] ?? 1, PACKAGING_BOOST[b] ?? 1);
  // a box is often the outer pack of a bottle or tube; jar and pouch drift ("jar"→"tub", "pouch"→"bag") is in FAMILY
  if (FAMILY[a] === "box" || FAMILY[b] === "box") return -0.25;
  return -0.5;
}
