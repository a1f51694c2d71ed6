/**
 * npm run pairing:worker — a BullMQ worker for PAIR_QUEUE=redis://… jobs. Run as many as you like, on any machine
 * that reaches the Redis; each pairs with PAIR_WORKERS threads. SIGTERM finishes the jobs in hand, then exits.
 */
import { UnrecoverableError, Worker } from "bullmq";
import { loadPairingConfig } from "../pairing/index.js";
import { summarise } from "../pairing/jobs/inprocess.js";
import { PairingPool } from "../pairing/jobs/pool.js";
import { connectionOf, QUEUE_NAME } from "../pairing/jobs/redis.js";
import type { ItemOutcome, JobItem } from "../pairing/jobs/types.js";
import { runCli, UsageError } from "./common.js";

runCli(async () => {
  const config = loadPairingConfig();
  if (!config.jobs.queue) throw new UsageError("PAIR_QUEUE is not set: the worker needs redis://host:port");
  const connection = { ...connectionOf(config.jobs.queue), maxRetriesPerRequest: null };
  const pool = await PairingPool.start(config.jobs.workers);
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const items = (job.data as { items: JobItem[] }).items;
      const t0 = Date.now();
      const results: ItemOutcome[] = [];
      let done = 0;
      // Items run on the thread pool; progress is the number finished. A job past its wall limit fails for good.
      const work = Promise.all(
        items.map(async (item, k) => {
          results[k] = summarise(item.name, await pool.pair(item.name, item.analysis));
          done++;
          await job.updateProgress(done);
        }),
      );
      let timer: NodeJS.Timeout | undefined;
      const wall = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new UnrecoverableError(
                `the job ran past PAIR_BATCH_MAX_WALL_MS (${config.jobs.maxWallMs} ms) after ${done} of ${items.length} analyses`,
              ),
            ),
          config.jobs.maxWallMs - (Date.now() - t0),
        );
      });
      try {
        await Promise.race([work, wall]);
      } finally {
        clearTimeout(timer);
      }
      return results;
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
  console.log(`pairing worker ${process.pid} on ${config.jobs.queue} with ${config.jobs.workers} threads`);
  worker.on("failed", (job, err) => console.error(`job ${job?.id} failed: ${err.message}`));
  worker.on("completed", (job) =>
    console.log(`job ${job.id} done (${(job.data as { items: unknown[] }).items.length} analyses)`),
  );
  const stop = async () => {
    await worker.close();
    await pool.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
  return new Promise<number>(() => {});
});
