/** AlsTrainer: implicit ALS with exact small-row solves and CG, spread over worker threads on shared memory. */
import { join } from "node:path";
import { z } from "zod";
import { writeNpy } from "../../lib/npy.js";
import { Rng } from "../../lib/rng.js";
import { sharedFloat32, sharedFloat64, sharedInt32 } from "../../lib/workers.js";
import { type Csr, transpose } from "../data/dataset.js";
import { type SideArrays, solveRows } from "./als-kernels.js";
import { type AlsShared, chunks, SolvePool } from "./als-pool.js";
import { CONTENT_DEFAULTS, trainContent } from "./content.js";
import { addGram, spdInverse, symmetrize } from "./linalg.js";
import { knownRows, modelSpec } from "./spec.js";
import { ModelError, type TrainedModel, type TrainInput, type UserContext } from "./types.js";

export interface AlsParams {
  factors: number;
  iterations: number;
  alpha: number;
  lambda: number;
  cgSteps: number;
  /** Rows with at most this many entries are solved exactly (Woodbury); longer rows use CG. */
  maxWoodbury: number;
  workers: number;
}

export const ALS_DEFAULTS: AlsParams = {
  factors: 64,
  iterations: 15,
  alpha: 2,
  lambda: 1,
  cgSteps: 3,
  maxWoodbury: 8,
  workers: 2,
};

export class AlsModel implements TrainedModel {
  readonly type = "als" as const;
  constructor(
    readonly u: Float32Array,
    readonly v: Float32Array,
    readonly nUsers: number,
    readonly nItems: number,
    readonly params: AlsParams,
    /** Per-user flag: the user had training rows, so their factor row is meaningful. */
    readonly known: Uint8Array,
  ) {}

  get factors(): number {
    return this.params.factors;
  }

  score(ctx: UserContext, out: Float32Array): void {
    const f = this.params.factors;
    let x: Float32Array;
    if (ctx.user >= 0 && ctx.user < this.nUsers && this.known[ctx.user])
      x = this.u.subarray(ctx.user * f, ctx.user * f + f);
    else x = this.foldIn(ctx.items, ctx.conf);
    dotAll(this.v, x, f, this.nItems, out);
  }

  /** The user factor an unseen user would get from their history (one exact half-step against V). */
  foldIn(items: Int32Array, conf: Float32Array): Float32Array {
    const f = this.params.factors;
    const x = new Float32Array(f);
    if (items.length === 0) return x;
    const a = gramPlusLambda(this.v, this.nItems, f, this.params.lambda);
    const aInv = spdInverse(a, f);
    if (!aInv) return x;
    const side: SideArrays = {
      f,
      alpha: this.params.alpha,
      indptr: Int32Array.of(0, items.length),
      indices: items,
      data: conf,
      y: this.v,
      x,
      a,
      aInv,
      maxWoodbury: Math.max(this.params.maxWoodbury, items.length),
      cgSteps: this.params.cgSteps,
    };
    solveRows(side, 0, 1, this.nItems);
    return x;
  }

  save(dir: string): string[] {
    const f = this.params.factors;
    writeNpy(join(dir, "U.npy"), this.u, [this.nUsers, f]);
    writeNpy(join(dir, "V.npy"), this.v, [this.nItems, f]);
    return ["U.npy", "V.npy"];
  }
}

export function dotAll(v: Float32Array, x: Float32Array, f: number, n: number, out: Float32Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * f;
    let s = 0;
    for (let d = 0; d < f; d++) s += v[o + d]! * x[d]!;
    out[i] = s;
  }
}

function gramPlusLambda(y: Float32Array, rows: number, f: number, lambda: number): Float64Array {
  const g = new Float64Array(f * f);
  addGram(y, 0, rows, f, g);
  symmetrize(g, f);
  for (let i = 0; i < f; i++) g[i * f + i]! += lambda;
  return g;
}

/** Trains implicit ALS; `initV` (nItems x f) replaces the random item start (content-initialised ALS). */
export async function trainAls(
  input: TrainInput,
  p: AlsParams = ALS_DEFAULTS,
  initV?: Float32Array,
): Promise<AlsModel> {
  const m: Csr = input.train;
  const f = p.factors;
  if (!(f >= 1 && f <= 512)) throw new ModelError(`ALS: factors must be 1..512 (got ${f})`);
  const t = transpose(m);
  const nUsers = m.rows;
  const nItems = m.cols;
  const useWorkers = p.workers > 1 ? p.workers : 0;
  const alloc32 = useWorkers
    ? sharedFloat32
    : (n: number, src?: ArrayLike<number>) => (src ? Float32Array.from(src) : new Float32Array(n));
  const alloc64 = useWorkers ? sharedFloat64 : (n: number) => new Float64Array(n);
  const allocI = useWorkers
    ? sharedInt32
    : (_n: number, src?: ArrayLike<number>) => Int32Array.from(src ?? []);
  const V = alloc32(nItems * f);
  if (initV) {
    if (initV.length !== nItems * f)
      throw new ModelError(`ALS: initial item factors have ${initV.length} values, expected ${nItems * f}`);
    V.set(initV);
  } else {
    const rng = new Rng(input.seed);
    for (let k = 0; k < V.length; k++) V[k] = rng.normal() * 0.01;
  }
  const s: AlsShared = {
    f,
    alpha: p.alpha,
    cgSteps: p.cgSteps,
    maxWoodbury: p.maxWoodbury,
    nUsers,
    nItems,
    uIndptr: allocI(m.indptr.length, m.indptr),
    uIndices: allocI(m.indices.length, m.indices),
    uData: alloc32(m.data.length, m.data),
    iIndptr: allocI(t.indptr.length, t.indptr),
    iIndices: allocI(t.indices.length, t.indices),
    iData: alloc32(t.data.length, t.data),
    U: alloc32(nUsers * f),
    V,
    Z: alloc64(nItems * f),
    A: alloc64(f * f),
    AInv: alloc64(f * f),
  };
  const pool = await SolvePool.start(s, useWorkers);
  const parts = Math.max(1, useWorkers * 4);
  const userChunks = chunks(s.uIndptr, nUsers, parts);
  const itemChunks = chunks(s.iIndptr, nItems, parts);
  const zChunks = chunks(new Int32Array(nItems + 1), nItems, parts);
  const bar = input.progress("als", p.iterations);
  try {
    let gramV = gramPlusLambda(V, nItems, f, 0);
    for (let it = 0; it < p.iterations; it++) {
      // Users against fixed items.
      setSystem(s, gramV, p.lambda);
      await pool.run(zChunks.map(([start, end]) => ({ kind: "z" as const, start, end })));
      const ur = await pool.run(
        userChunks.map(([start, end]) => ({ kind: "solve" as const, side: "user" as const, start, end })),
      );
      const gramU = new Float64Array(f * f);
      const weight = new Float64Array(nItems);
      for (const r of ur) {
        addInto(gramU, r.gram!);
        if (r.singleWeight) addInto(weight, r.singleWeight);
      }
      // One-item users: x = s z_j, so their share of U^T U is sum_j w_j z_j z_j^T.
      for (let j = 0; j < nItems; j++) {
        const wj = weight[j]!;
        if (wj === 0) continue;
        const zo = j * f;
        for (let a = 0; a < f; a++) {
          const za = wj * s.Z[zo + a]!;
          const ga = a * f;
          for (let b = a; b < f; b++) gramU[ga + b]! += za * s.Z[zo + b]!;
        }
      }
      symmetrize(gramU, f);
      // Items against fixed users.
      setSystem(s, gramU, p.lambda);
      const ir = await pool.run(
        itemChunks.map(([start, end]) => ({ kind: "solve" as const, side: "item" as const, start, end })),
      );
      gramV = new Float64Array(f * f);
      for (const r of ir) addInto(gramV, r.gram!);
      symmetrize(gramV, f);
      bar.update(it + 1);
    }
  } finally {
    bar.stop();
    await pool.close();
  }
  const known = new Uint8Array(nUsers);
  for (let u = 0; u < nUsers; u++) known[u] = m.indptr[u + 1]! > m.indptr[u]! ? 1 : 0;
  return new AlsModel(Float32Array.from(s.U), Float32Array.from(s.V), nUsers, nItems, p, known);
}

function setSystem(s: AlsShared, gram: Float64Array, lambda: number): void {
  const f = s.f;
  const a = gram.slice();
  for (let i = 0; i < f; i++) a[i * f + i]! += lambda;
  const inv = spdInverse(a, f);
  if (!inv) throw new ModelError("ALS: the normal equations are not positive definite; raise lambda");
  s.A.set(a);
  s.AInv.set(inv);
}

function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
}

/** Implicit-ALS objective: sum_{u,i} c_ui (p_ui - x_u.y_i)^2 + lambda (|X|^2 + |Y|^2). For tests and diagnostics. */
export function alsLoss(
  m: Csr,
  u: Float32Array,
  v: Float32Array,
  f: number,
  alpha: number,
  lambda: number,
): number {
  const gv = gramPlusLambda(v, m.cols, f, 0);
  let loss = 0;
  const x = new Float64Array(f);
  for (let r = 0; r < m.rows; r++) {
    for (let d = 0; d < f; d++) x[d] = u[r * f + d]!;
    // x^T (V^T V) x covers every item as a zero with confidence 1 ...
    let q = 0;
    for (let a = 0; a < f; a++) {
      let acc = 0;
      for (let b = 0; b < f; b++) acc += gv[a * f + b]! * x[b]!;
      q += x[a]! * acc;
    }
    loss += q;
    // ... then the observed entries are corrected to their real confidence and preference.
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      const o = m.indices[p]! * f;
      let dot = 0;
      for (let d = 0; d < f; d++) dot += x[d]! * v[o + d]!;
      const c = 1 + alpha * m.data[p]!;
      loss += c * (1 - dot) ** 2 - dot * dot;
    }
  }
  let reg = 0;
  for (let k = 0; k < u.length; k++) reg += u[k]! * u[k]!;
  for (let k = 0; k < v.length; k++) reg += v[k]! * v[k]!;
  return loss + lambda * reg;
}

const num = z.coerce.number();
const alsParams = z
  .object({
    factors: num.int().min(1).max(512).default(ALS_DEFAULTS.factors),
    iterations: num.int().min(1).max(200).default(ALS_DEFAULTS.iterations),
    alpha: num.positive().default(ALS_DEFAULTS.alpha),
    lambda: num.positive().default(ALS_DEFAULTS.lambda),
    cgSteps: num.int().min(1).max(50).default(ALS_DEFAULTS.cgSteps),
    maxWoodbury: num.int().min(1).max(64).default(ALS_DEFAULTS.maxWoodbury),
    workers: num.int().min(0).max(16).default(ALS_DEFAULTS.workers),
    init: z.enum(["random", "content"]).default("random"),
  })
  .strict();

/**
 * Item factors started from content SVD vectors. A small or repetitive catalogue can give fewer SVD dimensions than
 * factors; the rest start as the usual small random values.
 */
function contentInit(input: TrainInput, factors: number): Float32Array {
  const c = trainContent(input, { ...CONTENT_DEFAULTS, svdDims: factors });
  const n = input.ds.nItems;
  const d = c.dims;
  const rng = new Rng(input.seed);
  const v = new Float32Array(n * factors);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < factors; k++)
      v[i * factors + k] = k < d ? 0.1 * c.emb![i * d + k]! : rng.normal() * 0.01;
  }
  return v;
}

export const alsModel = modelSpec<z.infer<typeof alsParams>>({
  params: alsParams,
  train: (input, { init, ...p }) =>
    trainAls(input, p, init === "content" ? contentInit(input, p.factors) : undefined),
  load: ({ npy, params }) => {
    const u = npy("U.npy");
    const v = npy("V.npy");
    return new AlsModel(u.data, v.data, u.shape[0]!, v.shape[0]!, params, knownRows(u));
  },
});
