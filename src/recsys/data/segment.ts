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
  // Users and items as integers once, so the filter rounds run on typed arrays.
  const ids = integerIds(interactions, catalogue);
  const keep = new Uint8Array(interactions.length).fill(1);
  for (let r = 0; r < keep.length; r++) if (ids.item[r]! < 0) keep[r] = 0;
  let rounds = 0;
  const keptItem = new Uint8Array(catalogue.length).fill(1);
  if (cfg.minItemPositives > 0) {
    for (;;) {
      rounds++;
      const trainable = trainableMask(interactions, ids, keep, cfg);
      const positives = new Int32Array(catalogue.length);
      for (let r = 0; r < keep.length; r++) {
        if (keep[r] && interactions[r]!.rating >= cfg.positiveRating && trainable[ids.user[r]!])
          positives[ids.item[r]!]!++;
      }
      let changed = false;
      for (let i = 0; i < keptItem.length; i++) {
        if (keptItem[i] && positives[i]! < cfg.minItemPositives) {
          keptItem[i] = 0;
          changed = true;
        }
      }
      for (let r = 0; r < keep.length; r++) if (keep[r] && !keptItem[ids.item[r]!]) keep[r] = 0;
      if (!changed || rounds > 50) break;
    }
  }
  const rows = interactions.filter((_, r) => keep[r]);
  const items = catalogue.filter((_, i) => keptItem[i]);
  const trainableFlags = trainableMask(interactions, ids, keep, cfg);
  const trainable = new Set(ids.users.filter((_, u) => trainableFlags[u]));

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

interface IntegerIds {
  user: Int32Array;
  item: Int32Array;
  users: string[];
  maxEvent: number;
}

function integerIds(rows: Interaction[], catalogue: readonly string[]): IntegerIds {
  const userIdx = new Map<string, number>();
  const itemIdx = new Map(catalogue.map((p, i) => [p, i]));
  const users: string[] = [];
  const user = new Int32Array(rows.length);
  const item = new Int32Array(rows.length);
  let maxEvent = 0;
  rows.forEach((r, k) => {
    let u = userIdx.get(r.user);
    if (u === undefined) {
      u = users.length;
      userIdx.set(r.user, u);
      users.push(r.user);
    }
    user[k] = u;
    item[k] = itemIdx.get(r.product) ?? -1;
    if (r.event > maxEvent) maxEvent = r.event;
  });
  return { user, item, users, maxEvent };
}

/** Per user: enough distinct events, and a positive one if required. Runs once per filter round. */
function trainableMask(
  rows: Interaction[],
  ids: IntegerIds,
  keep: Uint8Array,
  cfg: SegmentationConfig,
): Uint8Array {
  const seenEvent = new Uint8Array(ids.maxEvent + 1);
  const events = new Int32Array(ids.users.length);
  const positive = new Uint8Array(ids.users.length);
  for (let r = 0; r < keep.length; r++) {
    if (!keep[r]) continue;
    const row = rows[r]!;
    const u = ids.user[r]!;
    if (!seenEvent[row.event]) {
      seenEvent[row.event] = 1;
      events[u]!++;
    }
    if (row.rating >= cfg.positiveRating) positive[u] = 1;
  }
  const out = new Uint8Array(ids.users.length);
  for (let u = 0; u < out.length; u++)
    out[u] = events[u]! >= cfg.minInteractions && (!cfg.requirePositive || positive[u]) ? 1 : 0;
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
