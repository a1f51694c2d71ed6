/** EASE (Steck 2019): B = I - P diagMat(1 / diag(P)), P = (X^T X + lambda I)^-1, with diag(B) = 0. */
import { join } from "node:path";
import { z } from "zod";
import { writeNpy } from "../../lib/npy.js";
import { spdInverse } from "./linalg.js";
import { modelSpec } from "./spec.js";
import { sumRows } from "./topk.js";
import { ModelError, type TrainedModel, type TrainInput, type UserContext } from "./types.js";

export interface EaseParams {
  lambda: number;
}

export class EaseModel implements TrainedModel {
  readonly type = "ease" as const;
  constructor(
    readonly b: Float32Array,
    readonly nItems: number,
    readonly params: EaseParams,
  ) {}

  score(ctx: UserContext, out: Float32Array): void {
    sumRows(this.b, this.nItems, ctx.items, out);
  }

  save(dir: string): string[] {
    writeNpy(join(dir, "B.npy"), this.b, [this.nItems, this.nItems]);
    return ["B.npy"];
  }
}

export function trainEase(input: TrainInput, params: EaseParams): EaseModel {
  const n = input.ds.nItems;
  const m = input.train;
  const bar = input.progress("ease", 3);
  const g = new Float64Array(n * n);
  // Binary Gram matrix, upper triangle per user, then mirrored.
  for (let u = 0; u < m.rows; u++) {
    const a = m.indptr[u]!;
    const b = m.indptr[u + 1]!;
    for (let p = a; p < b; p++) {
      const i = m.indices[p]!;
      for (let q = p; q < b; q++) g[i * n + m.indices[q]!]! += 1;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = g[i * n + j]! + g[j * n + i]!;
      g[i * n + j] = v;
      g[j * n + i] = v;
    }
    g[i * n + i]! += params.lambda;
  }
  bar.update(1, { info: "inverting" });
  const p = spdInverse(g, n);
  if (!p) throw new ModelError(`EASE: X^T X + ${params.lambda} I is not positive definite; raise lambda`);
  bar.update(2);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = i === j ? 0 : -p[i * n + j]! / p[j * n + j]!;
    }
  }
  bar.update(3);
  bar.stop();
  return new EaseModel(out, n, params);
}

export const easeModel = modelSpec<EaseParams>({
  params: z.object({ lambda: z.coerce.number().positive().default(200) }).strict(),
  train: trainEase,
  load: ({ npy, params }) => {
    const b = npy("B.npy");
    return new EaseModel(b.data, b.shape[0]!, params);
  },
});
