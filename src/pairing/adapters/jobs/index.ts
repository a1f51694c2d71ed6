/** Batch pairing jobs: the embedded queue, the Redis (BullMQ) queue, and reading a folder of analyses. */
import { readdir, readFile, realpath } from "node:fs/promises";
import { isAbsolute, join, sep } from "node:path";
import { UserError } from "../../../lib/errors.js";
import { parseJsonText } from "../../../lib/json-text.js";
import type { PairingConfig } from "../../engine/config.js";
import { InProcessJobQueue } from "./inprocess.js";
import { PairingPool } from "./pool.js";
import type { JobItem, JobQueue, JobRequest, JobStatus, QueueLimits } from "./types.js";

export { InProcessJobQueue } from "./inprocess.js";
export { PairingPool, PairingTimeoutError } from "./pool.js";
export {
  type JobItem,
  type JobQueue,
  type JobRequest,
  JobRequestSchema,
  type JobStatus,
  QueueFullError,
  type QueueLimits,
} from "./types.js";

export class JobInputError extends UserError {}

/** The analyses a request names: one, a list, or every analysis .json in a server-side folder under `roots`. */
export async function jobItems(req: JobRequest, roots: readonly string[] = []): Promise<JobItem[]> {
  if (req.analysis) return [{ name: "analysis", analysis: req.analysis }];
  if (req.analyses)
    return req.analyses.map((a, i) => ({ name: a.name ?? `analysis-${i + 1}`, analysis: a.analysis }));
  const folder = await folderUnder(req.folder!, roots);
  let files: string[];
  try {
    files = (await readdir(folder))
      .filter((f) => f.endsWith(".json") && !/\.(pairing|metrics|truth)\.json$/.test(f))
      .sort();
  } catch {
    throw new JobInputError(`folder: ${req.folder} cannot be read`);
  }
  if (files.length === 0) throw new JobInputError(`folder: ${req.folder} has no analysis .json files`);
  return Promise.all(
    files.map(async (f) => {
      const path = join(folder, f);
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (e) {
        throw new JobInputError(
          `folder: ${f} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
      return { name: f, analysis: parseJsonText(text, f) };
    }),
  );
}

/**
 * The real path of `folder` when it lies inside one of `roots` (links resolved, so none leads outside);
 * otherwise a JobInputError that does not say whether the folder exists.
 */
async function folderUnder(folder: string, roots: readonly string[]): Promise<string> {
  const refused = new JobInputError(
    `folder: ${folder} is not under a folder this service may read (pairing.folder_roots)`,
  );
  if (roots.length === 0 || !isAbsolute(folder)) throw refused;
  let real: string;
  try {
    real = await realpath(folder);
  } catch {
    throw refused;
  }
  for (const root of roots) {
    const r = await realpath(root).catch(() => null);
    if (r !== null && (real === r || real.startsWith(r.endsWith(sep) ? r : r + sep))) return real;
  }
  throw refused;
}

export interface QueueOptions {
  onFinished?: (s: JobStatus) => void;
  /** pair on this pool (shared with the caller, who closes it) instead of one of the queue's own */
  pool?: PairingPool;
  limits?: QueueLimits;
}

/** The queue PAIR_QUEUE asks for: in-process threads by default, BullMQ on Redis for redis://… */
export async function createJobQueue(config: PairingConfig, opts: QueueOptions = {}): Promise<JobQueue> {
  if (config.jobs.queue) {
    const { BullMqJobQueue } = await import("./redis.js");
    return BullMqJobQueue.connect(config.jobs.queue, opts.onFinished);
  }
  const pool = opts.pool ?? (await PairingPool.start(config.jobs.workers));
  const q = new InProcessJobQueue(pool, config.jobs.maxWallMs, opts.onFinished, opts.limits);
  if (!opts.pool) {
    const close = q.close.bind(q);
    q.close = async () => {
      await close();
      await pool.close();
    };
  }
  return q;
}

/** A BullMQ worker for PAIR_QUEUE jobs; bullmq is loaded only by the processes that need it. */
export async function startRedisWorker(config: PairingConfig) {
  const { startRedisWorker: start } = await import("./redis.js");
  return start(config);
}
