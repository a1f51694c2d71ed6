/**
 * Worker threads that run our TypeScript modules. Node 20 does not apply `--import tsx` to a worker's entry
 * module, so the worker first registers tsx's loader and then imports the real entry.
 */
import { Worker } from "node:worker_threads";

export interface SpawnOptions {
  /**
   * Background work next to a request loop: the thread lowers its own CPU priority (nice 19; on Linux a thread
   * has a nice value of its own) before it loads anything, so its start-up and its runs yield to the loop.
   */
  background?: boolean;
}

/** Lowers the calling thread's priority; not Linux, or not allowed: the thread keeps its priority. */
const LOWER_PRIORITY = `try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid) && tid > 0) require("node:os").setPriority(tid, 19);
} catch {}`;

export function spawnWorker(entry: URL, workerData?: unknown, opts: SpawnOptions = {}): Worker {
  const api = import.meta.resolve("tsx/esm/api");
  const load = entry.pathname.endsWith(".ts")
    ? `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`
    : `import(${JSON.stringify(entry.href)});`;
  const code = opts.background ? `${LOWER_PRIORITY}\n${load}` : load;
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
