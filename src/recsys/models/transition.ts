/**
 * Next-purchase transitions: P(j | i) estimated from consecutive events in users' training histories, scored from
 * the items of the user's latest event. Shop customers move along routines (cleanser, then toner, then serum) and
 * restock within product lines, which order-free co-occurrence (ItemKNN, EASE) cannot tell from "bought together".
 */
import { join } from "node:path";
import { z } from "zod";
import { writeNpy } from "../../lib/npy.js";
import { stageRowMask } from "../data/dataset.js";
import { modelSpec } from "./spec.js";
import { sumRows } from "./topk.js";
import type { TrainedModel, TrainInput, UserContext } from "./types.js";

export interface TransitionParams {
  /** How many later events a purchase links to (1 = only the next event); later links weigh 1/distance. */
  horizon: number;
}

export class TransitionModel implements TrainedModel {
  readonly type = "transition" as const;
  constructor(
    /** Row-normalised n x n transition matrix. */
    readonly t: Float32Array,
    readonly nItems: number,
    readonly params: TransitionParams,
  ) {}

  score(ctx: UserContext, out: Float32Array): void {
    sumRows(this.t, this.nItems, ctx.recent ?? ctx.items, out);
  }

  save(dir: string): string[] {
    writeNpy(join(dir, "S.npy"), this.t, [this.nItems, this.nItems]);
    return ["S.npy"];
  }
}

export function trainTransition(
  input: TrainInput,
  params: TransitionParams = { horizon: 1 },
): TransitionModel {
  const { ds } = input;
  const n = ds.nItems;
  const mask = stageRowMask(ds, input.stage);
  const events = userEvents(ds.user, ds.event, ds.item, ds.ts, mask);
  const t = new Float32Array(n * n);
  for (const list of events.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let d = 1; d <= params.horizon && a + d < list.length; d++) {
        const w = 1 / d;
        for (const i of list[a]!.items) for (const j of list[a + d]!.items) if (i !== j) t[i * n + j]! += w;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * n;
    for (let j = 0; j < n; j++) s += t[o + j]!;
    if (s > 0) for (let j = 0; j < n; j++) t[o + j]! /= s;
  }
  return new TransitionModel(t, n, params);
}

export interface UserEvent {
  ts: number;
  event: number;
  items: number[];
}

/** Each user's training events in time order, with the items of each event. */
export function userEvents(
  user: Int32Array,
  event: Int32Array,
  item: Int32Array,
  ts: Float64Array,
  mask: Uint8Array,
): Map<number, UserEvent[]> {
  const byUser = new Map<number, Map<number, UserEvent>>();
  for (let r = 0; r < mask.length; r++) {
    if (!mask[r]) continue;
    const u = user[r]!;
    let m = byUser.get(u);
    if (!m) {
      m = new Map();
      byUser.set(u, m);
    }
    const e = m.get(event[r]!);
    if (e) {
      e.items.push(item[r]!);
      e.ts = Math.max(e.ts, ts[r]!);
    } else m.set(event[r]!, { ts: ts[r]!, event: event[r]!, items: [item[r]!] });
  }
  const out = new Map<number, UserEvent[]>();
  for (const [u, m] of byUser)
    out.set(
      u,
      [...m.values()].sort((a, b) => a.ts - b.ts || a.event - b.event),
    );
  return out;
}

export const transitionModel = modelSpec<TransitionParams>({
  params: z.object({ horizon: z.coerce.number().int().min(1).max(10).default(1) }).strict(),
  train: trainTransition,
  load: ({ npy, params }) => {
    const s = npy("S.npy");
    return new TransitionModel(s.data, s.shape[0]!, params);
  },
});
