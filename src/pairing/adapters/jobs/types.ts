/** Batch pairing jobs: what a client submits and what it reads back. */
import { z } from "zod";

export const JobRequestSchema = z
  .object({
    analysis: z.record(z.string(), z.unknown()).optional(),
    analyses: z
      .array(
        z
          .object({
            name: z.string().min(1).max(200).optional(),
            analysis: z.record(z.string(), z.unknown()),
          })
          .strict(),
      )
      .min(1)
      .max(10000)
      .optional(),
    /** a folder of analysis .json files on the server's disk */
    folder: z.string().min(1).optional(),
  })
  .strict()
  .refine((b) => [b.analysis, b.analyses, b.folder].filter((x) => x !== undefined).length === 1, {
    message: "give exactly one of analysis, analyses or folder",
  });
export type JobRequest = z.infer<typeof JobRequestSchema>;

export interface JobItem {
  name: string;
  analysis: unknown;
}

export type JobState = "queued" | "running" | "done" | "failed";

export interface ItemOutcome {
  name: string;
  /** the pairing result and metrics, or the error that made this one analysis fail */
  result?: unknown;
  metrics?: { totals: Record<string, number>; rates: Record<string, number>; msPer100Images: number };
  error?: string;
}

export interface JobStatus {
  id: string;
  state: JobState;
  progress: { done: number; total: number };
  created: string;
  started: string | null;
  finished: string | null;
  durationMs: number | null;
  error: string | null;
  /** how many times a worker started it (more than 1 after a crash or a retry); Redis queue only */
  attempts?: number;
  /** present when done */
  results?: ItemOutcome[];
}

export interface SubmitOptions {
  /** append each run to the SLO history (only for trusted callers) */
  record: boolean;
}

/** The queue holds as many jobs as it may: the caller should come back later. */
export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the pairing queue is full; retry in ${retryAfterSeconds} s`);
  }
}

/** How many jobs wait, and how long finished ones are kept. */
export interface QueueLimits {
  maxQueued: number;
  keepJobs: number;
  keepMs: number;
}

export interface JobQueue {
  submit(items: JobItem[], opts?: SubmitOptions): Promise<string>;
  get(id: string): Promise<JobStatus | undefined>;
  depth(): Promise<number>;
  close(): Promise<void>;
}
