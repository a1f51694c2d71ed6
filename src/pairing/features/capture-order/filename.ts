/**
 * What a file name says about capture: a camera timestamp (IMG_20251231_184446, PXL_20251115_142814123,
 * 20251115_142814) or a sequence number (IMG_4821, DSC_0012). Random names say nothing.
 */
export interface CaptureKey {
  kind: "time" | "seq";
  /** camera/series prefix: sequence numbers are only comparable within one series */
  series: string;
  value: number;
}

export interface UrlParts {
  folder: string;
  basename: string;
  stem: string;
}

export function splitUrl(url: string): UrlParts {
  const u = url.replace(/\\/g, "/");
  const slash = u.lastIndexOf("/");
  const folder = slash >= 0 ? u.slice(0, slash) : "";
  const basename = slash >= 0 ? u.slice(slash + 1) : u;
  const dot = basename.lastIndexOf(".");
  return { folder, basename, stem: dot > 0 ? basename.slice(0, dot) : basename };
}

const TIME_RE = /(?:^|[^0-9])(20\d{2})(\d{2})(\d{2})[_-]?(\d{2})(\d{2})(\d{2})(\d{0,3})(?:[^0-9]|$)/;
const SEQ_RE = /^([A-Za-z]{2,5})[_-]?(\d{3,6})(?:[^0-9].*)?$/;

export function captureKey(stem: string): CaptureKey | null {
  const t = TIME_RE.exec(stem);
  if (t) {
    const [, y, mo, d, h, mi, s, ms] = t;
    const secs = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) / 1000 + (ms ? Number(`0.${ms}`) : 0);
    if (Number.isFinite(secs)) return { kind: "time", series: "time", value: secs };
  }
  const q = SEQ_RE.exec(stem);
  if (q) return { kind: "seq", series: q[1].toUpperCase(), value: Number(q[2]) };
  return null;
}

/**
 * Rank of every image in capture order (null for names without a capture key). Ranks are dense across one
 * series, so "adjacent" means "shot one after the other", whatever the numbering gaps.
 */
export function captureRanks(keys: (CaptureKey | null)[]): (number | null)[] {
  const idx = keys
    .map((k, i) => [k, i] as const)
    .filter((x): x is readonly [CaptureKey, number] => x[0] !== null);
  idx.sort((a, b) =>
    a[0].series < b[0].series ? -1 : a[0].series > b[0].series ? 1 : a[0].value - b[0].value,
  );
  const ranks: (number | null)[] = keys.map(() => null);
  let seriesBase = 0;
  let prevSeries = "";
  idx.forEach(([k, i], r) => {
    if (k.series !== prevSeries) {
      // a gap between series so that the last of one and the first of the next are never neighbours
      seriesBase += 1000;
      prevSeries = k.series;
    }
    ranks[i] = seriesBase + r;
  });
  return ranks;
}

/** Proximity in [0, 1] from the distance in capture ranks. */
export function proximityFromRanks(a: number | null, b: number | null): number {
  if (a === null || b === null || a === b) return 0;
  return closenessFromDistance(Math.abs(a - b));
}

/** Closeness in [0, 1] of two places in capture order `d` shots apart (d may be fractional, as predicted). */
export function closenessFromDistance(d: number): number {
  return d <= 1 ? 1 : d <= 2 ? 0.6 : d <= 3 ? 0.35 : d <= 5 ? 0.15 : 0;
}
