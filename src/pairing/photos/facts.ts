/**
 * Everything one photo says on its own (pixels, EXIF, OCR), cached by the file's content hash: a re-run over
 * the same photos reads JSON instead of decoding and OCR-ing them again.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import exifr from "exifr";
import { writeJsonAtomic } from "../../lib/fs.js";
import { mergeOcr, type OcrPool, type OcrResult } from "./ocr.js";
import { type PixelFacts, readPixels } from "./pixels.js";

/** Bump when what is stored per photo changes: old cache entries are then ignored, never misread. */
export const FACTS_VERSION = 3;

export interface PhotoFacts {
  version: number;
  sha256: string;
  bytes: number;
  pixels: PixelFacts;
  ocr: OcrResult;
  /** EXIF DateTimeOriginal (or CreateDate) as ISO 8601, null when the file has none */
  captureTime: string | null;
  /** EXIF orientation tag (1–8) as stored; pixels are read with it applied */
  orientation: number | null;
  /** why OCR read nothing, when it failed (the photo is analysed without text) */
  ocrError: string | null;
}

export type FactsOutcome =
  | { ok: true; facts: PhotoFacts; cached: boolean }
  | { ok: false; sha256: string; message: string };

export interface FactsDeps {
  ocr: OcrPool;
  /** folder for cached facts; null disables the cache */
  cacheDir: string | null;
}

export function contentHash(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * What sharp says went wrong decoding a photo, without the libvips detail it appends after a colon
 * ("Input buffer has corrupt header: VipsJpeg: premature end of JPEG image"). libvips keeps one error buffer for
 * the whole process, so while other photos decode that detail can be another photo's, or empty: the same file
 * read twice gave two different messages.
 */
export function decodeFailure(e: unknown): string {
  const first = String((e as Error)?.message ?? e).split("\n")[0];
  const colon = first.indexOf(":");
  return colon > 0 ? first.slice(0, colon) : first;
}

/** Reads one photo. A file that cannot be decoded is an outcome, not an exception: the batch goes on. */
export async function photoFacts(path: string, deps: FactsDeps): Promise<FactsOutcome> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    return { ok: false, sha256: "", message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
  const sha256 = contentHash(data);
  if (data.length === 0) return { ok: false, sha256, message: "empty file (0 bytes)" };
  const cacheFile = deps.cacheDir ? join(deps.cacheDir, `v${FACTS_VERSION}-${sha256}.json`) : null;
  if (cacheFile) {
    try {
      const hit = JSON.parse(readFileSync(cacheFile, "utf8")) as PhotoFacts;
      if (hit.version === FACTS_VERSION && hit.sha256 === sha256)
        return { ok: true, facts: hit, cached: true };
    } catch {
      // no entry (or a damaged one): analyse afresh and overwrite it
    }
  }
  let decoded: Awaited<ReturnType<typeof readPixels>>;
  let ocrError: string | null = null;
  try {
    decoded = await readPixels(data);
  } catch (e) {
    return { ok: false, sha256, message: `cannot decode image: ${decodeFailure(e)}` };
  }
  const [exif, ...views] = await Promise.all([
    readExif(data),
    // a view OCR chokes on reads as no text (and says so): the photo keeps its colours, the batch goes on
    ...decoded.ocrViews.map((v) =>
      deps.ocr.read(v.image, v.height, v.frameShare).catch((e: unknown) => {
        ocrError = `OCR failed: ${String((e as Error)?.message ?? e).slice(0, 200)}`;
        return { lines: [] };
      }),
    ),
  ]);
  const ocr = mergeOcr(views);
  const facts: PhotoFacts = {
    version: FACTS_VERSION,
    sha256,
    bytes: data.length,
    pixels: decoded.facts,
    ocr,
    captureTime: exif.captureTime,
    orientation: exif.orientation,
    ocrError,
  };
  // a failed OCR is worth retrying next run, so only complete readings are cached
  if (cacheFile && ocrError === null) writeJsonAtomic(cacheFile, facts);
  return { ok: true, facts, cached: false };
}

async function readExif(data: Buffer): Promise<{ captureTime: string | null; orientation: number | null }> {
  try {
    const e = (await exifr.parse(data, {
      tiff: true,
      exif: true,
      translateValues: false,
      reviveValues: true,
    })) as Record<string, unknown> | undefined;
    const t = e?.DateTimeOriginal ?? e?.CreateDate;
    const time = t instanceof Date && Number.isFinite(t.getTime()) ? t.toISOString() : null;
    const o = e?.Orientation;
    return { captureTime: time, orientation: typeof o === "number" ? o : null };
  } catch {
    // no EXIF block, or one exifr cannot parse: the photo is still usable without it
    return { captureTime: null, orientation: null };
  }
}
