/**
 * npm run pairing:worker — a BullMQ worker for PAIR_QUEUE=redis://… jobs. Run as many as you like, on any machine
 * that reaches the Redis; each pairs with PAIR_WORKERS threads. SIGTERM finishes the jobs in hand, then exits.
 */
import { loadPairingConfig, startRedisWorker } from "../pairing/index.js";
import { runCli, UsageError } from "./common.js";

runCli(async () => {
  const config = loadPairingConfig();
  if (!config.jobs.queue) throw new UsageError("PAIR_QUEUE is not set: the worker needs redis://host:port");
  const worker = await startRedisWorker(config);
  console.log(`pairing worker ${process.pid} on ${config.jobs.queue} with ${config.jobs.workers} threads`);
  worker.on("failed", (id, message) => console.error(`job ${id} failed: ${message}`));
  worker.on("completed", (id, analyses) => console.log(`job ${id} done (${analyses} analyses)`));
  const stop = async () => {
    await worker.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
  return new Promise<number>(() => {});
});
