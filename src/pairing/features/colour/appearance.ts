/**
 * Signals our own photo analyser adds to a record (optional fields; a vision-model analysis has none of them):
 * a colour signature of the product and the camera's capture time.
 */
import type { CaptureKey } from "../capture-order/filename.js";

/** The foreground-weighted Lab histogram of `colorSignature.hist`, or null when absent or malformed. */
export function appearanceOf(insight: Record<string, unknown>): Float64Array | null {
  const sig = insight.colorSignature;
  if (!sig || typeof sig !== "object") return null;
  const hist = (sig as { hist?: unknown }).hist;
  if (!Array.isArray(hist) || hist.length < 8) return null;
  const out = new Float64Array(hist.length);
  let total = 0;
  for (let i = 0; i < hist.length; i++) {
    const v = hist[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) return null;
    out[i] = v;
    total += v;
  }
  if (total <= 0) return null;
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/** Histogram intersection in [0, 1]: the share of colour mass two photos have in common. */
export function appearanceSimilarity(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.min(a[i], b[i]);
  return s;
}

/**
 * Histogram overlap as evidence in [-0.5, 1]: unrelated photos of a batch overlap about 0.35 (the hand and
 * the wall are in every shot), the two sides of one pack about 0.7. A back can differ in colour from its
 * front (a white label on a red tub), so a low overlap counts against a pair only half as much as a high
 * one counts for it.
 */
export function appearanceScore(sim: number): number {
  return Math.max(-0.5, Math.min(1, (sim - 0.4) / 0.25));
}

/** EXIF capture time (`captureTime`, ISO 8601) as a capture key; null when absent or unparseable. */
export function captureTimeKey(insight: Record<string, unknown>): CaptureKey | null {
  const t = insight.captureTime;
  if (typeof t !== "string" || t === "") return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? { kind: "time", series: "time", value: ms / 1000 } : null;
}
