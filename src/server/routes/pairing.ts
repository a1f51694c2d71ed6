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
  PairingTimeoutError,
  QueueFullError,
} from "../../pairing/index.js";
import { hasValidToken, isAdmin } from "../plugins/auth.js";
import { BadRequest } from "../plugins/errors.js";
import {
  ErrorResponseSchema,
  JobAcceptedSchema,
  JobStatusSchema,
  PairingResponseSchema,
} from "../schemas.js";
import type { RouteContext } from "./context.js";

/**
 * Pairing one analysis at once, and batch jobs on the embedded queue or BullMQ. Every run happens on the worker
 * pool: the request loop only hands over the body's text and waits. Only trusted callers (the admin trust
 * model) write the SLO history and move the alert gauges; only a caller with the admin token may name a folder.
 */
export function pairingRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { limits, pairing: settings } = ctx.config;
  const { trust } = ctx;
  const pairingConfig = loadPairingConfig();
  const alertGauge = new client.Gauge({
    name: "shelfwise_pairing_alert",
    help: "pairing SLO alert rules after the latest recorded run (1 = firing)",
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
  const pairingRuns = new client.Counter({
    name: "shelfwise_pairing_runs_total",
    help: "pairing runs over HTTP, by outcome",
    labelNames: ["outcome"],
    registers: [ctx.registry],
  });

  const workers = ctx.pairingPool;
  let queue: Promise<JobQueue> | undefined;
  const jobQueue = () => {
    queue ??= ctx.jobQueue
      ? Promise.resolve(ctx.jobQueue)
      : workers().then((p) =>
          createJobQueue(pairingConfig, {
            pool: p,
            onFinished: (s) => jobDuration.observe({ state: s.state }, (s.durationMs ?? 0) / 1000),
            limits: {
              maxQueued: settings.max_queued_jobs,
              keepJobs: settings.keep_jobs,
              keepMs: settings.keep_job_seconds * 1000,
            },
          }),
        );
    return queue;
  };
  ctx.findPairingJob = async (id) => (await jobQueue()).get(id);
  new client.Gauge({
    name: "shelfwise_pairing_queue_depth",
    help: "pairing jobs waiting to start",
    registers: [ctx.registry],
    async collect() {
      this.set(queue ? await (await queue).depth() : 0);
    },
  });
  // A service starts its pairing threads before it takes traffic: their boot then competes with no request, the
  // first /pairing does not wait for them, and memory reaches its steady size early.
  if (ctx.startPairingWorkers)
    app.addHook("onReady", async () => {
      await workers();
    });
  app.addHook("onClose", async () => {
    if (queue && !ctx.jobQueue) await (await queue).close();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/pairing/jobs",
    {
      schema: {
        summary:
          "queue a batch pairing job: one analysis, a list, or (admin token) a folder under pairing.folder_roots (202 with the job id)",
        body: JobRequestSchema,
        response: {
          202: JobAcceptedSchema,
          400: ErrorResponseSchema,
          401: ErrorResponseSchema,
          429: ErrorResponseSchema,
        },
      },
    },
    async (req, reply) => {
      if (req.body.folder !== undefined && !hasValidToken(req, trust.token))
        return reply.code(401).send({
          error: "unauthorized",
          message: "folder jobs need Authorization: Bearer <token> (server.auth_token must be set)",
        });
      const items = await jobItems(req.body, settings.folder_roots);
      try {
        const id = await (await jobQueue()).submit(items, { record: isAdmin(req, trust) });
        return reply
          .code(202)
          .send({ id, state: "queued", total: items.length, status_url: `/pairing/jobs/${id}` });
      } catch (e) {
        if (!(e instanceof QueueFullError)) throw e;
        return reply
          .code(429)
          .header("retry-after", String(e.retryAfterSeconds))
          .send({ error: "too_many_jobs", message: e.message });
      }
    },
  );
  r.get(
    "/pairing/jobs/:id",
    {
      schema: {
        summary: "a job's state, progress and, when done, each analysis's result and metrics",
        params: z.object({ id: z.string().max(100) }),
        response: {
          200: JobStatusSchema,
          404: ErrorResponseSchema,
        },
      },
    },
    async (req, reply) => {
      const status = await (await jobQueue()).get(req.params.id);
      if (!status) return reply.code(404).send({ error: "not_found", message: "no such pairing job" });
      return status;
    },
  );

  // The analysis moves to a worker as raw bytes: the worker decodes, parses and checks it, and writes the reply's
  // bytes, so a 10 MB body costs this loop one copy (reading it off the socket) and no parse.
  app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/pairing",
      {
        schema: {
          summary: `pair an analysis.json (groups + imageInsights) into products; at most ${limits.pairing_images} images`,
          response: {
            200: PairingResponseSchema,
            400: ErrorResponseSchema,
            503: ErrorResponseSchema,
          },
        },
      },
      async (req, reply) => {
        if (!(req.body instanceof Uint8Array))
          throw new BadRequest("body: expected an analysis JSON object with groups and imageInsights");
        try {
          const out = await (await workers()).run({
            name: "request body",
            json: req.body,
            record: isAdmin(req, trust),
            replyJson: true,
            maxImages: limits.pairing_images,
            timeoutMs: limits.request_timeout_ms,
          });
          if (out.error) {
            pairingRuns.inc({ outcome: out.badInput ? "bad_input" : "failed" });
            if (out.badInput) throw new BadRequest(out.error);
            throw new Error(out.error);
          }
          pairingRuns.inc({ outcome: "paired" });
          for (const a of out.alerts ?? []) alertGauge.set({ rule: a.rule }, a.firing ? 1 : 0);
          // the worker wrote the reply's JSON: this loop only passes the bytes on
          const bytes = out.reply!;
          return reply
            .type("application/json")
            .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
        } catch (e) {
          if (!(e instanceof PairingTimeoutError)) throw e;
          pairingRuns.inc({ outcome: "timed_out" });
          return reply.code(503).send({ error: "timed_out", message: e.message });
        }
      },
    );
  });
}
