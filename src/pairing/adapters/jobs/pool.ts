/**
 * A fixed pool of pairing worker threads: CPU-bound batches run in parallel on all cores and never on the
 * caller's event loop. A worker that dies, or runs past a call's wall limit, is replaced: only that call fails.
 */
import type { Worker } from "node:worker_threads";
import { spawnWorker } from "../../../lib/workers.js";
import type { PairingMetrics, PairingResult } from "../../engine/types.js";
import type { Alert } from "../slo/index.js";

export interface PairOutcome {
  result?: PairingResult;
  metrics?: PairingMetrics;
  /** the SLO alerts after this run, when it was recorded */
  alerts?: Alert[];
  error?: string;
  /** with `replyJson`: `{result, metrics, alerts}` as UTF-8 JSON, written by the worker and handed over without a copy */
  reply?: Uint8Array;
  /** the input itself was wrong (not JSON, too deep, not an analysis): a 4xx, not a failure of ours */
  badInput?: boolean;
}

export interface PairCall {
  name: string;
  /**
   * the analysis as an object, or as the UTF-8 bytes of its JSON, which the worker decodes and parses: the bytes
   * move to the worker without a copy (their buffer is transferred, so the caller must not use them again)
   */
  analysis?: unknown;
  json?: Uint8Array;
  /** append the run to the SLO history and evaluate the alerts (only for trusted callers) */
  record: boolean;
  /** answer with `reply` (the JSON of result, metrics and firing alerts) instead of the objects */
  replyJson?: boolean;
  /** refuse an analysis with more images than this (as bad input) */
  maxImages?: number;
  /** stop the run (a PairingTimeoutError) after this long; 0 = no limit */
  timeoutMs?: number;
}

export class PairingTimeoutError extends Error {}

export class PairingPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private next = 0;
  private closed = false;

  private constructor(private readonly workers: Worker[]) {
    this.idle.push(...workers);
  }

  static async start(size: number): Promise<PairingPool> {
    return new PairingPool(await Promise.all(Array.from({ length: size }, () => startWorker())));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Pairs one analysis on a free worker (waiting for one if all are busy). */
  async pair(name: string, analysis: unknown, record = true): Promise<PairOutcome> {
    return this.run({ name, analysis, record });
  }

  async run(call: PairCall): Promise<PairOutcome> {
    let w = this.idle.pop() ?? (await new Promise<Worker>((r) => this.waiting.push(r)));
    const id = this.next++;
    let healthy = true;
    // a busy worker keeps the process alive until it answers; an idle one does not hold it open
    w.ref();
    try {
      return await new Promise<PairOutcome>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          clearTimeout(timer);
          w.off("message", onMessage);
          w.off("error", onError);
          w.off("exit", onExit);
        };
        const onMessage = (m: { id: number } & PairOutcome) => {
          if (m.id !== id) return;
          done();
          resolve(m);
        };
        const onError = (e: Error) => {
          done();
          healthy = false;
          reject(e);
        };
        const onExit = (code: number) => onError(new Error(`pairing worker exited (code ${code})`));
        w.on("message", onMessage);
        w.once("error", onError);
        w.once("exit", onExit);
        if (call.timeoutMs)
          timer = setTimeout(() => {
            done();
            healthy = false;
            reject(new PairingTimeoutError(`pairing ran past ${call.timeoutMs} ms and was stopped`));
          }, call.timeoutMs);
        const { timeoutMs: _t, json, ...message } = call;
        const bytes = json && transferable(json);
        w.postMessage({ id, ...message, json: bytes }, bytes ? [bytes.buffer as ArrayBuffer] : []);
      });
    } finally {
      if (!healthy) w = await this.replace(w);
      w.unref();
      if (!this.closed) {
        const waiter = this.waiting.shift();
        if (waiter) waiter(w);
        else this.idle.push(w);
      }
    }
  }

  /** A worker that failed or was stopped mid-run is terminated and a fresh one takes its place. */
  private async replace(w: Worker): Promise<Worker> {
    void w.terminate();
    const fresh = await startWorker();
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers[i] = fresh;
    return fresh;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Bytes that fill an ArrayBuffer of their own move as they are; others (a slice of Node's shared pool) are copied. */
function transferable(bytes: Uint8Array): Uint8Array {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return own && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

async function startWorker(): Promise<Worker> {
  // pairing is background work next to a service's request loop: a 10,000-photo run delays /health by little
  const w = spawnWorker(new URL("./thread.ts", import.meta.url), undefined, { background: true });
  await new Promise<void>((resolve, reject) => {
    w.once("message", () => resolve());
    w.once("error", reject);
  });
  w.unref();
  return w;
}
