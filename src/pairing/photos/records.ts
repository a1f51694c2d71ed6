/**
 * Turns per-photo facts into the vision step's `{ groups, imageInsights }`, so the pairing engine reads our
 * analysis exactly as it reads a vision model's. The extra fields (colour signature, capture time, pHash)
 * are optional signals the engine uses when present.
 */
import { appearanceSimilarity } from "../features/colour/appearance.js";
import type { PhotoFacts } from "./facts.js";
import { correctHeroLines, inferBrands, type LabelReading, readLabel } from "./read-label.js";

export const ANALYZER_NAME = "shelfwise-offline/1";

/** What one photo contributes: facts, or why it could not be read; optionally a vision model's reading. */
export interface PhotoItem {
  url: string;
  facts: PhotoFacts | null;
  error: string | null;
  /** a vision model's fields for this photo (same schema as the vision step), when --vision was used */
  vision?: VisionReading | null;
}

/** The per-photo fields a vision model returns (see vision.ts for the schema it is validated against). */
export interface VisionReading {
  brand: string;
  product: string;
  variant: string;
  size: string;
  category: string;
  categoryPath: string;
  role: "front" | "back" | "side" | "other";
  roleScore: number;
  dominantColor: string;
  visualDescription: string;
  textExtracted: string;
  evidenceTriggers: string[];
  hasVisibleText: boolean;
}

export interface AnalysisDocument {
  groups: Record<string, unknown>[];
  imageInsights: Record<string, unknown>[];
  analyzer: { name: string; vision: string | null; createdAt: string };
}

const SKIN = (lab: readonly number[]) => {
  const [L, a, b] = lab;
  const hue = (Math.atan2(b, a) * 180) / Math.PI;
  const chroma = Math.hypot(a, b);
  return L > 40 && L < 88 && hue > 25 && hue < 75 && chroma > 10 && chroma < 45;
};

export function buildAnalysis(items: readonly PhotoItem[], vision: string | null = null): AnalysisDocument {
  const readings = items.map((it) => (it.facts ? readLabel(it.facts.ocr) : null));
  settleRoleClashes(items, readings);
  const corrected = correctHeroLines(
    readings.map((r) => ({ heroLines: r?.heroLines ?? [], text: r?.text ?? "" })),
  );
  readings.forEach((r, i) => {
    if (r) r.heroLines = corrected[i];
  });
  const brands = inferBrands(
    readings.map((r) => ({ role: r?.role ?? "other", heroLines: r?.heroLines ?? [], text: r?.text ?? "" })),
  );
  const groups: Record<string, unknown>[] = [];
  const imageInsights: Record<string, unknown>[] = [];
  items.forEach((it, i) => {
    const stem = it.url.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
    const r = readings[i];
    if (!it.facts || !r) {
      groups.push(group(stem, it.url, "Unknown", "Unidentified Item", "", "Unknown", "Unknown"));
      imageInsights.push({ url: it.url, role: "other", unreadable: it.error ?? "unreadable image" });
      return;
    }
    const extra = photoExtras(it.facts, r);
    if (it.vision) {
      const v = it.vision;
      groups.push(group(stem, it.url, v.brand, v.product, v.size, v.category, v.categoryPath, v.variant));
      imageInsights.push({
        url: it.url,
        hasVisibleText: v.hasVisibleText,
        dominantColor: v.dominantColor,
        role: v.role,
        roleScore: v.roleScore,
        evidenceTriggers: v.evidenceTriggers,
        visualDescription: v.visualDescription,
        textExtracted: v.textExtracted,
        ...extra,
        source: "vision",
      });
      return;
    }
    // a back's largest lines are headings ("Supplement Facts"), not its name; like the vision step, leave it
    // unidentified and let the engine match its text
    const front = r.role !== "back";
    const product =
      !front || r.heroLines.length === 0 ? "Unidentified Item" : r.heroLines.slice(0, 2).join(" ");
    const [category, categoryPath] = front ? [r.category, r.categoryPath] : ["Unknown", "Unknown"];
    groups.push(group(stem, it.url, brands[i], product, r.size, category, categoryPath));
    imageInsights.push({
      url: it.url,
      hasVisibleText: r.text.length > 0,
      productShown: productShown(it.facts, r),
      dominantColor: dominantColourName(it.facts),
      role: r.role,
      roleScore: r.roleScore,
      evidenceTriggers: r.evidenceTriggers,
      visualDescription: describe(it.facts, r),
      textExtracted: r.text,
      ...extra,
      source: "offline",
    });
  });
  return {
    groups,
    imageInsights,
    analyzer: { name: ANALYZER_NAME, vision, createdAt: new Date().toISOString() },
  };
}

function group(
  stem: string,
  url: string,
  brand: string,
  product: string,
  size: string,
  category: string,
  categoryPath: string,
  variant = "",
): Record<string, unknown> {
  return {
    groupId: stem,
    brand,
    product,
    variant,
    size,
    category,
    categoryPath,
    images: [url],
    primaryImageUrl: url,
  };
}

/** Overlap above which two photos are taken to show one pack (see `appearanceScore`: ~0.7 for a pair). */
const SAME_PACK_OVERLAP = 0.55;
/** |roleScore| up to which a role is a guess: one cue, no more */
const WEAK_ROLE = 0.6;

/**
 * Two photos that are each other's closest match in colour, and clearly close, are most likely the two sides
 * of one pack. When the label cues gave both the same role, the one that leans more to the other side takes
 * it: a front and its back are what a seller shoots, and two fronts or two backs of one pack are rare.
 */
export function settleRoleClashes(items: readonly PhotoItem[], readings: (LabelReading | null)[]): void {
  const hists = items.map((it) => (it.facts ? Float64Array.from(it.facts.pixels.signature.hist) : null));
  const best = hists.map((h, i) => {
    let arg = -1;
    let top = 0;
    if (!h) return { arg, top };
    hists.forEach((o, j) => {
      if (j === i || !o) return;
      const sim = appearanceSimilarity(h, o);
      if (sim > top) {
        top = sim;
        arg = j;
      }
    });
    return { arg, top };
  });
  best.forEach(({ arg: j, top }, i) => {
    const a = readings[i];
    const b = j >= 0 ? readings[j] : null;
    if (!a || !b || i > j || best[j].arg !== i || top < SAME_PACK_OVERLAP) return;
    const sideOf = (r: LabelReading) => (r.role === "front" ? "front" : "back");
    if (sideOf(a) !== sideOf(b)) return;
    const [lo, hi] = a.roleScore <= b.roleScore ? [a, b] : [b, a];
    // only a weakly read role gives way; a label that clearly reads as one side keeps it
    const loser = sideOf(a) === "front" ? hi : lo;
    if (Math.abs(loser.roleScore) > WEAK_ROLE) return;
    setRole(loser, sideOf(a) === "front" ? "back" : "front");
  });
}

function setRole(r: LabelReading, role: "front" | "back"): void {
  r.role = role;
  r.roleScore = role === "front" ? Math.min(r.roleScore, -0.2) : Math.max(r.roleScore, 0.2);
  r.evidenceTriggers.push(`${role} by its look-alike partner`);
}

/** The optional visual fields, the same whichever reader described the label. */
function photoExtras(f: PhotoFacts, r: LabelReading): Record<string, unknown> {
  return {
    ...(f.captureTime ? { captureTime: f.captureTime } : {}),
    ...(f.orientation !== null ? { orientation: f.orientation } : {}),
    ...(f.ocrError ? { ocrError: f.ocrError } : {}),
    colorSignature: f.pixels.signature,
    phash: f.pixels.phash,
    heroText: r.heroLines,
    heroTextHeight: r.heroHeight,
    foreground: { aspect: f.pixels.aspect, whiteBorder: f.pixels.whiteBorder, box: f.pixels.box },
    sha256: f.sha256,
  };
}

/**
 * Whether the photo shows an object held up or set down in front of a plain background, or a legible label:
 * then it is someone's product even when OCR read neither brand nor name, and the engine must not call it a
 * non-product. A frame filled edge to edge (a scene, a close-up of fabric) is not.
 */
function productShown(f: PhotoFacts, r: LabelReading): boolean {
  if (r.text.replace(/[^A-Za-z]/g, "").length >= 20) return true;
  const b = f.pixels.box;
  return b.width < 0.9 && b.height < 0.95 && b.width * b.height > 0.04;
}

/** The largest foreground colour that is not the hand holding the product. */
function dominantColourName(f: PhotoFacts): string {
  const ds = f.pixels.signature.dominant;
  const pick = ds.find((d) => !SKIN(d.lab) && d.share >= 0.12) ?? ds[0];
  return pick?.name ?? "";
}

/** Plain words only: colours and, when the label names it, the container. */
function describe(f: PhotoFacts, r: LabelReading): string {
  const names = [...new Set(f.pixels.signature.dominant.filter((d) => !SKIN(d.lab)).map((d) => d.name))];
  const parts = [`Photo analysed offline; main colours ${names.slice(0, 3).join(", ") || "unknown"}.`];
  if (r.packaging) parts.push(`Container: ${r.packaging}.`);
  return parts.join(" ");
}
