import { tableByCode } from "../../../lib/code-table.js";
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

/**
 * Container words, most specific first: the earliest container a description names wins, and at one place the
 * first in this order ("spray bottle" before "bottle"). Each is a word of its own; "can" not in "can be".
 */
export const PACKAGING_WORDS: readonly [Packaging, readonly string[]][] = [
  ["dropper-bottle", ["dropper", "pipette", "serum bottle"]],
  ["pump-bottle", ["pump", "airless", "dispenser"]],
  ["spray", ["spray bottle", "aerosol", "mist", "atomiser", "atomizer"]],
  ["can", ["aerosol can", "tin can", "metal can", "spray can", "can", "canister"]],
  ["tube", ["tube"]],
  ["jar", ["jar", "tub", "pot"]],
  ["pouch", ["pouch", "bag", "stand-up", "resealable"]],
  ["sachet", ["sachet", "packet"]],
  ["stick", ["stick", "lipstick", "deodorant stick"]],
  ["compact", ["compact", "palette"]],
  ["blister", ["blister"]],
  ["tin", ["tin"]],
  ["box", ["box", "carton", "package"]],
  ["bottle", ["bottle", "flacon", "vial"]],
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

/** A container as a small integer: 0 for none, else its place in PACKAGING_TYPES plus one. */
export function packagingCode(p: Packaging | null): number {
  return p === null ? 0 : PACKAGING_TYPES.indexOf(p) + 1;
}

/** `packagingAgreement` of two `packagingCode`s, for the scorer's hot path. */
export const packagingAgreementOfCodes = tableByCode(PACKAGING_TYPES, packagingAgreement);
