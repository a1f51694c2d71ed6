/** ItemKNN: cosine similarity between item columns of the interaction matrix, pruned to K neighbours per item. */
import { join } from "node:path";
import { z } from "zod";
import { writeNpy } from "../../lib/npy.js";
import { transpose } from "../data/dataset.js";
import { modelSpec } from "./spec.js";
import { sumRows } from "./topk.js";
import type { TrainedModel, TrainInput, UserContext } from "./types.js";

export interface ItemKnnParams {
  k: number;
  /** Shrinks similarities backed by few co-occurrences: sim * n / (n + shrink). */
  shrink: number;
}

export class ItemKnnModel implements TrainedModel {
  readonly type = "itemknn" as const;
  constructor(
    /** Dense n x n, row j = neighbours of item j (zeros outside the top K). */
    readonly sim: Float32Array,
    readonly nItems: number,
    readonly params: ItemKnnParams,
  ) {}

  score(ctx: UserContext, out: Float32Array): void {
    sumRows(this.sim, this.nItems, ctx.items, out);
  }

  save(dir: string): string[] {
    writeNpy(join(dir, "S.npy"), this.sim, [this.nItems, this.nItems]);
    return ["S.npy"];
  }
}

export function trainItemKnn(
  input: TrainInput,
  params: ItemKnnParams = { k: 100, shrink: 10 },
): ItemKnnModel {
  const n = input.ds.nItems;
  const m = input.train;
  const co = new Float32Array(n * n);
  const bar = input.progress("itemknn", m.rows);
  // Binary co-occurrence counts, user by user.
  for (let u = 0; u < m.rows; u++) {
    const a = m.indptr[u]!;
    const b = m.indptr[u + 1]!;
    for (let p = a; p < b; p++) {
      const i = m.indices[p]! * n;
      for (let q = a; q < b; q++) co[i + m.indices[q]!]! += 1;
    }
    if ((u & 16383) === 0) bar.update(u);
  }
  bar.update(m.rows);
  bar.stop();
  const norm = new Float64Array(n);
  const t = transpose(m);
  for (let i = 0; i < n; i++) norm[i] = Math.sqrt(t.indptr[i + 1]! - t.indptr[i]!);
  const sim = new Float32Array(n * n);
  const row = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const c = co[o + j]!;
      row[j] = i === j || c === 0 ? 0 : (c / (norm[i]! * norm[j]!)) * (c / (c + params.shrink));
    }
    keepTopK(row, params.k);
    sim.set(row, o);
  }
  return new ItemKnnModel(sim, n, params);
}

/** Zeroes all but the k largest entries of a row (in place). */
export function keepTopK(row: Float32Array, k: number): void {
  let nonzero = 0;
  for (let j = 0; j < row.length; j++) if (row[j]! > 0) nonzero++;
  if (nonzero <= k) return;
  const sorted = Float32Array.from(row).sort();
  const cut = sorted[row.length - k]!;
  let kept = 0;
  for (let j = 0; j < row.length; j++) {
    if (row[j]! > cut && kept < k) kept++;
    else if (row[j]! < cut) row[j] = 0;
  }
  // Entries equal to the cut fill the remaining slots, lowest index first.
  for (let j = 0; j < row.length; j++) {
    if (row[j] === cut) {
      if (kept < k) kept++;
      else row[j] = 0;
    }
  }
}

export const itemKnnModel = modelSpec<ItemKnnParams>({
  params: z
    .object({ k: z.coerce.number().int().min(1).default(100), shrink: z.coerce.number().min(0).default(10) })
    .strict(),
  train: trainItemKnn,
  load: ({ npy, params }) => {
    const s = npy("S.npy");
    return new ItemKnnModel(s.data, s.shape[0]!, params);
  },
});
