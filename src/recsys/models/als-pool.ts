/** The ALS solve tasks and the worker pool that runs them on shared memory (in-process when no workers). */
import type { Worker } from "node:worker_threads";
import { spawnWorker } from "../../lib/workers.js";
import { precomputeZ, type SideArrays, solveRows } from "./als-kernels.js";

export type Task =
  | { kind: "z"; start: number; end: number }
  | { kind: "solve"; side: "user" | "item"; start: number; end: number };
export interface TaskResult {
  gram?: Float64Array;
  singleWeight?: Float64Array;
}

export interface AlsShared {
  f: number;
  alpha: number;
  cgSteps: number;
  maxWoodbury: number;
  nUsers: number;
  nItems: number;
  uIndptr: Int32Array;
  uIndices: Int32Array;
  uData: Float32Array;
  iIndptr: Int32Array;
  iIndices: Int32Array;
  iData: Float32Array;
  U: Float32Array;
  V: Float32Array;
  Z: Float64Array;
  A: Float64Array;
  AInv: Float64Array;
}

export function sideArrays(s: AlsShared, side: "user" | "item"): SideArrays {
  return side === "user"
    ? {
        f: s.f,
        alpha: s.alpha,
        indptr: s.uIndptr,
        indices: s.uIndices,
        data: s.uData,
        y: s.V,
        x: s.U,
        a: s.A,
        aInv: s.AInv,
        z: s.Z,
        maxWoodbury: s.maxWoodbury,
        cgSteps: s.cgSteps,
      }
    : {
        f: s.f,
        alpha: s.alpha,
        indptr: s.iIndptr,
        indices: s.iIndices,
        data: s.iData,
        y: s.U,
        x: s.V,
        a: s.A,
        aInv: s.AInv,
        maxWoodbury: s.maxWoodbury,
        cgSteps: s.cgSteps,
      };
}

export function runTask(s: AlsShared, t: Task): TaskResult {
  if (t.kind === "z") {
    precomputeZ(s.V, s.AInv, s.f, t.start, t.end, s.Z);
    return {};
  }
  const cols = t.side === "user" ? s.nItems : s.nUsers;
  return solveRows(sideArrays(s, t.side), t.start, t.end, cols);
}

/** Splits [0, rows) into chunks of roughly equal work (rows plus entries). */
export function chunks(indptr: Int32Array, rows: number, parts: number): [number, number][] {
  const total = rows + indptr[rows]!;
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 1; p <= parts && start < rows; p++) {
    const goal = (total * p) / parts;
    let end = start + 1;
    while (end < rows && end + indptr[end]! < goal) end++;
    if (p === parts) end = rows;
    out.push([start, end]);
    start = end;
  }
  return out;
}

export class SolvePool {
  private readonly idle: Worker[] = [];
  private constructor(
    private readonly workers: Worker[],
    private readonly shared: AlsShared,
  ) {
    this.idle.push(...workers);
  }

  static async start(shared: AlsShared, n: number): Promise<SolvePool> {
    const workers: Worker[] = [];
    for (let i = 0; i < n; i++) {
      const w = spawnWorker(new URL("./als-worker.ts", import.meta.url), shared);
      await new Promise<void>((resolve, reject) => {
        w.once("message", () => resolve());
        w.once("error", reject);
      });
      workers.push(w);
    }
    return new SolvePool(workers, shared);
  }

  async run(tasks: Task[]): Promise<TaskResult[]> {
    if (this.workers.length === 0) return tasks.map((t) => runTask(this.shared, t));
    const results: TaskResult[] = new Array(tasks.length);
    let next = 0;
    await Promise.all(
      this.idle.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const pump = () => {
              if (next >= tasks.length) {
                w.off("message", onMessage);
                w.off("error", reject);
                resolve();
                return;
              }
              const id = next++;
              current = id;
              w.postMessage({ id, task: tasks[id] });
            };
            let current = -1;
            const onMessage = (m: { id: number; result: TaskResult }) => {
              results[current] = m.result;
              pump();
            };
            w.on("message", onMessage);
            w.once("error", reject);
            pump();
          }),
      ),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
