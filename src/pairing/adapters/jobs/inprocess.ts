/**
 * The embedded job queue: jobs in memory, analyses paired on the PairingPool (PAIR_WORKERS threads), each job
 * bounded by PAIR_BATCH_MAX_WALL_MS. Jobs do not survive a restart here; PAIR_QUEUE=redis://… does that.
 */
import { randomUUID } from "node:crypto";
import type { PairingPool } from "./pool.js";
import type { ItemOutcome, JobItem, JobQueue, JobStatus } from "./types.js";

function summarise(
  name: string,
  out: {
    result?: unknown;
    metrics?: { totals: unknown; rates: unknown; msPer100Images: number };
    error?: string;
  },
): ItemOutcome {
  if (out.error || !out.metrics) return { name, error: out.error ?? "no result" };
  return {
    name,
    result: out.result,
    metrics: {
      totals: out.metrics.totals as Record<string, number>,
      rates: out.metrics.rates as Record<string, number>,
      msPer100Images: out.metrics.msPer100Images,
    },
  };
}

export class InProcessJobQueue implements JobQueue {
  private readonly jobs = new Map<string, JobStatus>();
  private readonly pending: { id: string; items: JobItem[] }[] = [];
  private running = 0;

  constructor(
    private readonly pool: PairingPool,
    private readonly maxWallMs: number,
    private readonly onFinished?: (status: JobStatus) => void,
  ) {}

  async submit(items: JobItem[]): Promise<string> {
    const id = randomUUID();
    this.jobs.set(id, {
      id,
      state: "queued",
      progress: { done: 0, total: items.length },
      created: new Date().toISOString(),
      started: null,
      finished: null,
      durationMs: null,
      error: null,
    });
    this.pending.push({ id, items });
    this.pump();
    return id;
  }

  async get(id: string): Promise<JobStatus | undefined> {
    return this.jobs.get(id);
  }

  async depth(): Promise<number> {
    return this.pending.length;
  }

  async close(): Promise<void> {
    this.pending.length = 0;
  }

  /** Jobs run one after another per pool slot; a job's analyses share the pool. */
  private pump(): void {
    while (this.running < this.pool.size && this.pending.length > 0) {
      const next = this.pending.shift()!;
      this.running++;
      void this.run(next.id, next.items).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(id: string, items: JobItem[]): Promise<void> {
    const job = this.jobs.get(id)!;
    const t0 = performance.now();
    job.state = "running";
    job.started = new Date().toISOString();
    const outcome = await runJobItems(this.pool, items, this.maxWallMs, (done) => {
      job.progress.done = done;
    });
    job.finished = new Date().toISOString();
    job.durationMs = performance.now() - t0;
    if (outcome.error) {
      job.state = "failed";
      job.error = outcome.error;
    } else {
      job.state = "done";
      job.results = outcome.results;
    }
    this.onFinished?.(job);
  }
}

/**
 * Pairs a job's analyses on the pool, reporting how many have finished, within a wall limit. Both queues run
 * jobs through this: the embedded one and the BullMQ worker.
 */
export async function runJobItems(
  pool: Pick<PairingPool, "pair">,
  items: JobItem[],
  maxWallMs: number,
  onProgress: (done: number) => void | Promise<void>,
): Promise<{ results: ItemOutcome[]; error?: string }> {
  const results: ItemOutcome[] = new Array(items.length);
  let done = 0;
  const work = Promise.all(
    items.map(async (item, k) => {
      results[k] = summarise(item.name, await pool.pair(item.name, item.analysis));
      done++;
      await onProgress(done);
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const wall = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), maxWallMs);
  });
  const outcome = await Promise.race([work.then(() => "done" as const), wall]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    return {
      results,
      error: `the job ran past PAIR_BATCH_MAX_WALL_MS (${maxWallMs} ms) after ${done} of ${items.length} analyses`,
    };
  }
  return { results };
}
