/** `pairing analyze <folder>`: every photo of a folder → the standard analysis.json, no cloud model needed. */
import { readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { extname, join } from "node:path";
import { UserError } from "../../lib/errors.js";
import { NO_PROGRESS, type Progress } from "../../lib/progress.js";
import { photoFacts } from "./facts.js";
import { OcrPool } from "./ocr.js";
import { type AnalysisDocument, buildAnalysis, type PhotoItem } from "./records.js";
import type { VisionReader } from "./vision.js";

export const PHOTO_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp"]);

export interface AnalyzeOptions {
  /** cached per-photo facts live here; null = no cache */
  cacheDir: string | null;
  /** a vision model reads the labels instead of OCR (pixels and EXIF stay ours) */
  vision?: VisionReader | null;
  ocrWorkers?: number;
  progress?: (total: number) => Progress;
}

export interface AnalyzeStats {
  photos: number;
  /** entries of the folder that are not photos by extension (sub-folders, .txt, .heic…): listed, not read */
  skipped: string[];
  cached: number;
  unreadable: number;
  /** photos the vision model failed on, read by OCR instead */
  visionFallbacks: number;
  seconds: number;
  secondsPerPhoto: number;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "shelfwise", "photo-facts");
}

/** Photo files of a folder (not recursive), by name, so the output order is stable. */
export function listPhotos(folder: string): string[] {
  return scanFolder(folder).photos;
}

/** The folder's photos, and everything else in it, so nothing is dropped without a word. */
export function scanFolder(folder: string): { photos: string[]; skipped: string[] } {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new UserError(`${folder}: not a folder`);
    names = readdirSync(folder);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${folder}: no such folder`);
  }
  const isPhoto = (n: string) => PHOTO_EXTENSIONS.has(extname(n).toLowerCase());
  const photos = names.filter(isPhoto).sort();
  if (photos.length === 0) {
    throw new UserError(`${folder}: no photos (.jpg, .jpeg, .png, .webp) in this folder`);
  }
  return { photos, skipped: names.filter((n) => !isPhoto(n) && !n.startsWith(".")).sort() };
}

export async function analyzeFolder(
  folder: string,
  opts: AnalyzeOptions,
): Promise<{ analysis: AnalysisDocument; stats: AnalyzeStats }> {
  const t0 = performance.now();
  const { photos: names, skipped } = scanFolder(folder);
  const ocr = new OcrPool(opts.ocrWorkers);
  const bar = (opts.progress ?? (() => NO_PROGRESS))(names.length);
  const items: PhotoItem[] = new Array(names.length);
  let done = 0;
  let cached = 0;
  let fallbacks = 0;
  let next = 0;
  // one more lane than OCR workers, so decoding the next photo overlaps the OCR of the current ones
  const lanes = Math.min(names.length, ocr.workers + 1);
  try {
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < names.length) {
          const i = next++;
          const url = names[i];
          const out = await photoFacts(join(folder, url), { ocr, cacheDir: opts.cacheDir });
          const item: PhotoItem = out.ok
            ? { url, facts: out.facts, error: null }
            : { url, facts: null, error: out.message };
          if (out.ok && out.cached) cached++;
          if (out.ok && opts.vision) {
            item.vision = await opts.vision.read(join(folder, url), out.facts.sha256);
            if (item.vision === null) fallbacks++;
          }
          items[i] = item;
          bar.update(++done, { info: url });
        }
      }),
    );
  } finally {
    bar.stop();
    await ocr.close();
  }
  const analysis = buildAnalysis(items, opts.vision?.model ?? null);
  const seconds = (performance.now() - t0) / 1000;
  return {
    analysis,
    stats: {
      photos: names.length,
      skipped,
      cached,
      unreadable: items.filter((it) => it.facts === null).length,
      visionFallbacks: fallbacks,
      seconds: Math.round(seconds * 100) / 100,
      secondsPerPhoto: Math.round((seconds / names.length) * 1000) / 1000,
    },
  };
}
