/**
 * OCR with tesseract.js on a pool of workers (one per core). The English model comes from the
 * `@tesseract.js-data/eng` package, so nothing is downloaded at run time.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { createScheduler, createWorker, OEM, type Scheduler } from "tesseract.js";

export interface OcrLine {
  text: string;
  /** tesseract's confidence, 0–100 */
  confidence: number;
  /** line height as a share of the photo's height (what "large text" means) */
  size: number;
  /** top of the line in the view it was read in, as a share of that view's height */
  top: number;
}

export interface OcrResult {
  /** the lines tesseract is reasonably sure of, top to bottom */
  lines: OcrLine[];
}

/** Lines below this confidence are mostly texture read as letters. */
export const MIN_LINE_CONFIDENCE = 45;

function languageDataPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
}

export class OcrPool {
  private scheduler: Scheduler | null = null;
  private starting: Promise<Scheduler> | null = null;

  constructor(readonly workers = Math.max(1, Math.min(4, availableParallelism()))) {}

  private start(): Promise<Scheduler> {
    if (this.scheduler) return Promise.resolve(this.scheduler);
    this.starting ??= (async () => {
      const scheduler = createScheduler();
      const langPath = languageDataPath();
      const workers = await Promise.all(
        Array.from({ length: this.workers }, () =>
          createWorker("eng", OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: "none" }),
        ),
      );
      for (const w of workers) {
        // our renderings carry no DPI (tesseract would guess and warn for every photo), and its diagnostics
        // ("Image too small to scale!!") go to its debug file instead of the user's terminal
        await w.setParameters({ user_defined_dpi: "300", debug_file: "/dev/null" });
        scheduler.addWorker(w);
      }
      this.scheduler = scheduler;
      return scheduler;
    })();
    return this.starting;
  }

  /** Reads one view; `frameShare` is the share of the photo's height the view covers. */
  async read(image: Buffer, imageHeight: number, frameShare = 1): Promise<OcrResult> {
    const scheduler = await this.start();
    const r = await scheduler.addJob("recognize", image, {}, { text: false, blocks: true });
    const lines: OcrLine[] = [];
    for (const block of r.data.blocks ?? []) {
      for (const para of block.paragraphs) {
        for (const line of para.lines) {
          const text = line.text.replace(/\s+/g, " ").trim();
          if (line.confidence < MIN_LINE_CONFIDENCE || !/[A-Za-z0-9]{2}/.test(text)) continue;
          const h = Math.max(1, imageHeight);
          lines.push({
            text,
            confidence: Math.round(line.confidence),
            size: Math.round(((line.bbox.y1 - line.bbox.y0) / h) * frameShare * 10000) / 10000,
            top: Math.round((line.bbox.y0 / h) * 10000) / 10000,
          });
        }
      }
    }
    lines.sort((a, b) => a.top - b.top);
    return { lines };
  }

  async close(): Promise<void> {
    const s = this.scheduler ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.scheduler = null;
    this.starting = null;
    if (s) await s.terminate();
  }
}

/**
 * One reading from several views of the same photo: a line read in two views is kept once (the more
 * confident reading), in the order the views were given.
 */
export function mergeOcr(views: readonly OcrResult[]): OcrResult {
  const byKey = new Map<string, OcrLine>();
  for (const v of views) {
    for (const l of v.lines) {
      const key = l.text.toLowerCase().replace(/[^a-z0-9]+/g, "");
      const prev = byKey.get(key);
      if (!prev || l.confidence > prev.confidence) byKey.set(key, l);
    }
  }
  return { lines: [...byKey.values()] };
}
