/**
 * Reading a photo's label from its OCR lines: which side of the pack it shows, the hero text, the pack size
 * and the kind of product. Brand needs the whole batch and is inferred in `inferBrands`.
 */
import { foldText, ocrSkeleton, skeletonWords, withinEdits, words } from "../../lib/text.js";
import { findBarcodes } from "../features/barcode/barcode.js";
import type { OcrLine, OcrResult } from "./ocr.js";

export interface LabelReading {
  role: "front" | "back" | "other";
  /** negative leans front, positive leans back: the sum of the cue weights below */
  roleScore: number;
  evidenceTriggers: string[];
  /** the largest confident lines, largest first */
  heroLines: string[];
  /** tallest confident line / photo height */
  heroHeight: number;
  size: string;
  category: string;
  categoryPath: string;
  packaging: string | null;
  text: string;
}

/** Back-of-pack cues: the vision step's trigger names, a pattern, and the weight each adds to roleScore. */
const BACK_CUES: [trigger: string, re: RegExp, weight: number][] = [
  [
    "Supplement Facts",
    /\b(supplement|nutrition) ?facts\b|\bserving size\b|\bamount per serving\b|\bdaily value\b/,
    1.5,
  ],
  ["Ingredients", /\bingredients?\b|\binci\b|\baqua\b/, 1.0],
  ["Directions", /\bdirections?\b|\bhow to use\b|\bsuggested use\b|\bapply\b/, 0.6],
  ["Warning", /\bwarnings?\b|\bcaution\b|\bkeep out of reach\b|\bconsult\b|\bpregnant\b/, 0.6],
  ["Distributed by", /\bdistributed\b|\bmanufactured\b|\bmade in\b|\bmfd\b|\bimported by\b/, 0.6],
  ["website or contact", /www\.|\.com\b|@/, 0.3],
];

const SIZE_RE =
  /\b\d+(?:[.,]\d+)?\s*(?:fl\.?\s*oz\.?|ml|g|mg|kg|oz|lbs?|ct|count|capsules|caps|tablets|softgels|gummies|servings|patches|sheets|wipes)\b/gi;

/**
 * Only phrases that name a kind of product outright: a single ingredient word ("vitamin B12" on an eye
 * patch) would start category conflicts the engine penalises.
 */
const CATEGORIES: [name: string, path: string, re: RegExp][] = [
  ["Supplements", "Health > Supplements", /\b(supplement facts|dietary supplement|food supplement)\b/],
  ["Food", "Food", /\bnutrition facts\b/],
  ["Hair Care", "Beauty > Hair Care", /\b(hair|shampoo|conditioner|scalp)\b/],
  ["Skin Care", "Beauty > Skin Care", /\b(skin ?care|serum|moisturi[sz]\w*|eye patch\w*|sunscreen)\b/],
];

const PACKAGING: [name: string, re: RegExp][] = [
  ["dropper bottle", /\bdropper\b|\bdrops\b/],
  ["pouch", /\bpouch\b|\bresealable\b/],
  ["tube", /\btube\b/],
  ["jar", /\bjar\b/],
  ["spray", /\bspray\b|\bmist\b/],
  ["box", /\bbox\b|\bcarton\b/],
];

/** Cues on one photo's OCR. */
export function readLabel(ocr: OcrResult): LabelReading {
  const lines = ocr.lines;
  const text = lines.map((l) => l.text).join("\n");
  const folded = foldText(text);
  const triggers: string[] = [];
  let score = 0;
  for (const [trigger, re, weight] of BACK_CUES) {
    if (re.test(folded)) {
      triggers.push(trigger);
      score += weight;
    }
  }
  if (findBarcodes(text).length > 0 || /\b\d{12,13}\b/.test(text.replace(/(\d) (?=\d)/g, "$1"))) {
    triggers.push("Barcode");
    score += 0.6;
  }
  const heights = lines.map((l) => l.size).sort((a, b) => a - b);
  const heroHeight = heights.length > 0 ? heights[heights.length - 1] : 0;
  // what the text says decides a back; how much text there is only leans, since fronts carry marketing copy
  const semantic = score;
  if (text.length > 600) {
    triggers.push("dense small paragraphs");
    score += 0.8;
  } else if (lines.length >= 12 || text.length > 300) {
    triggers.push("dense small paragraphs");
    score += 0.4;
  }
  // large text says "front" less and less as the amount of small text around it grows
  if (heroHeight >= 0.035 && semantic < 0.6 && text.length <= 600) {
    triggers.push("large product name as hero text");
    score -= text.length <= 300 ? 1.0 : 0.5;
  }
  if (lines.length > 0 && lines.length <= 6 && semantic === 0) {
    triggers.push("little text");
    score -= 0.5;
  }
  const roleScore = Math.round(score * 100) / 100;
  const role =
    lines.length === 0 ? "other" : roleScore <= -0.2 ? "front" : roleScore >= 0.2 ? "back" : "other";
  const cat = CATEGORIES.find(([, , re]) => re.test(folded));
  const sizes = [...new Set((text.match(SIZE_RE) ?? []).map((s) => s.replace(/\s+/g, " ").trim()))];
  return {
    role,
    roleScore,
    evidenceTriggers: triggers,
    heroLines: heroLines(lines).map((l) => cleanLine(l.text)),
    heroHeight: Math.round(heroHeight * 10000) / 10000,
    size: sizes.slice(0, 2).join(" | "),
    category: cat?.[0] ?? "Unknown",
    categoryPath: cat?.[1] ?? "Unknown",
    packaging: PACKAGING.find(([, re]) => re.test(folded))?.[0] ?? null,
    text,
  };
}

/** Lines at least half as tall as the tallest, confident and wordy: what a shopper reads first. */
function heroLines(lines: readonly OcrLine[]): OcrLine[] {
  const good = lines.filter((l) => l.confidence >= 60 && /[A-Za-z]{3}/.test(l.text));
  if (good.length === 0) return [];
  const tallest = Math.max(...good.map((l) => l.size));
  const chosen: OcrLine[] = [];
  const keys: string[] = [];
  for (const l of good.filter((x) => x.size >= 0.5 * tallest).sort((a, b) => b.size - a.size)) {
    // the whole frame and the enlarged box often read one line twice, a character apart
    const key = foldText(l.text).replace(/[^a-z0-9]+/g, "");
    if (keys.some((k) => k.includes(key) || key.includes(k) || withinEdits(k, key, 2))) continue;
    chosen.push(l);
    keys.push(key);
    if (chosen.length === 3) break;
  }
  return chosen;
}

/** Drops OCR debris: symbols, and one- or two-letter scraps at either end of the line ("dg", "rr"). */
function cleanLine(s: string): string {
  const ws = s.split(/\s+/).filter((w) => /[A-Za-z0-9]{2}/.test(w));
  const scrap = (w: string) => /^[^\p{L}\p{N}]*\p{L}{1,2}[^\p{L}\p{N}]*$/u.test(w) && !/^[A-Z]{2}$/.test(w);
  while (ws.length > 1 && scrap(ws[0])) ws.shift();
  while (ws.length > 1 && scrap(ws[ws.length - 1])) ws.pop();
  return ws
    .join(" ")
    .replace(/[^\p{L}\p{N}]+$/u, "")
    .replace(/^[^\p{L}\p{N}]+/u, "");
}

/** Words that appear on many unrelated packs, so sharing one says nothing about brand. */
const GENERIC = new Set(
  [
    "supplement",
    "dietary",
    "facts",
    "nutrition",
    "serving",
    "servings",
    "size",
    "net",
    "quantity",
    "contains",
    "free",
    "gluten",
    "vegan",
    "natural",
    "organic",
    "formula",
    "formulas",
    "with",
    "and",
    "the",
    "for",
    "daily",
    "value",
    "ingredients",
    "directions",
    "warning",
    "made",
    "usa",
    "support",
    "health",
    "healthy",
    "premium",
    "advanced",
    "new",
    "flavor",
    "flavour",
    "capsules",
    "gummies",
    "protein",
    "powder",
    "vitamin",
    "hair",
    "skin",
    "care",
  ].map(ocrSkeleton),
);

export interface BrandInput {
  role: LabelReading["role"];
  heroLines: string[];
  text: string;
}

/**
 * A front's brand: a capitalised, distinctive word of its hero lines that another front of the batch also
 * shows (a brand spans products; a product word spans only its own two sides), or that a back's maker line
 * names. Otherwise "Unknown": a wrong brand would cost a pair more than a missing one. Backs get "Unknown" too: their brand is in small print,
 * and the engine finds a front's brand in a back's text by itself.
 */
export function inferBrands(items: readonly BrandInput[]): string[] {
  const vocab = items.map((it) => [...new Set(skeletonWords(it.text))]);
  const makers = new Set(items.flatMap((it) => makerWords(it.text)));
  const shares = (j: number, sk: string) =>
    vocab[j].some((w) => w === sk || (sk.length >= 6 && w.length >= 6 && withinEdits(w, sk, 1)));
  return items.map((it, i) => {
    if (it.role !== "front" || it.heroLines.length === 0) return "Unknown";
    let best: { word: string; score: number } | null = null;
    const seen = new Set<string>();
    it.heroLines.forEach((line, rank) => {
      for (const raw of line.split(/\s+/)) {
        const word = raw.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
        const sk = ocrSkeleton(foldText(word));
        if (word.length < 3 || sk.length < 3 || GENERIC.has(sk) || seen.has(sk) || !/^\p{Lu}/u.test(word))
          continue;
        seen.add(sk);
        let fronts = 0;
        items.forEach((o, j) => {
          if (j !== i && o.role === "front" && shares(j, sk)) fronts++;
        });
        // a word another pack's maker line names ("Distributed by GLOWMAX Labs") is a company: the brand
        const maker = makers.has(sk) ? 2 : 0;
        if (fronts === 0 && maker === 0) continue;
        const score = Math.min(fronts, 3) + maker - 0.5 * rank;
        if (!best || score > best.score) best = { word, score };
      }
    });
    return best ? (best as { word: string }).word : "Unknown";
  });
}

const MAKER_LINE =
  /\b(?:distributed|manufactured|marketed|made|packed|imported)\s+(?:by|for)\b[:\s]*([^\n]{2,60})/g;

/** Skeleton words of the company named on "Distributed by …" / "Manufactured for …" lines. */
function makerWords(text: string): string[] {
  const out: string[] = [];
  for (const m of foldText(text).matchAll(MAKER_LINE)) {
    for (const w of words(m[1]).slice(0, 3)) {
      const sk = ocrSkeleton(w);
      if (sk.length >= 3 && !GENERIC.has(sk)) out.push(sk);
    }
  }
  return out;
}

/**
 * Hero words OCR misread ("etterAlts") are replaced by the nearest word another photo of the batch shows
 * ("BetterAlt", within one edit, two for long words), so the engine finds a front's name on its back. Words
 * some other photo already shows exactly are left alone.
 */
export function correctHeroLines(items: readonly { heroLines: string[]; text: string }[]): string[][] {
  const where = new Map<string, Set<number>>();
  const form = new Map<string, string>();
  const byLength = new Map<number, string[]>();
  items.forEach((it, i) => {
    for (const raw of it.text.split(/[^\p{L}\p{N}]+/u)) {
      if (raw.length < 4) continue;
      const sk = ocrSkeleton(foldText(raw));
      let set = where.get(sk);
      if (!set) {
        set = new Set();
        where.set(sk, set);
        form.set(sk, raw);
        const bucket = byLength.get(sk.length) ?? [];
        bucket.push(sk);
        byLength.set(sk.length, bucket);
      }
      set.add(i);
    }
  });
  const elsewhere = (sk: string, i: number) => {
    const s = where.get(sk);
    return s ? s.size - (s.has(i) ? 1 : 0) : 0;
  };
  return items.map((it, i) =>
    it.heroLines.map((line) =>
      line
        .split(" ")
        .map((w) => {
          const sk = ocrSkeleton(foldText(w.replace(/[^\p{L}\p{N}]+/gu, "")));
          if (sk.length < 5 || /\d/.test(sk) || elsewhere(sk, i) > 0) return w;
          const k = sk.length >= 9 ? 2 : 1;
          let best: string | null = null;
          let bestCount = 0;
          for (let len = sk.length - k; len <= sk.length + k; len++) {
            for (const v of byLength.get(len) ?? []) {
              const c = elsewhere(v, i);
              if (c > bestCount && withinEdits(sk, v, k)) {
                best = v;
                bestCount = c;
              }
            }
          }
          return best ? (form.get(best) ?? w) : w;
        })
        .join(" "),
    ),
  );
}
