/**
 * npm run pairing:worker — a BullMQ worker for PAIR_QUEUE=redis://… jobs. Run as many as you like, on any machine
 * that reaches the Redis; each pairs with PAIR_WORKERS threads. SIGTERM finishes the jobs in hand, then exits.
 */
import { UnrecoverableError, Worker } from "bullmq";
import {
  connectionOf,
  type JobItem,
  loadPairingConfig,
  PairingPool,
  QUEUE_NAME,
  runJobItems,
} from "../pairing/index.js";
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
      // A job past its wall limit fails for good: retrying it would only run past the limit again.
      const outcome = await runJobItems(pool, items, config.jobs.maxWallMs, (done) =>
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
