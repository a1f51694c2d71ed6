/**
 * The embedded job queue: jobs in memory, analyses paired on the PairingPool (PAIR_WORKERS threads), each job
 * bounded by PAIR_BATCH_MAX_WALL_MS. At most `maxQueued` jobs wait (QueueFullError past that), and finished jobs
 * are forgotten past `keepJobs` or `keepMs`, so memory stays bounded. Jobs do not survive a restart here;
 * PAIR_QUEUE=redis://… does that.
 */
import { randomUUID } from "node:crypto";
import type { PairingPool } from "./pool.js";
import {
  type ItemOutcome,
  type JobItem,
  type JobQueue,
  type JobStatus,
  QueueFullError,
  type QueueLimits,
  type SubmitOptions,
} from "./types.js";

/** What a client told the queue is full should wait before it tries again. */
export const QUEUE_FULL_RETRY_SECONDS = 5;

/** Without limits from the caller (the CLI, tests): generous, but still bounded. */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxQueued: 1000, keepJobs: 1000, keepMs: 3_600_000 };

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
  private readonly pending: { id: string; items: JobItem[]; record: boolean }[] = [];
  /** ids of finished jobs, oldest first, with when they finished */
  private readonly finished: { id: string; at: number }[] = [];
  private running = 0;

  constructor(
    private readonly pool: PairingPool,
    private readonly maxWallMs: number,
    private readonly onFinished?: (status: JobStatus) => void,
    private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
  ) {}

  async submit(items: JobItem[], opts: SubmitOptions = { record: true }): Promise<string> {
    this.forgetOld();
    if (this.pending.length >= this.limits.maxQueued) throw new QueueFullError(QUEUE_FULL_RETRY_SECONDS);
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
    this.pending.push({ id, items, record: opts.record });
    this.pump();
    return id;
  }

  async get(id: string): Promise<JobStatus | undefined> {
    this.forgetOld();
    return this.jobs.get(id);
  }

  /** How many jobs are held in memory (queued, running and kept). */
  get size(): number {
    return this.jobs.size;
  }

  private forgetOld(now = Date.now()): void {
    while (
      this.finished.length > 0 &&
      (this.finished.length > this.limits.keepJobs || now - this.finished[0]!.at > this.limits.keepMs)
    )
      this.jobs.delete(this.finished.shift()!.id);
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
      void this.run(next.id, next.items, next.record).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(id: string, items: JobItem[], record: boolean): Promise<void> {
    const job = this.jobs.get(id)!;
    const t0 = performance.now();
    job.state = "running";
    job.started = new Date().toISOString();
    const outcome = await runJobItems(this.pool, items, this.maxWallMs, record, (done) => {
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
    this.finished.push({ id, at: Date.now() });
    this.forgetOld();
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
  record: boolean,
  onProgress: (done: number) => void | Promise<void>,
): Promise<{ results: ItemOutcome[]; error?: string }> {
  const results: ItemOutcome[] = new Array(items.length);
  let done = 0;
  const work = Promise.all(
    items.map(async (item, k) => {
      // a worker that dies mid-run costs only its own analysis
      const out = await pool
        .pair(item.name, item.analysis, record)
        .catch((e: Error) => ({ error: e.message }));
      results[k] = summarise(item.name, out);
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
