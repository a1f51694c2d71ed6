/**
 * Worker threads that run our TypeScript modules. Node 20 does not apply `--import tsx` to a worker's entry
 * module, so the worker first registers tsx's loader and then imports the real entry.
 */
import { Worker } from "node:worker_threads";

export function spawnWorker(entry: URL, workerData?: unknown): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData });
  const api = import.meta.resolve("tsx/esm/api");
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** Allocates a typed array on a SharedArrayBuffer and copies `src` into it. */
export function sharedFloat32(n: number, src?: ArrayLike<number>): Float32Array {
  const a = new Float32Array(new SharedArrayBuffer(n * 4));
  if (src) a.set(src);
  return a;
}

export function sharedFloat64(n: number, src?: ArrayLike<number>): Float64Array {
  const a = new Float64Array(new SharedArrayBuffer(n * 8));
  if (src) a.set(src);
  return a;
}

export function sharedInt32(n: number, src?: ArrayLike<number>): Int32Array {
  const a = new Int32Array(new SharedArrayBuffer(n * 4));
  if (src) a.set(src);
  return a;
}
