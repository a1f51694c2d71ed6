/** What the registry knows of a model type: its parameters (with defaults), how to fit it and how to load it. */
import type { z } from "zod";
import type { readNpyFloat32 } from "../../lib/npy.js";
import type { Recommender, TrainedModel, TrainInput } from "./types.js";

/** Reads one of a saved model's `.npy` arrays by file name. */
export type NpyReader = (name: string) => ReturnType<typeof readNpyFloat32>;

export interface LoadInput<P> {
  dir: string;
  params: P;
  npy: NpyReader;
  /** whether the model folder holds a file (optional arrays) */
  has: (name: string) => boolean;
  /** loads a model saved in a sub-folder (a hybrid's components) */
  loadChild: (dir: string) => Recommender;
}

export interface ModelSpec<P = Record<string, unknown>> {
  /** `--param key=value` overrides are parsed and defaulted by this schema (values arrive as text) */
  params: z.ZodType<P>;
  /** fits the model; the hybrid has none here: train.ts fits and tunes its components */
  train?: (input: TrainInput, params: P) => TrainedModel | Promise<TrainedModel>;
  load: (input: LoadInput<P>) => Recommender;
}

/** A spec with its parameter type kept for the model's own file and erased for the registry's list. */
export const modelSpec = <P>(spec: ModelSpec<P>): ModelSpec => spec as unknown as ModelSpec;

/** Rows of a factor matrix that are not all zero: the users (or items) the model was fitted on. */
export function knownRows(u: { data: Float32Array; shape: readonly number[] }): Uint8Array {
  const rows = u.shape[0]!;
  const f = u.shape[1]!;
  const known = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < f; d++) {
      if (u.data[r * f + d] !== 0) {
        known[r] = 1;
        break;
      }
    }
  }
  return known;
}
