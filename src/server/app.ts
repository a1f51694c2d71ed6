/**
 * The one HTTP service: recommender endpoints, pairing, metrics and docs. Every handler validates its body with
 * zod and answers 4xx with a message naming the field; unexpected errors are logged and answered 500 without
 * details. Review text and tokens never reach the logs (only method, route, status and timing are logged).
 */

import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import client from "prom-client";
import type { z } from "zod";
import { UserError } from "../lib/errors.js";
import {
  ALERT_RULES,
  createJobQueue,
  type JobQueue,
  JobRequestSchema,
  jobItems,
  loadPairingConfig,
  pairWithTieBreak,
  recordRun,
} from "../pairing/index.js";
import {
  BatchRequestSchema,
  NotFoundError,
  RecommendRequestSchema,
  type RecommendService,
  redactedConfig,
  type ServingConfig,
  type ServingState,
  SimilarRequestSchema,
} from "../recsys/index.js";
import { adminGuard } from "./admin.js";
import { JsonBodyError, parseJsonBody } from "./json-body.js";
import { openApiDocument } from "./openapi.js";

export interface AppOptions {
  config: ServingConfig;
  service: RecommendService;
  /** Loads the registry's current best; throws if it cannot (the old model then keeps serving). */
  loadState: () => Promise<ServingState>;
  /** Batch pairing queue; by default created on first use from PAIR_QUEUE / PAIR_WORKERS. */
  jobQueue?: JobQueue;
  /** Called after POST /reload_model swapped the model, so other cluster workers can reload too. */
  onReloaded?: (modelId: string) => void;
  logger?: boolean;
}

class BadRequest extends Error {}

interface DrainState {
  inFlight: number;
  lastStart: number;
  draining: boolean;
}
const drains = new WeakMap<FastifyInstance, DrainState>();

/**
 * Graceful stop: keep answering (with `connection: close`, and 503 on /health so balancers stop sending) until no
 * request is in flight and none has started for `quietMs`, then close. Closing at once would drop requests that
 * were already sent but not yet read off their sockets while the event loop was busy.
 */
export async function drainAndClose(app: FastifyInstance, quietMs = 200, maxMs = 10_000): Promise<void> {
  const d = drains.get(app);
  if (d) {
    d.draining = true;
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline && (d.inFlight > 0 || Date.now() - d.lastStart < quietMs)) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await app.close();
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  // no body at all reads as {} (so the message names the missing field); an explicit null is a wrong body
  const r = schema.safeParse(body === undefined ? {} : body);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new BadRequest(`${i.path.length ? i.path.join(".") : "body"}: ${i.message}`);
  }
  return r.data;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, service } = opts;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : { level: config.server.log_level, redact: ["req.headers.authorization"] },
    bodyLimit: config.server.body_limit_bytes,
  });
  const registry = new client.Registry();
  const latency = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "request latency by route",
    labelNames: ["route", "method", "status"],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  new client.Gauge({
    name: "shelfwise_cache_hit_rate",
    help: "hit rate per cache",
    labelNames: ["cache"],
    registers: [registry],
    collect() {
      for (const [name, s] of Object.entries(service.cacheStats())) this.set({ cache: name }, s.hit_rate);
    },
  });
  new client.Gauge({
    name: "shelfwise_fallback_rate",
    help: "share of recommendation requests answered by the cold-start or popularity path",
    registers: [registry],
    collect() {
      this.set(service.counters.requests ? service.counters.fallbacks / service.counters.requests : 0);
    },
  });
  new client.Gauge({
    name: "shelfwise_model_info",
    help: "the model being served (value 1)",
    labelNames: ["model_id", "type"],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ model_id: service.state.modelId, type: service.state.modelType }, 1);
    },
  });
  const cfgGauge = new client.Gauge({
    name: "shelfwise_config",
    help: "effective numeric serving config",
    labelNames: ["key"],
    registers: [registry],
  });
  for (const [k, v] of flatNumbers(redactedConfig(config))) cfgGauge.set({ key: k }, v);
  const reloads = new client.Counter({
    name: "shelfwise_model_reloads_total",
    help: "model reloads by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });

  const drain: DrainState = { inFlight: 0, lastStart: Date.now(), draining: false };
  drains.set(app, drain);
  app.addHook("onRequest", async (_req, reply) => {
    drain.inFlight++;
    drain.lastStart = Date.now();
    if (drain.draining) reply.header("connection", "close");
  });
  app.addHook("onResponse", async (req, reply) => {
    drain.inFlight--;
    latency.observe(
      { route: req.routeOptions.url ?? "unknown", method: req.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    if (err instanceof BadRequest || err instanceof UserError || err instanceof JsonBodyError)
      return reply.code(400).send({ error: "bad_request", message: err.message });
    if (err instanceof NotFoundError)
      return reply.code(404).send({ error: "not_found", message: err.message });
    const status = err.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: "bad_request", message: err.message });
    req.log.error({ err }, "unexpected error");
    return reply.code(500).send({ error: "internal", message: "internal error" });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: "not_found", message: `no route ${req.method} ${req.url}` }),
  );

  const requireAdmin = adminGuard(config.server.auth_token);

  await app.register(fastifySwagger, {
    mode: "static",
    specification: { document: openApiDocument("0.2.0") as never },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  const started = Date.now();
  app.get("/health", async (_req, reply) => {
    const body = {
      status: drain.draining ? "draining" : "ok",
      model_id: service.state.modelId,
      uptime_s: Math.round((Date.now() - started) / 1000),
    };
    return drain.draining ? reply.code(503).send(body) : body;
  });
  app.get("/model_info", async () => {
    const s = service.state;
    return {
      model_id: s.modelId,
      type: s.modelType,
      params: s.entry.params,
      metrics: s.entry.metrics,
      data_hash: s.entry.data_hash,
      created: s.entry.created,
      loaded_at: s.loadedAt,
      items: s.ds.nItems,
      config: redactedConfig(config),
    };
  });
  app.get("/stats", async () => {
    const s = service.state;
    return {
      users: s.users.total,
      trainable_users: s.users.trainable,
      cold_users: s.users.cold,
      items: s.ds.nItems,
      interactions: s.ds.user.length,
      requests: service.counters.requests,
      fallbacks: service.counters.fallbacks,
      rss_mb: Math.round(process.memoryUsage().rss / 1e5) / 10,
      cache: service.cacheStats(),
    };
  });
  app.get("/cache_stats", async () => service.cacheStats());
  // Ids only, for smoke and load tests that need real users of each kind.
  app.get("/sample_users", async (req) => {
    const q = req.query as { kind?: string; n?: string };
    const kind = q.kind ?? "trainable";
    const n = q.n === undefined ? 100 : Number(q.n);
    if (!["trainable", "cold"].includes(kind)) throw new BadRequest('kind: expected "trainable" or "cold"');
    if (!(Number.isInteger(n) && n >= 1 && n <= 10000))
      throw new BadRequest("n: expected an integer 1..10000");
    const s = service.state;
    const out: string[] = [];
    for (let u = 0; u < s.ds.nUsers && out.length < n; u++) {
      const len = s.history.indptr[u + 1]! - s.history.indptr[u]!;
      if (kind === "trainable" ? len >= 2 : len === 1) out.push(s.ds.userIds[u]!);
    }
    return { kind, user_ids: out, product_ids: s.ds.itemIds.slice(0, 5) };
  });
  app.post("/cache_warmup", { preHandler: requireAdmin }, async (req) => {
    const body = (req.body ?? {}) as { users?: unknown };
    const users = body.users === undefined ? undefined : Number(body.users);
    if (users !== undefined && !(Number.isInteger(users) && users >= 0 && users <= 100000))
      throw new BadRequest("users: expected an integer 0..100000");
    return { warmed: service.warmup(users), cache: service.cacheStats() };
  });
  app.post("/cache_clear", { preHandler: requireAdmin }, async () => {
    service.clearCaches();
    return { cleared: true };
  });
  app.post("/recommend", async (req) => service.recommend(parse(RecommendRequestSchema, req.body)));
  app.post("/batch_recommend", async (req) => service.batch(parse(BatchRequestSchema, req.body)));
  app.post("/similar_items", async (req) => service.similarItems(parse(SimilarRequestSchema, req.body)));
  app.post("/reload_model", { preHandler: requireAdmin }, async (_req, reply) => {
    const previous = service.state.modelId;
    try {
      const next = await opts.loadState();
      if (next.modelId !== previous) {
        service.swap(next);
        opts.onReloaded?.(next.modelId);
      }
      reloads.inc({ outcome: next.modelId !== previous ? "swapped" : "unchanged" });
      return { model_id: service.state.modelId, previous, changed: next.modelId !== previous };
    } catch (e) {
      reloads.inc({ outcome: "refused" });
      return reply
        .code(409)
        .send({ error: "reload_refused", message: (e as Error).message, model_id: previous });
    }
  });
  app.get("/metrics", async (_req, reply) =>
    reply.header("content-type", registry.contentType).send(await registry.metrics()),
  );
  const pairingConfig = loadPairingConfig();
  const alertGauge = new client.Gauge({
    name: "shelfwise_pairing_alert",
    help: "pairing SLO alert rules after the latest run (1 = firing)",
    labelNames: ["rule"],
    registers: [registry],
  });
  for (const rule of ALERT_RULES) alertGauge.set({ rule }, 0);
  const jobDuration = new client.Histogram({
    name: "shelfwise_pairing_job_duration_seconds",
    help: "batch pairing job duration (in-process queue)",
    labelNames: ["state"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  let queue: Promise<JobQueue> | undefined;
  const jobQueue = () => {
    queue ??= opts.jobQueue
      ? Promise.resolve(opts.jobQueue)
      : createJobQueue(pairingConfig, (s) =>
          jobDuration.observe({ state: s.state }, (s.durationMs ?? 0) / 1000),
        );
    return queue;
  };
  new client.Gauge({
    name: "shelfwise_pairing_queue_depth",
    help: "pairing jobs waiting to start",
    registers: [registry],
    async collect() {
      this.set(queue ? await (await queue).depth() : 0);
    },
  });
  app.addHook("onClose", async () => {
    if (queue && !opts.jobQueue) await (await queue).close();
  });
  app.post("/pairing/jobs", async (req, reply) => {
    const body = parse(JobRequestSchema, req.body);
    const items = jobItems(body);
    const id = await (await jobQueue()).submit(items);
    return reply
      .code(202)
      .send({ id, state: "queued", total: items.length, status_url: `/pairing/jobs/${id}` });
  });
  app.get("/pairing/jobs/:id", async (req, reply) => {
    const { id } = req.params as { id: string };
    const status = await (await jobQueue()).get(id);
    if (!status) return reply.code(404).send({ error: "not_found", message: `no pairing job ${id}` });
    return status;
  });
  const pairingRuns = new client.Counter({
    name: "shelfwise_pairing_runs_total",
    help: "pairing runs, by whether the model tie-break was called",
    labelNames: ["used_model"],
    registers: [registry],
  });
  app.post("/pairing", async (req) => {
    if (req.body === undefined || req.body === null || typeof req.body !== "object")
      throw new BadRequest("body: expected an analysis JSON object with groups and imageInsights");
    const run = await pairWithTieBreak(req.body, pairingConfig, "request body");
    const alerts = recordRun(pairingConfig, run.metrics, "http");
    for (const a of alerts) alertGauge.set({ rule: a.rule }, a.firing ? 1 : 0);
    pairingRuns.inc({ used_model: run.tieBreak.usedModel ? "yes" : "no" });
    return { result: run.result, metrics: run.metrics, alerts: alerts.filter((a) => a.firing) };
  });
  return app;
}

function flatNumbers(obj: unknown, prefix = ""): [string, number][] {
  if (typeof obj === "number") return [[prefix, obj]];
  if (typeof obj === "boolean") return [[prefix, obj ? 1 : 0]];
  if (!obj || typeof obj !== "object") return [];
  return Object.entries(obj).flatMap(([k, v]) => flatNumbers(v, prefix ? `${prefix}.${k}` : k));
}
