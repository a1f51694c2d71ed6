/**
 * Segmentation and the temporal split. Trainable users have enough history for collaborative filtering; the item
 * filter keeps items with enough positives from them (iterated, since dropping items can drop users); each
 * trainable user's latest (positive) event is the test event, the one before it the validation event, and later
 * rows are never trained on.
 */

import type { Interaction } from "./clean.js";
import type { SegmentationConfig } from "./presets.js";

export const SPLITS = ["train", "train_late", "val", "test", "future"] as const;
export type Split = (typeof SPLITS)[number];
export const SPLIT_CODE: Record<Split, number> = { train: 0, train_late: 1, val: 2, test: 3, future: 4 };

export interface SegmentResult {
  rows: Interaction[];
  split: Split[];
  users: string[];
  items: string[];
  trainable: Set<string>;
  filterRounds: number;
  droppedItems: number;
  droppedRowsByItemFilter: number;
  counts: Record<Split, number>;
}

interface EventInfo {
  user: string;
  ts: number;
  positive: boolean;
  rows: number[];
}

export function segmentAndSplit(
  interactions: Interaction[],
  catalogue: readonly string[],
  cfg: SegmentationConfig,
): SegmentResult {
  let rows = interactions;
  let rounds = 0;
  let keptItems = new Set(catalogue);
  if (cfg.minItemPositives > 0) {
    for (;;) {
      rounds++;
      const trainable = trainableUsers(rows, cfg);
      const positives = new Map<string, number>();
      for (const r of rows) {
        if (r.rating >= cfg.positiveRating && trainable.has(r.user)) {
          positives.set(r.product, (positives.get(r.product) ?? 0) + 1);
        }
      }
      const next = new Set([...keptItems].filter((p) => (positives.get(p) ?? 0) >= cfg.minItemPositives));
      const nextRows = rows.filter((r) => next.has(r.product));
      const stable = next.size === keptItems.size && nextRows.length === rows.length;
      keptItems = next;
      rows = nextRows;
      if (stable || rounds > 50) break;
    }
  }
  const items = catalogue.filter((p) => keptItems.has(p));
  const trainable = trainableUsers(rows, cfg);

  const events = new Map<number, EventInfo>();
  rows.forEach((r, i) => {
    const e = events.get(r.event);
    if (e) {
      e.rows.push(i);
      e.positive ||= r.rating >= cfg.positiveRating;
      e.ts = Math.max(e.ts, r.ts);
    } else {
      events.set(r.event, { user: r.user, ts: r.ts, positive: r.rating >= cfg.positiveRating, rows: [i] });
    }
  });
  const byUser = new Map<string, number[]>();
  for (const [id, e] of events) {
    const list = byUser.get(e.user);
    if (list) list.push(id);
    else byUser.set(e.user, [id]);
  }
  const split: Split[] = new Array(rows.length).fill("train");
  const mark = (eventId: number, s: Split) => {
    for (const i of events.get(eventId)!.rows) split[i] = s;
  };
  const pickHoldout = (ids: number[]): number => {
    for (let k = ids.length - 1; k >= 0; k--) {
      if (cfg.holdout === "latest" || events.get(ids[k]!)!.positive) return k;
    }
    return -1;
  };
  for (const user of trainable) {
    const ids = byUser.get(user)!;
    ids.sort((a, b) => events.get(a)!.ts - events.get(b)!.ts || a - b);
    const t = pickHoldout(ids);
    // A holdout needs at least one earlier event to learn from.
    if (t < 1) continue;
    mark(ids[t]!, "test");
    for (let k = t + 1; k < ids.length; k++) mark(ids[k]!, "future");
    const before = ids.slice(0, t);
    const v = pickHoldout(before);
    if (v < 1) continue;
    mark(before[v]!, "val");
    for (let k = v + 1; k < before.length; k++) mark(before[k]!, "train_late");
  }
  const users = [...byUser.keys()].sort(compareIds);
  const counts = { train: 0, train_late: 0, val: 0, test: 0, future: 0 } as Record<Split, number>;
  for (const s of split) counts[s]++;
  return {
    rows,
    split,
    users,
    items,
    trainable,
    filterRounds: rounds,
    droppedItems: catalogue.length - items.length,
    droppedRowsByItemFilter: interactions.length - rows.length,
    counts,
  };
}

function trainableUsers(rows: Interaction[], cfg: SegmentationConfig): Set<string> {
  const eventsOf = new Map<string, Set<number>>();
  const positive = new Set<string>();
  for (const r of rows) {
    let s = eventsOf.get(r.user);
    if (!s) {
      s = new Set();
      eventsOf.set(r.user, s);
    }
    s.add(r.event);
    if (r.rating >= cfg.positiveRating) positive.add(r.user);
  }
  const out = new Set<string>();
  for (const [u, s] of eventsOf) {
    if (s.size >= cfg.minInteractions && (!cfg.requirePositive || positive.has(u))) out.add(u);
  }
  return out;
}

/** Numeric ids sort numerically, others as text, so mappings read naturally. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && a.trim() !== "" && b.trim() !== "")
    return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
