/**
 * BPR-MF (Rendle et al. 2009) with hard negatives: a share of the negatives are items the user rated low, or
 * popular items the user did not buy, instead of uniform draws that are almost always trivially negative.
 */
import { join } from "node:path";
import { z } from "zod";
import { writeNpy } from "../../lib/npy.js";
import { Rng, WeightedSampler } from "../../lib/rng.js";
import { stageRowMask } from "../data/dataset.js";
import { dotAll } from "./als.js";
import { knownRows, modelSpec } from "./spec.js";
import type { TrainedModel, TrainInput, UserContext } from "./types.js";

export interface BprParams {
  factors: number;
  epochs: number;
  learningRate: number;
  reg: number;
  /** Share of negatives drawn as hard negatives. */
  hardNegatives: number;
  positiveRating: number;
}

export const BPR_DEFAULTS: BprParams = {
  factors: 64,
  epochs: 40,
  learningRate: 0.05,
  reg: 0.005,
  hardNegatives: 0.3,
  positiveRating: 4,
};

export class BprModel implements TrainedModel {
  readonly type = "bpr" as const;
  constructor(
    readonly u: Float32Array,
    readonly v: Float32Array,
    readonly bias: Float32Array,
    readonly nUsers: number,
    readonly nItems: number,
    readonly params: BprParams,
    readonly known: Uint8Array,
  ) {}

  score(ctx: UserContext, out: Float32Array): void {
    const f = this.params.factors;
    let x: Float32Array;
    if (ctx.user >= 0 && ctx.user < this.nUsers && this.known[ctx.user]) {
      x = this.u.subarray(ctx.user * f, ctx.user * f + f);
    } else {
      // An unseen user is the mean of their items' factors.
      x = new Float32Array(f);
      for (let h = 0; h < ctx.items.length; h++) {
        const o = ctx.items[h]! * f;
        for (let d = 0; d < f; d++) x[d]! += this.v[o + d]! / ctx.items.length;
      }
    }
    dotAll(this.v, x, f, this.nItems, out);
    for (let i = 0; i < this.nItems; i++) out[i]! += this.bias[i]!;
  }

  save(dir: string): string[] {
    const f = this.params.factors;
    writeNpy(join(dir, "U.npy"), this.u, [this.nUsers, f]);
    writeNpy(join(dir, "V.npy"), this.v, [this.nItems, f]);
    writeNpy(join(dir, "item_bias.npy"), this.bias, [this.nItems]);
    return ["U.npy", "V.npy", "item_bias.npy"];
  }
}

export function trainBpr(input: TrainInput, p: BprParams = BPR_DEFAULTS): BprModel {
  const { ds, train } = input;
  const f = p.factors;
  const rng = new Rng(input.seed);
  const nUsers = ds.nUsers;
  const nItems = ds.nItems;
  const mask = stageRowMask(ds, input.stage);
  const posU: number[] = [];
  const posI: number[] = [];
  const low = new Map<number, number[]>();
  const count = new Float64Array(nItems);
  for (let r = 0; r < mask.length; r++) {
    if (!mask[r]) continue;
    count[ds.item[r]!]!++;
    if (ds.rating[r]! >= p.positiveRating) {
      posU.push(ds.user[r]!);
      posI.push(ds.item[r]!);
    } else if (ds.rating[r]! <= 2) {
      const l = low.get(ds.user[r]!);
      if (l) l.push(ds.item[r]!);
      else low.set(ds.user[r]!, [ds.item[r]!]);
    }
  }
  const popular = new WeightedSampler(count);
  const u = new Float32Array(nUsers * f);
  const v = new Float32Array(nItems * f);
  const bias = new Float32Array(nItems);
  for (let k = 0; k < u.length; k++) u[k] = rng.normal() * 0.01;
  for (let k = 0; k < v.length; k++) v[k] = rng.normal() * 0.01;
  const has = (user: number, item: number) => {
    let lo = train.indptr[user]!;
    let hi = train.indptr[user + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = train.indices[mid]!;
      if (x === item) return true;
      if (x < item) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  const n = posU.length;
  const bar = input.progress("bpr", p.epochs);
  const { learningRate: lr, reg } = p;
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    for (let s = 0; s < n; s++) {
      const k = rng.int(n);
      const user = posU[k]!;
      const i = posI[k]!;
      let j = -1;
      if (rng.next() < p.hardNegatives) {
        const l = low.get(user);
        if (l && rng.next() < 0.5) j = l[rng.int(l.length)]!;
        else {
          const c = popular.sample(rng);
          if (!has(user, c)) j = c;
        }
      }
      for (let tries = 0; j < 0 && tries < 10; tries++) {
        const c = rng.int(nItems);
        if (!has(user, c)) j = c;
      }
      if (j < 0 || j === i) continue;
      const uo = user * f;
      const io = i * f;
      const jo = j * f;
      let x = bias[i]! - bias[j]!;
      for (let d = 0; d < f; d++) x += u[uo + d]! * (v[io + d]! - v[jo + d]!);
      const g = 1 / (1 + Math.exp(x));
      for (let d = 0; d < f; d++) {
        const uf = u[uo + d]!;
        const vi = v[io + d]!;
        const vj = v[jo + d]!;
        u[uo + d] = uf + lr * (g * (vi - vj) - reg * uf);
        v[io + d] = vi + lr * (g * uf - reg * vi);
        v[jo + d] = vj + lr * (-g * uf - reg * vj);
      }
      bias[i] = bias[i]! + lr * (g - reg * bias[i]!);
      bias[j] = bias[j]! + lr * (-g - reg * bias[j]!);
    }
    bar.update(epoch + 1);
  }
  bar.stop();
  const known = new Uint8Array(nUsers);
  for (let x = 0; x < nUsers; x++) known[x] = train.indptr[x + 1]! > train.indptr[x]! ? 1 : 0;
  return new BprModel(u, v, bias, nUsers, nItems, p, known);
}

const num = z.coerce.number();

export const bprModel = modelSpec<BprParams>({
  params: z
    .object({
      factors: num.int().min(1).max(512).default(BPR_DEFAULTS.factors),
      epochs: num.int().min(1).max(500).default(BPR_DEFAULTS.epochs),
      learningRate: num.positive().default(BPR_DEFAULTS.learningRate),
      reg: num.min(0).default(BPR_DEFAULTS.reg),
      hardNegatives: num.min(0).max(1).default(BPR_DEFAULTS.hardNegatives),
      positiveRating: num.min(1).max(5).default(BPR_DEFAULTS.positiveRating),
    })
    .strict(),
  train: trainBpr,
  load: ({ npy, params }) => {
    const u = npy("U.npy");
    const v = npy("V.npy");
    const b = npy("item_bias.npy");
    return new BprModel(u.data, v.data, b.data, u.shape[0]!, v.shape[0]!, params, knownRows(u));
  },
});
