/**
 * Jobs on Redis with BullMQ: the service enqueues, `npm run pairing:worker` processes (any number of them, on
 * any machine). A worker killed mid-job loses its lock; BullMQ moves the job back to waiting and another worker
 * runs it again from the start, and the result is the job's single return value, so nothing is lost or doubled.
 */
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { PairingConfig } from "../../engine/config.js";
import { runJobItems } from "./inprocess.js";
import { PairingPool } from "./pool.js";
import type { JobItem, JobQueue, JobStatus, SubmitOptions } from "./types.js";

export const QUEUE_NAME = "shelfwise-pairing";

export function connectionOf(url: string): { host: string; port: number; db?: number; password?: string } {
  const u = new URL(url);
  if (u.protocol !== "redis:") throw new Error(`PAIR_QUEUE must be redis://host:port (got ${url})`);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.password ? { password: u.password } : {}),
  };
}

export class BullMqJobQueue implements JobQueue {
  private constructor(private readonly queue: Queue) {}

  static async connect(url: string, _onFinished?: (s: JobStatus) => void): Promise<BullMqJobQueue> {
    const queue = new Queue(QUEUE_NAME, { connection: { ...connectionOf(url), maxRetriesPerRequest: null } });
    await queue.waitUntilReady();
    return new BullMqJobQueue(queue);
  }

  async submit(items: JobItem[], opts: SubmitOptions = { record: true }): Promise<string> {
    const job = await this.queue.add(
      "pair",
      { items, record: opts.record },
      {
        attempts: 3,
        backoff: { type: "exponential", delay: 500 },
        removeOnComplete: { age: 7 * 86400 },
        removeOnFail: { age: 7 * 86400 },
      },
    );
    return String(job.id);
  }

  async get(id: string): Promise<JobStatus | undefined> {
    let job = await this.queue.getJob(id);
    if (!job) return undefined;
    const state = await job.getState();
    // The job may complete between reading it and reading its state: read it again to get the return value.
    if (state === "completed" && job.returnvalue == null) job = (await this.queue.getJob(id)) ?? job;
    return statusOf(job, state);
  }

  async depth(): Promise<number> {
    const c = await this.queue.getJobCounts("waiting", "delayed", "prioritized");
    return (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function statusOf(job: Job, state: string): JobStatus {
  const total = (job.data as { items: JobItem[] }).items.length;
  const progress = typeof job.progress === "number" ? job.progress : 0;
  const mapped =
    state === "completed"
      ? "done"
      : state === "failed"
        ? "failed"
        : state === "active"
          ? "running"
          : "queued";
  const iso = (t?: number) => (t ? new Date(t).toISOString() : null);
  return {
    id: String(job.id),
    state: mapped,
    progress: { done: mapped === "done" ? total : progress, total },
    created: iso(job.timestamp) ?? "",
    started: iso(job.processedOn),
    finished: iso(job.finishedOn),
    durationMs: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : null,
    error: job.failedReason ?? null,
    attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade ?? 0) + (job.stalledCounter ?? 0),
    ...(mapped === "done" ? { results: job.returnvalue } : {}),
  };
}

export interface RedisWorker {
  /** finishes the jobs in hand, then stops */
  close(): Promise<void>;
  on(event: "failed", fn: (id: string | undefined, message: string) => void): void;
  on(event: "completed", fn: (id: string, analyses: number) => void): void;
}

/** A BullMQ worker pairing jobs with `config.jobs.workers` threads. */
export async function startRedisWorker(config: PairingConfig): Promise<RedisWorker> {
  const connection = { ...connectionOf(config.jobs.queue), maxRetriesPerRequest: null };
  const pool = await PairingPool.start(config.jobs.workers);
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const { items, record } = job.data as { items: JobItem[]; record?: boolean };
      // A job past its wall limit fails for good: retrying it would only run past the limit again.
      const outcome = await runJobItems(pool, items, config.jobs.maxWallMs, record !== false, (done) =>
        job.updateProgress(done),
      );
      if (outcome.error) throw new UnrecoverableError(outcome.error);
      return outcome.results;
    },
    {
      connection,
      concurrency: config.jobs.workers,
      lockDuration: 10_000,
      stalledInterval: 5_000,
      maxStalledCount: 2,
    },
  );
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await pool.close();
    },
    on: ((event: "failed" | "completed", fn: (...a: never[]) => void) => {
      if (event === "failed")
        worker.on("failed", (job, err) =>
          (fn as (id: string | undefined, m: string) => void)(job?.id, err.message),
        );
      else
        worker.on("completed", (job) =>
          (fn as (id: string, n: number) => void)(
            String(job.id),
            (job.data as { items: unknown[] }).items.length,
          ),
        );
    }) as RedisWorker["on"],
  };
}
