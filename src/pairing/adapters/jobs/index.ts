/** Batch pairing jobs: the embedded queue, the Redis (BullMQ) queue, and reading a folder of analyses. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../../lib/errors.js";
import { readJsonFile } from "../../../lib/fs.js";
import type { PairingConfig } from "../../engine/config.js";
import { InProcessJobQueue } from "./inprocess.js";
import { PairingPool } from "./pool.js";
import type { JobItem, JobQueue, JobRequest, JobStatus } from "./types.js";

export { InProcessJobQueue } from "./inprocess.js";
export { PairingPool } from "./pool.js";
export { type JobItem, type JobQueue, type JobRequest, JobRequestSchema, type JobStatus } from "./types.js";

export class JobInputError extends UserError {}

/** The analyses a request names: one, a list, or every analysis .json in a server-side folder. */
export function jobItems(req: JobRequest): JobItem[] {
  if (req.analysis) return [{ name: "analysis", analysis: req.analysis }];
  if (req.analyses)
    return req.analyses.map((a, i) => ({ name: a.name ?? `analysis-${i + 1}`, analysis: a.analysis }));
  const folder = req.folder!;
  let files: string[];
  try {
    files = readdirSync(folder)
      .filter((f) => f.endsWith(".json") && !/\.(pairing|metrics|truth)\.json$/.test(f))
      .sort();
  } catch {
    throw new JobInputError(`folder: ${folder} cannot be read`);
  }
  if (files.length === 0) throw new JobInputError(`folder: ${folder} has no analysis .json files`);
  return files.map((f) => ({ name: f, analysis: readJsonFile(join(folder, f)) }));
}

/** The queue PAIR_QUEUE asks for: in-process threads by default, BullMQ on Redis for redis://… */
export async function createJobQueue(
  config: PairingConfig,
  onFinished?: (s: JobStatus) => void,
): Promise<JobQueue> {
  if (config.jobs.queue) {
    const { BullMqJobQueue } = await import("./redis.js");
    return BullMqJobQueue.connect(config.jobs.queue, onFinished);
  }
  const pool = await PairingPool.start(config.jobs.workers);
  const q = new InProcessJobQueue(pool, config.jobs.maxWallMs, onFinished);
  const close = q.close.bind(q);
  q.close = async () => {
    await close();
    await pool.close();
  };
  return q;
}
