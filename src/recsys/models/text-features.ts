/**
 * TF-IDF over Vietnamese product text. Vietnamese words are runs of syllables, so features are syllable unigrams
 * and bigrams (word-segmented text such as "sữa_rửa_mặt" is split at "_" first); each feature also gets its
 * diacritic-folded twin so "sua rua mat" typed without accents still meets "sữa rửa mặt".
 */
import { foldText } from "../../lib/text.js";
import type { ProductMeta } from "../data/dataset.js";

const SYLLABLE = /[\p{L}\p{N}]+/gu;

export function syllables(text: string): string[] {
  return text.toLowerCase().replace(/_/g, " ").match(SYLLABLE) ?? [];
}

export function textFeatures(text: string): string[] {
  const syl = syllables(text);
  const out: string[] = [];
  for (let i = 0; i < syl.length; i++) {
    const a = syl[i]!;
    out.push(a);
    const fa = foldText(a);
    if (fa !== a) out.push(`~${fa}`);
    if (i + 1 < syl.length) {
      const b = syl[i + 1]!;
      out.push(`${a} ${b}`);
      const fb = foldText(b);
      if (fa !== a || fb !== b) out.push(`~${fa} ${fb}`);
    }
  }
  return out;
}

/** Product text with the fields that identify a product repeated, so they outweigh a long description. */
export function weightedProductText(p: ProductMeta): string {
  const parts = [
    p.name,
    p.name,
    p.name,
    p.brand,
    p.brand,
    p.type,
    p.type,
    p.skin_type,
    p.content_text.slice(0, 3000),
  ];
  return parts.filter(Boolean).join(" . ");
}

export interface SparseRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
  vocabulary: string[];
}

export interface TfidfOptions {
  minDf: number;
  maxDfShare: number;
  maxFeatures: number;
}

/** Sublinear TF x smoothed IDF, rows L2-normalised. */
export function tfidf(
  texts: string[],
  opts: TfidfOptions = { minDf: 2, maxDfShare: 0.3, maxFeatures: 50000 },
): SparseRows {
  const docs = texts.map((t) => {
    const counts = new Map<string, number>();
    for (const f of textFeatures(t)) counts.set(f, (counts.get(f) ?? 0) + 1);
    return counts;
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const k of d.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const n = texts.length;
  const maxDf = Math.max(opts.minDf, Math.floor(n * opts.maxDfShare));
  const vocab = [...df.entries()]
    .filter(([, c]) => c >= opts.minDf && c <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.maxFeatures)
    .map(([k]) => k)
    .sort();
  const col = new Map(vocab.map((k, i) => [k, i]));
  const idf = vocab.map((k) => Math.log((1 + n) / (1 + df.get(k)!)) + 1);
  const indptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const val: number[] = [];
  docs.forEach((d, r) => {
    const entries: [number, number][] = [];
    for (const [k, c] of d) {
      const j = col.get(k);
      if (j !== undefined) entries.push([j, (1 + Math.log(c)) * idf[j]!]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, x] of entries) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (const [j, x] of entries) {
      idx.push(j);
      val.push(x / norm);
    }
    indptr[r + 1] = idx.length;
  });
  return {
    rows: n,
    cols: vocab.length,
    indptr,
    indices: Int32Array.from(idx),
    data: Float32Array.from(val),
    vocabulary: vocab,
  };
}

/** Dense cosine similarity X X^T of L2-normalised sparse rows (n x n). */
export function sparseSelfSimilarity(x: SparseRows): Float32Array {
  const n = x.rows;
  // Column postings let each row meet only the rows that share a feature with it.
  const postings: number[][] = Array.from({ length: x.cols }, () => []);
  const weights: number[][] = Array.from({ length: x.cols }, () => []);
  for (let r = 0; r < n; r++) {
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      postings[x.indices[p]!]!.push(r);
      weights[x.indices[p]!]!.push(x.data[p]!);
    }
  }
  const s = new Float32Array(n * n);
  for (let r = 0; r < n; r++) {
    const o = r * n;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      const v = x.data[p]!;
      const rowsOf = postings[x.indices[p]!]!;
      const w = weights[x.indices[p]!]!;
      for (let q = 0; q < rowsOf.length; q++) s[o + rowsOf[q]!]! += v * w[q]!;
    }
  }
  return s;
}
