/** Review timestamps in the formats shops export, to epoch seconds (shop-local time read as UTC). */

const YMD =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const EPOCH = /^\d{10}(\d{3})?$/;
const INTEGER = /^\d{1,16}$/;

/**
 * How a date column is written, decided from the whole column: calendar dates (parsed row by row), or, when every
 * value is a plain integer, Unix milliseconds (≥ 1e11, i.e. 1973 on), Unix seconds (≥ 1e8) or else sequence
 * positions (an order, no clock).
 */
export type TimestampKind = "calendar" | "epoch_ms" | "epoch_s" | "sequence";

export const TIMESTAMP_KIND_TEXT: Record<TimestampKind, string> = {
  calendar: "calendar dates and times",
  epoch_ms: "Unix milliseconds",
  epoch_s: "Unix seconds",
  sequence: "sequence integers (order only; spaced one day apart)",
};

/** A sequence position becomes this many seconds: order is kept and no two events fall in one minute. */
export const SEQUENCE_STEP_SECONDS = 86_400;

export function timestampKind(values: readonly (string | null)[]): TimestampKind {
  let integers = 0;
  let max = 0;
  for (const v of values) {
    const t = v?.trim();
    if (!t) continue;
    if (!INTEGER.test(t)) return "calendar";
    integers++;
    max = Math.max(max, Number(t));
  }
  if (integers === 0) return "calendar";
  if (max >= 1e11) return "epoch_ms";
  return max >= 1e8 ? "epoch_s" : "sequence";
}

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Rejects 31/02 and friends, which Date.UTC would roll over silently.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms / 1000;
}

/**
 * Parses `date` (ISO, yyyy-mm-dd [hh:mm[:ss]], d/m/yyyy, m/d/yyyy, or epoch seconds/ms) plus an optional separate
 * `time` (hh:mm[:ss]). Returns null for anything missing or impossible; the caller drops and reports such rows.
 */
export function parseTimestamp(
  date: string | null | undefined,
  time?: string | null,
  order: "dmy" | "mdy" = "dmy",
  kind: TimestampKind = "calendar",
): number | null {
  const d = (date ?? "").trim();
  if (!d) return null;
  if (kind !== "calendar") {
    if (!INTEGER.test(d)) return null;
    const n = Number(d);
    return kind === "epoch_ms" ? n / 1000 : kind === "epoch_s" ? n : n * SEQUENCE_STEP_SECONDS;
  }
  let base: number | null;
  const ymd = YMD.exec(d);
  const m = ymd ?? DMY.exec(d);
  if (ymd) {
    base = build(+ymd[1]!, +ymd[2]!, +ymd[3]!, +(ymd[4] ?? 0), +(ymd[5] ?? 0), +(ymd[6] ?? 0));
  } else if (m) {
    const first = +m[1]!;
    const second = +m[2]!;
    let day = order === "dmy" ? first : second;
    let month = order === "dmy" ? second : first;
    // An impossible month settles the order whatever the preset says.
    if (month > 12 && day <= 12) [day, month] = [month, day];
    base = build(+m[3]!, month, day, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  } else if (EPOCH.test(d)) {
    const n = Number(d);
    base = d.length === 13 ? n / 1000 : n;
  } else {
    return null;
  }
  if (base === null) return null;
  const t = (time ?? "").trim();
  if (!t) return base;
  const tm = TIME.exec(t);
  if (!tm) return null;
  const h = +tm[1]!;
  const mi = +tm[2]!;
  const s = +(tm[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  return base + h * 3600 + mi * 60 + s;
}
