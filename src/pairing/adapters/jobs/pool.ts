/** A fixed pool of pairing worker threads: CPU-bound batches run in parallel on all cores. */
import type { Worker } from "node:worker_threads";
import { spawnWorker } from "../../../lib/workers.js";
import type { PairingMetrics, PairingResult } from "../../engine/types.js";

export interface PairOutcome {
  result?: PairingResult;
  metrics?: PairingMetrics;
  error?: string;
}

export class PairingPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private next = 0;

  private constructor(private readonly workers: Worker[]) {
    this.idle.push(...workers);
  }

  static async start(size: number): Promise<PairingPool> {
    const workers = await Promise.all(
      Array.from({ length: size }, async () => {
        const w = spawnWorker(new URL("./thread.ts", import.meta.url));
        await new Promise<void>((resolve, reject) => {
          w.once("message", () => resolve());
          w.once("error", reject);
        });
        return w;
      }),
    );
    return new PairingPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  async pair(name: string, analysis: unknown): Promise<PairOutcome> {
    const w = this.idle.pop() ?? (await new Promise<Worker>((r) => this.waiting.push(r)));
    const id = this.next++;
    try {
      return await new Promise<PairOutcome>((resolve, reject) => {
        const onMessage = (m: { id: number } & PairOutcome) => {
          if (m.id !== id) return;
          w.off("message", onMessage);
          w.off("error", reject);
          resolve(m);
        };
        w.on("message", onMessage);
        w.once("error", reject);
        w.postMessage({ id, name, analysis });
      });
    } finally {
      const waiter = this.waiting.shift();
      if (waiter) waiter(w);
      else this.idle.push(w);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
