/**
 * Content model: items are close when their Vietnamese product text is. Either an exact TF-IDF cosine matrix
 * (S.npy), or dense embeddings (V.npy) from truncated SVD or imported from elsewhere (e.g. PhoBERT vectors).
 * A user's profile is the confidence-weighted sum of their items' vectors.
 */
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile } from "../../lib/fs.js";
import { readNpyFloat32, writeNpy } from "../../lib/npy.js";
import { keepTopK } from "./itemknn.js";
import { modelSpec } from "./spec.js";
import { truncatedSvd } from "./svd.js";
import { sparseSelfSimilarity, tfidf, weightedProductText } from "./text-features.js";
import { sumRows } from "./topk.js";
import { ModelError, type TrainedModel, type TrainInput, type UserContext } from "./types.js";

export interface ContentParams {
  /** 0: exact TF-IDF cosine kept as a neighbour matrix; > 0: SVD embeddings of this size. */
  svdDims: number;
  neighbours: number;
  embeddings?: string;
  embeddingIds?: string;
}

export const CONTENT_DEFAULTS: ContentParams = { svdDims: 0, neighbours: 200 };

export class ContentModel implements TrainedModel {
  readonly type = "content" as const;
  constructor(
    readonly nItems: number,
    readonly params: ContentParams,
    /** n x n neighbour similarities, or undefined when embeddings are used. */
    readonly sim?: Float32Array,
    /** n x dims L2-normalised embeddings. */
    readonly emb?: Float32Array,
    readonly dims = 0,
  ) {}

  score(ctx: UserContext, out: Float32Array): void {
    const n = this.nItems;
    out.fill(0);
    if (this.sim) {
      sumRows(this.sim, n, ctx.items, out, ctx.conf);
      return;
    }
    const emb = this.emb!;
    const d = this.dims;
    const profile = new Float64Array(d);
    for (let h = 0; h < ctx.items.length; h++) {
      const o = ctx.items[h]! * d;
      const w = ctx.conf[h] ?? 1;
      for (let k = 0; k < d; k++) profile[k]! += w * emb[o + k]!;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) s += emb[o + k]! * profile[k]!;
      out[i] = s;
    }
  }

  /** Cosine similarity of two items (for diversity metrics and similar-item lists). */
  similarity(i: number, j: number): number {
    if (this.sim) return this.sim[i * this.nItems + j]!;
    const d = this.dims;
    let s = 0;
    for (let k = 0; k < d; k++) s += this.emb![i * d + k]! * this.emb![j * d + k]!;
    return s;
  }

  save(dir: string): string[] {
    if (this.sim) {
      writeNpy(join(dir, "S.npy"), this.sim, [this.nItems, this.nItems]);
      return ["S.npy"];
    }
    writeNpy(join(dir, "V.npy"), this.emb!, [this.nItems, this.dims]);
    return ["V.npy"];
  }
}

export function trainContent(input: TrainInput, params: ContentParams = CONTENT_DEFAULTS): ContentModel {
  const { ds } = input;
  const n = ds.nItems;
  if (params.embeddings) return importEmbeddings(input, params);
  const bar = input.progress("content", 2);
  const x = tfidf(ds.products.map(weightedProductText));
  bar.update(1);
  let model: ContentModel;
  if (params.svdDims > 0) {
    const emb = truncatedSvd(x, params.svdDims, input.seed);
    const d = emb.length / n;
    normaliseRows(emb, n, d);
    model = new ContentModel(n, params, undefined, emb, d);
  } else {
    const sim = sparseSelfSimilarity(x);
    const row = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      row.set(sim.subarray(i * n, i * n + n));
      row[i] = 0;
      keepTopK(row, params.neighbours);
      sim.set(row, i * n);
    }
    model = new ContentModel(n, params, sim);
  }
  bar.update(2);
  bar.stop();
  return model;
}

function importEmbeddings(input: TrainInput, params: ContentParams): ContentModel {
  const { ds } = input;
  if (!params.embeddingIds)
    throw new ModelError("--embeddings needs --embedding-ids (a JSON array of product ids, one per row)");
  const m = readNpyFloat32(params.embeddings!);
  const ids = readJsonFile(params.embeddingIds);
  if (!Array.isArray(ids) || m.shape.length !== 2 || ids.length !== m.shape[0]) {
    throw new ModelError(
      `${params.embeddingIds}: expected a JSON array of ${m.shape[0]} product ids matching ${params.embeddings} rows`,
    );
  }
  const d = m.shape[1]!;
  const row = new Map(ids.map((id, i) => [String(id), i]));
  const emb = new Float32Array(ds.nItems * d);
  let found = 0;
  ds.itemIds.forEach((id, i) => {
    const r = row.get(id);
    if (r === undefined) return;
    found++;
    emb.set(m.data.subarray(r * d, r * d + d), i * d);
  });
  if (found === 0)
    throw new ModelError(`${params.embeddingIds}: none of the ids match the catalogue's product ids`);
  normaliseRows(emb, ds.nItems, d);
  return new ContentModel(ds.nItems, { ...params, svdDims: 0 }, undefined, emb, d);
}

export function normaliseRows(a: Float32Array, rows: number, d: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += a[r * d + k]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < d; k++) a[r * d + k]! *= inv;
  }
}

export const contentModel = modelSpec<ContentParams>({
  params: z
    .object({
      svdDims: z.coerce.number().int().min(0).max(1024).default(CONTENT_DEFAULTS.svdDims),
      neighbours: z.coerce.number().int().min(1).default(CONTENT_DEFAULTS.neighbours),
      embeddings: z.string().optional(),
      embeddingIds: z.string().optional(),
    })
    .strict(),
  train: trainContent,
  load: ({ npy, has, params }) => {
    if (has("S.npy")) {
      const s = npy("S.npy");
      return new ContentModel(s.shape[0]!, params, s.data);
    }
    const v = npy("V.npy");
    return new ContentModel(v.shape[0]!, params, undefined, v.data, v.shape[1]!);
  },
});
