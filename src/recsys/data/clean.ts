/**
 * Review cleaning: parse, validate, merge copies of one review across variant SKUs into one event, and keep one
 * row per (user, product). Every dropped row is counted by reason, and the first few of each are kept with their
 * file, record, column and value so the report can say exactly what was wrong.
 */
import { confidenceOf } from "./confidence.js";
import { parseTimestamp, type TimestampKind, timestampKind } from "./dates.js";

export interface RawReviews {
  file: string;
  user: (string | null)[];
  product: (string | null)[];
  /** absent for implicit feedback (a log of clicks or purchases) */
  rating?: (string | null)[];
  date: (string | null)[];
  time?: (string | null)[];
  text?: (string | null)[];
  /** Source column of each canonical field, for messages. */
  columnOf: Record<string, string>;
}

export type DropReason =
  | "missing_user"
  | "missing_product"
  | "unknown_product"
  | "missing_timestamp"
  | "bad_timestamp"
  | "bad_rating"
  | "rating_out_of_range"
  | "duplicate_user_product";

export interface RowIssue {
  file: string;
  /** 0-based data record (header excluded); the report turns it into a line number. */
  record: number;
  column: string;
  value: string;
  reason: DropReason;
}

export interface Interaction {
  user: string;
  product: string;
  rating: number;
  /** Epoch seconds. */
  ts: number;
  confidence: number;
  /** Index of the merged event (one review, possibly across several variant SKUs). */
  event: number;
  record: number;
}

export interface CleanStep {
  step: string;
  rows: number;
  note?: string;
}

export interface CleanResult {
  interactions: Interaction[];
  /** explicit ratings, or implicit feedback (no rating column, or one value in all of it): then every row is a positive */
  feedback: string;
  /** how the date column was read */
  timestamps: TimestampKind;
  events: number;
  steps: CleanStep[];
  dropped: Partial<Record<DropReason, number>>;
  issues: RowIssue[];
  mergedCopies: number;
}

const ISSUE_SAMPLE = 20;

/** Implicit feedback is stored at the top of the scale, so every model's positive threshold counts it. */
const IMPLICIT_RATING = 5;

/** The one numeric value every filled cell holds, if there is exactly one. */
function singleValue(column: readonly (string | null)[]): number | undefined {
  let value: number | undefined;
  for (const v of column) {
    const t = v?.trim();
    if (!t) continue;
    const n = Number(t);
    if (!Number.isFinite(n)) return undefined;
    if (value === undefined) value = n;
    else if (n !== value) return undefined;
  }
  return value;
}

export function cleanReviews(
  raw: RawReviews,
  catalogue: ReadonlySet<string>,
  dateOrder: "dmy" | "mdy",
): CleanResult {
  const n = raw.user.length;
  const dropped: Partial<Record<DropReason, number>> = {};
  const issues: RowIssue[] = [];
  const perReason: Partial<Record<DropReason, number>> = {};
  const drop = (record: number, field: string, value: string | null | undefined, reason: DropReason) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
    const seen = perReason[reason] ?? 0;
    if (seen < ISSUE_SAMPLE) {
      issues.push({
        file: raw.file,
        record,
        column: raw.columnOf[field] ?? field,
        value: value ?? "",
        reason,
      });
      perReason[reason] = seen + 1;
    }
  };
  const steps: CleanStep[] = [{ step: "read", rows: n }];
  const timestamps = timestampKind(raw.date);
  const single = raw.rating ? singleValue(raw.rating) : undefined;
  // one value in the whole column (1 for every click, say) carries no preference: any such value is implicit
  const implicitScale = !raw.rating || single !== undefined;
  const feedback = !raw.rating
    ? `implicit (no rating column): every row is a positive, stored as rating ${IMPLICIT_RATING}`
    : single !== undefined
      ? `implicit (every rating is ${single}): every row is a positive, stored as rating ${IMPLICIT_RATING}`
      : "explicit ratings 1-5";
  const rows: { user: string; product: string; rating: number; ts: number; text: string; record: number }[] =
    [];
  for (let i = 0; i < n; i++) {
    const user = raw.user[i]?.trim();
    const product = raw.product[i]?.trim();
    if (!user) {
      drop(i, "user_id", raw.user[i], "missing_user");
      continue;
    }
    if (!product) {
      drop(i, "product_id", raw.product[i], "missing_product");
      continue;
    }
    const dateText = raw.date[i];
    if (!dateText?.trim()) {
      drop(i, "date", dateText, "missing_timestamp");
      continue;
    }
    const ts = parseTimestamp(dateText, raw.time?.[i], dateOrder, timestamps);
    if (ts === null) {
      drop(i, "date", `${dateText}${raw.time?.[i] ? ` ${raw.time[i]}` : ""}`, "bad_timestamp");
      continue;
    }
    const ratingText = raw.rating ? (raw.rating[i]?.trim() ?? "") : String(IMPLICIT_RATING);
    const rating = Number(ratingText);
    if (!ratingText || !Number.isFinite(rating)) {
      drop(i, "rating", ratingText, "bad_rating");
      continue;
    }
    if (!implicitScale && (rating < 1 || rating > 5)) {
      drop(i, "rating", ratingText, "rating_out_of_range");
      continue;
    }
    if (!catalogue.has(product)) {
      drop(i, "product_id", product, "unknown_product");
      continue;
    }
    rows.push({
      user,
      product,
      rating: implicitScale ? IMPLICIT_RATING : Math.round(rating),
      ts,
      text: raw.text?.[i] ?? "",
      record: i,
    });
  }
  steps.push({ step: "valid rows (ids, timestamp, rating 1-5, known product)", rows: rows.length });

  // One review copied across variant SKUs: same user, same minute, same text -> one event.
  const eventOf = new Map<string, number>();
  const eventIds = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    // Copies carry the same text; case and spacing are the only drift worth forgiving.
    const key = `${r.user}\u0001${Math.floor(r.ts / 60)}\u0001${r.text.trim().replace(/\s+/g, " ").toLowerCase()}`;
    let e = eventOf.get(key);
    if (e === undefined) {
      e = eventOf.size;
      eventOf.set(key, e);
    }
    eventIds[i] = e;
  });
  const mergedCopies = rows.length - eventOf.size;
  steps.push({
    step: "events after merging copies across variant SKUs",
    rows: eventOf.size,
    note: `${mergedCopies} rows were copies of another row's review`,
  });

  // One row per (user, product): the latest, then the highest rating.
  const best = new Map<string, number>();
  rows.forEach((r, i) => {
    const key = `${r.user}\u0001${r.product}`;
    const j = best.get(key);
    if (j === undefined) {
      best.set(key, i);
      return;
    }
    const o = rows[j]!;
    const better = r.ts > o.ts || (r.ts === o.ts && r.rating > o.rating);
    const loser = better ? j : i;
    drop(rows[loser]!.record, "product_id", rows[loser]!.product, "duplicate_user_product");
    if (better) best.set(key, i);
  });
  const keep = [...best.values()].sort((a, b) => a - b);
  const interactions: Interaction[] = keep.map((i) => {
    const r = rows[i]!;
    return {
      user: r.user,
      product: r.product,
      rating: r.rating,
      ts: r.ts,
      confidence: confidenceOf(r.rating, r.text),
      event: eventIds[i]!,
      record: r.record,
    };
  });
  // Renumber events densely over the kept rows.
  const dense = new Map<number, number>();
  for (const it of interactions) {
    let d = dense.get(it.event);
    if (d === undefined) {
      d = dense.size;
      dense.set(it.event, d);
    }
    it.event = d;
  }
  steps.push({ step: "one row per (user, product): latest, then highest rating", rows: interactions.length });
  return { interactions, feedback, timestamps, events: dense.size, steps, dropped, issues, mergedCopies };
}

export interface OutlierReport {
  heavyUsers: { user: string; rows: number }[];
  userRowsP99: number;
  burstEvents: { user: string; minute: string; products: number }[];
  ratingHistogram: Record<string, number>;
  topProductShare: number;
}

/** Outliers are reported, not dropped: they may be real (a loyal customer) or not (a bot). */
export function findOutliers(interactions: Interaction[]): OutlierReport {
  const perUser = new Map<string, number>();
  const perEvent = new Map<number, { user: string; ts: number; n: number }>();
  const perProduct = new Map<string, number>();
  const ratingHistogram: Record<string, number> = {};
  for (const it of interactions) {
    perUser.set(it.user, (perUser.get(it.user) ?? 0) + 1);
    perProduct.set(it.product, (perProduct.get(it.product) ?? 0) + 1);
    const e = perEvent.get(it.event);
    if (e) e.n++;
    else perEvent.set(it.event, { user: it.user, ts: it.ts, n: 1 });
    ratingHistogram[String(it.rating)] = (ratingHistogram[String(it.rating)] ?? 0) + 1;
  }
  const counts = [...perUser.values()].sort((a, b) => a - b);
  const p99 = counts[Math.floor(counts.length * 0.99)] ?? 0;
  const limit = Math.max(20, p99 * 3);
  const heavyUsers = [...perUser.entries()]
    .filter(([, c]) => c > limit)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([user, rows]) => ({ user, rows }));
  const burstEvents = [...perEvent.values()]
    .filter((e) => e.n >= 5)
    .sort((a, b) => b.n - a.n)
    .slice(0, 20)
    .map((e) => ({ user: e.user, minute: new Date(e.ts * 1000).toISOString().slice(0, 16), products: e.n }));
  const top = Math.max(0, ...perProduct.values());
  return {
    heavyUsers,
    userRowsP99: p99,
    burstEvents,
    ratingHistogram,
    topProductShare: top / Math.max(1, interactions.length),
  };
}
