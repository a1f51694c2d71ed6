/**
 * The corruptions of the stress bench (bench:pairing-noisy), as one function over a batch's analysis and truth:
 * label OCR errors, lost vision cues, wrong roles, misread or blank brand and product fields, colour and
 * container drift, sibling and distributor names on backs, generic back names, and file names that lose the
 * capture order (shuffled among the photos, or random). Seeded: the same knobs and generator write the same batch.
 */
import type { Rng } from "../../src/lib/rng.js";

/** Each knob is a share of photos (or of batches, for the file-name knobs) in [0, 1]; 0 leaves that part alone. */
export interface NoiseKnobs {
  /** extra character error rate in label text */
  ocr: number;
  /** photos that lose half their vision cues */
  dropCues: number;
  /** photos given a random vision role */
  flipRoles: number;
  /** character error rate in the brand, product and variant fields */
  fieldOcr: number;
  /** photos called a back that lose their brand and product fields */
  blankBacks: number;
  /** photos not called a front whose dominant colour becomes a label, cap or background colour */
  colourDrift: number;
  /** photos not called a front whose description names the container another way */
  packDrift: number;
  /** photos called a front whose brand is not read */
  frontBrands: number;
  /** photos called a back whose product field names another product of their brand */
  siblingBacks: number;
  /** photos called a back whose brand field is a distributor printed in their text */
  distributorBacks: number;
  /** photos called a back with a variant that lose it, or (half of them) read another variant of their brand */
  variantBacks: number;
  /** photos called a back whose product field is only a generic type ("Cream", "Shampoo") */
  genericBacks: number;
  /** batches whose file names are shuffled among their photos: names look like a camera's, their order is noise */
  shuffleNames: number;
  /** batches whose file names become random ids */
  randomNames: number;
  /** the batch with the most photos is always shuffled (the unseen set's 5,000-photo batch is) */
  shuffleLargest: boolean;
}

export const NO_NOISE: NoiseKnobs = {
  ocr: 0,
  dropCues: 0,
  flipRoles: 0,
  fieldOcr: 0,
  blankBacks: 0,
  colourDrift: 0,
  packDrift: 0,
  frontBrands: 0,
  siblingBacks: 0,
  distributorBacks: 0,
  variantBacks: 0,
  genericBacks: 0,
  shuffleNames: 0,
  randomNames: 0,
  shuffleLargest: false,
};

type Insight = {
  url: string;
  textExtracted: string;
  evidenceTriggers: string[];
  role: string;
  dominantColor: string;
  visualDescription: string;
};
type Group = {
  brand: string;
  product: string;
  variant: string;
  category?: string;
  images: string[];
  primaryImageUrl?: string;
};
export interface Analysis {
  groups: Group[];
  imageInsights: Insight[] | Record<string, Insight>;
}
export interface Truth {
  batchInfo?: { orderMode?: string };
  [key: string]: unknown;
}

// the look-alikes OCR confuses on labels, plus dropped characters
const LOOKALIKE: Record<string, string> = { o: "0", l: "1", i: "l", s: "5", e: "c", a: "4", m: "rn", b: "8" };
const garbleWith = (rng: Rng, text: string, rate: number) => {
  let out = "";
  for (const ch of text) {
    const r = rng.next();
    const swap = LOOKALIKE[ch.toLowerCase()];
    if (r < rate && swap) out += swap;
    else if (r >= rate * 1.3) out += ch;
  }
  return out;
};
const ROLES = ["front", "back", "side", "other"] as const;
// what a back, side or close-up shows instead of the product's colour: a white label, the cap, a hand, the table
const DRIFT_COLOURS = ["white", "off-white", "cream", "light-gray", "black", "beige", "silver"];
// the same container named another way; longer names first so "pump bottle" is not read as "bottle"
const PACK_DRIFT: [RegExp, string][] = [
  [/\b(pump|dropper|spray) bottle\b/gi, "bottle"],
  [/\bbottle\b/gi, "container"],
  [/\bjar\b/gi, "tub"],
  [/\btub\b/gi, "pot"],
  [/\bpouch\b/gi, "bag"],
  [/\bbox\b/gi, "carton"],
  [/\btube\b/gi, "squeeze tube"],
  [/\bcan\b/gi, "tin"],
];
// made-up distributors without a legal form, so the engine's company-name rule cannot recognise them
const DISTRIBUTORS = [
  "Mitra Beauty Distribusi",
  "Nordic Care Supply",
  "Beaute Diffusion",
  "Kosmetik Vertrieb Nord",
  "Global Health Partners",
  "Sun Coast Imports",
];
const driftPack = (desc: string) => {
  for (const [re, to] of PACK_DRIFT) {
    const out = desc.replace(re, to);
    if (out !== desc) return out;
  }
  return desc;
};

// what a vision step calls a back whose name it could not read, by the words of its category
const GENERIC_NAMES: [RegExp, string][] = [
  [/shampoo/i, "Shampoo"],
  [/condition/i, "Conditioner"],
  [/hair/i, "Hair Treatment"],
  [/serum/i, "Serum"],
  [/lotion|body/i, "Lotion"],
  [/supplement|vitamin|capsule/i, "Supplement"],
  [/food|snack|drink/i, "Food"],
  [/make ?up|lip|eye/i, "Makeup"],
];
const genericName = (category: string | undefined) =>
  GENERIC_NAMES.find(([re]) => re.test(category ?? ""))?.[1] ?? "Cream";

/**
 * Corrupts one batch in place: its analysis and, when file names change, its truth. `largest` says whether this
 * is the set's biggest batch (for `shuffleLargest`).
 */
export function addNoise(a: Analysis, truth: Truth, k: NoiseKnobs, rng: Rng, largest: boolean): void {
  const garble = (text: string, rate: number) => garbleWith(rng, text, rate);
  const insights = Array.isArray(a.imageInsights) ? a.imageInsights : Object.values(a.imageInsights);
  for (const ins of insights) {
    ins.textExtracted = garble(ins.textExtracted, k.ocr);
    if (rng.next() < k.dropCues) ins.evidenceTriggers = ins.evidenceTriggers.filter(() => rng.next() < 0.5);
    if (rng.next() < k.flipRoles) ins.role = rng.pick(ROLES);
  }
  // every knob below draws from the generator only when set, so copies written without them stay as they were
  if (k.colourDrift > 0 || k.packDrift > 0) {
    for (const ins of insights) {
      if (ins.role === "front") continue;
      if (k.colourDrift > 0 && rng.next() < k.colourDrift) ins.dominantColor = rng.pick(DRIFT_COLOURS);
      if (k.packDrift > 0 && rng.next() < k.packDrift)
        ins.visualDescription = driftPack(ins.visualDescription);
    }
  }
  if (k.siblingBacks > 0 || k.distributorBacks > 0) {
    const insightOf = new Map(insights.map((i) => [i.url, i]));
    const byBrand = new Map<string, Group[]>();
    for (const g of a.groups) {
      const key = g.brand.toLowerCase();
      if (key === "unknown" || g.product === "Unidentified Item") continue;
      const same = byBrand.get(key);
      if (same) same.push(g);
      else byBrand.set(key, [g]);
    }
    for (const g of a.groups) {
      const ins = insightOf.get(g.images[0]);
      if (ins?.role !== "back" || g.brand === "Unknown") continue;
      if (k.siblingBacks > 0 && rng.next() < k.siblingBacks) {
        const others = (byBrand.get(g.brand.toLowerCase()) ?? []).filter((x) => x.product !== g.product);
        if (others.length > 0) g.product = rng.pick(others).product;
      }
      if (k.distributorBacks > 0 && rng.next() < k.distributorBacks) {
        g.brand = rng.pick(DISTRIBUTORS);
        ins.textExtracted += `\nDistributed by ${g.brand}`;
      }
    }
  }
  if (k.variantBacks > 0) {
    const roleOf = new Map(insights.map((i) => [i.url, i.role]));
    const variantsOf = new Map<string, string[]>();
    for (const g of a.groups) {
      if (!g.variant || g.brand === "Unknown") continue;
      const key = g.brand.toLowerCase();
      const known = variantsOf.get(key);
      if (!known) variantsOf.set(key, [g.variant]);
      else if (!known.includes(g.variant)) known.push(g.variant);
    }
    for (const g of a.groups) {
      if (!g.variant || roleOf.get(g.images[0]) !== "back" || rng.next() >= k.variantBacks) continue;
      const others = (variantsOf.get(g.brand.toLowerCase()) ?? []).filter((v) => v !== g.variant);
      g.variant = others.length > 0 && rng.next() < 0.5 ? rng.pick(others) : "";
    }
  }
  if (k.fieldOcr > 0 || k.blankBacks > 0 || k.frontBrands > 0) {
    const roleOf = new Map(insights.map((i) => [i.url, i.role]));
    for (const g of a.groups) {
      if (k.blankBacks > 0 && roleOf.get(g.images[0]) === "back" && rng.next() < k.blankBacks) {
        g.brand = "Unknown";
        g.product = "Unidentified Item";
      }
      if (k.frontBrands > 0 && roleOf.get(g.images[0]) === "front" && rng.next() < k.frontBrands)
        g.brand = "Unknown";
      if (k.fieldOcr > 0) {
        if (g.brand !== "Unknown") g.brand = garble(g.brand, k.fieldOcr);
        if (g.product !== "Unidentified Item") g.product = garble(g.product, k.fieldOcr);
        g.variant = garble(g.variant, k.fieldOcr);
      }
    }
  }
  if (k.genericBacks > 0) {
    const roleOf = new Map(insights.map((i) => [i.url, i.role]));
    for (const g of a.groups)
      if (roleOf.get(g.images[0]) === "back" && rng.next() < k.genericBacks)
        g.product = genericName(g.category);
  }
  const shuffle = (k.shuffleLargest && largest) || (k.shuffleNames > 0 && rng.next() < k.shuffleNames);
  const random = !shuffle && k.randomNames > 0 && rng.next() < k.randomNames;
  if (shuffle || random) {
    const urls = insights.map((i) => i.url);
    const base = (u: string) => u.slice(u.lastIndexOf("/") + 1);
    const names = urls.map(base);
    const renamed = shuffle
      ? rng.shuffle([...names])
      : names.map(
          (n) =>
            `${Math.floor(rng.next() * 2 ** 32)
              .toString(16)
              .padStart(8, "0")}${n.slice(n.lastIndexOf("."))}`,
        );
    const to = new Map(names.map((n, i) => [n, renamed[i]]));
    const rename = (u: string) => {
      const at = u.lastIndexOf("/") + 1;
      return u.slice(0, at) + (to.get(u.slice(at)) ?? u.slice(at));
    };
    renameUrls(a, rename);
    renameUrls(truth, rename);
    // the records' own order would still tell the capture order
    rng.shuffle(a.groups);
    if (Array.isArray(a.imageInsights)) rng.shuffle(a.imageInsights);
    truth.batchInfo = { ...truth.batchInfo, orderMode: shuffle ? "shuffled" : "random-names" };
  }
}

/** Renames, in place, every string of `x` that is a photo's URL, and every object key that is one. */
function renameUrls(x: object, rename: (u: string) => string): void {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return rename(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([key, val]) => [rename(key), walk(val)]));
    return v;
  };
  Object.assign(x, walk(x));
}
