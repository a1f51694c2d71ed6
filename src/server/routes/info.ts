import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { CacheStatsResponseSchema, redactedConfig } from "../../recsys/index.js";
import { BadRequest } from "../plugins/errors.js";
import {
  ErrorResponseSchema,
  HealthResponseSchema,
  ModelInfoResponseSchema,
  SampleUsersResponseSchema,
  StatsResponseSchema,
} from "../schemas.js";
import type { RouteContext } from "./context.js";

/** Liveness, the model being served, counters and caches, and sample ids for the smoke and load scripts. */
export function infoRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { service, drain, config } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/health",
    {
      schema: {
        summary: "liveness and the model being served",
        response: { 200: HealthResponseSchema, 503: HealthResponseSchema },
      },
    },
    async (_req, reply) => {
      const body = {
        status: drain.stopping ? ("draining" as const) : ("ok" as const),
        model_id: service.state.modelId,
        uptime_s: Math.round((Date.now() - ctx.started) / 1000),
      };
      return drain.stopping ? reply.code(503).send(body) : body;
    },
  );
  r.get(
    "/model_info",
    {
      schema: {
        summary: "current model: id, type, params, metrics, data hash, effective config",
        response: { 200: ModelInfoResponseSchema },
      },
    },
    async () => {
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
    },
  );
  r.get(
    "/stats",
    {
      schema: {
        summary: "users (trainable, cold), items, interactions, request and cache counters",
        response: { 200: StatsResponseSchema },
      },
    },
    async () => {
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
    },
  );
  r.get(
    "/cache_stats",
    {
      schema: {
        summary: "per cache: size, max, hits, misses, hit_rate, evictions",
        response: { 200: CacheStatsResponseSchema },
      },
    },
    async () => service.cacheStats(),
  );
  r.get(
    "/sample_users",
    {
      schema: {
        summary: "ids of trainable (>= 2 interactions) or cold (1) users, for smoke and load tests",
        querystring: z.object({ kind: z.string().optional(), n: z.string().optional() }),
        response: { 200: SampleUsersResponseSchema, 400: ErrorResponseSchema },
      },
    },
    async (req) => {
      const kind = req.query.kind ?? "trainable";
      const n = req.query.n === undefined ? 100 : Number(req.query.n);
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
    },
  );
}
