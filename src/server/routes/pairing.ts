import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import client from "prom-client";
import { z } from "zod";
import {
  ALERT_RULES,
  createJobQueue,
  type JobQueue,
  JobRequestSchema,
  jobItems,
  loadPairingConfig,
  pairWithTieBreak,
  recordRun,
} from "../../pairing/index.js";
import { BadRequest } from "../plugins/errors.js";
import { ErrorResponseSchema } from "../schemas.js";
import type { RouteContext } from "./context.js";

/** Pairing one analysis at once, and batch jobs on the embedded queue (worker threads) or BullMQ. */
export function pairingRoutes(app: FastifyInstance, ctx: RouteContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pairingConfig = loadPairingConfig();
  const alertGauge = new client.Gauge({
    name: "shelfwise_pairing_alert",
    help: "pairing SLO alert rules after the latest run (1 = firing)",
    labelNames: ["rule"],
    registers: [ctx.registry],
  });
  for (const rule of ALERT_RULES) alertGauge.set({ rule }, 0);
  const jobDuration = new client.Histogram({
    name: "shelfwise_pairing_job_duration_seconds",
    help: "batch pairing job duration (in-process queue)",
    labelNames: ["state"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [ctx.registry],
  });
  let queue: Promise<JobQueue> | undefined;
  const jobQueue = () => {
    queue ??= ctx.jobQueue
      ? Promise.resolve(ctx.jobQueue)
      : createJobQueue(pairingConfig, (s) =>
          jobDuration.observe({ state: s.state }, (s.durationMs ?? 0) / 1000),
        );
    return queue;
  };
  new client.Gauge({
    name: "shelfwise_pairing_queue_depth",
    help: "pairing jobs waiting to start",
    registers: [ctx.registry],
    async collect() {
      this.set(queue ? await (await queue).depth() : 0);
    },
  });
  app.addHook("onClose", async () => {
    if (queue && !ctx.jobQueue) await (await queue).close();
  });
  const pairingRuns = new client.Counter({
    name: "shelfwise_pairing_runs_total",
    help: "pairing runs, by whether the model tie-break was called",
    labelNames: ["used_model"],
    registers: [ctx.registry],
  });

  r.post(
    "/pairing/jobs",
    {
      schema: {
        summary:
          "queue a batch pairing job: one analysis, a list, or a server-side folder of analyses (202 with the job id)",
        body: JobRequestSchema,
        response: {
          202: z.object({
            id: z.string(),
            state: z.string(),
            total: z.number().int(),
            status_url: z.string(),
          }),
          400: ErrorResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const items = jobItems(req.body);
      const id = await (await jobQueue()).submit(items);
      return reply
        .code(202)
        .send({ id, state: "queued", total: items.length, status_url: `/pairing/jobs/${id}` });
    },
  );
  r.get(
    "/pairing/jobs/:id",
    {
      schema: {
        summary: "a job's state, progress and, when done, each analysis's result and metrics",
        params: z.object({ id: z.string() }),
        response: {
          200: z.object({
            id: z.string(),
            state: z.string(),
            progress: z.object({ done: z.number(), total: z.number() }),
          }),
          404: ErrorResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const status = await (await jobQueue()).get(req.params.id);
      if (!status)
        return reply.code(404).send({ error: "not_found", message: `no pairing job ${req.params.id}` });
      return status;
    },
  );
  r.post(
    "/pairing",
    {
      schema: {
        summary: "pair an analysis.json (groups + imageInsights) into products",
        response: {
          200: z.object({
            result: z.object({ products: z.array(z.unknown()), pairs: z.array(z.unknown()) }),
            metrics: z.object({ totals: z.record(z.string(), z.number()) }),
            alerts: z.array(z.object({ rule: z.string(), firing: z.boolean() })),
          }),
          400: ErrorResponseSchema,
        },
      },
    },
    async (req) => {
      if (req.body === undefined || req.body === null || typeof req.body !== "object")
        throw new BadRequest("body: expected an analysis JSON object with groups and imageInsights");
      const run = await pairWithTieBreak(req.body, pairingConfig, "request body");
      const alerts = recordRun(pairingConfig, run.metrics, "http");
      for (const a of alerts) alertGauge.set({ rule: a.rule }, a.firing ? 1 : 0);
      pairingRuns.inc({ used_model: run.tieBreak.usedModel ? "yes" : "no" });
      return { result: run.result, metrics: run.metrics, alerts: alerts.filter((a) => a.firing) };
    },
  );
}
