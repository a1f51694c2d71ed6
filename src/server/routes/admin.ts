import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import client from "prom-client";
import { z } from "zod";
import {
  CacheClearResponseSchema,
  CacheWarmupResponseSchema,
  ErrorResponseSchema,
  ReloadRefusedSchema,
  ReloadResponseSchema,
} from "../schemas.js";
import { ADMIN_SECURITY, type RouteContext } from "./context.js";

/** Cache warm-up and clearing, and swapping in the registry's current best: admin only. */
export function adminRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { service, requireAdmin } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reloads = new client.Counter({
    name: "shelfwise_model_reloads_total",
    help: "model reloads by outcome",
    labelNames: ["outcome"],
    registers: [ctx.registry],
  });
  r.post(
    "/cache_warmup",
    {
      preHandler: requireAdmin,
      schema: {
        summary: "precompute recommendations for the most active users",
        security: ADMIN_SECURITY,
        body: z.object({ users: z.number().int().min(0).max(100_000).optional() }).strict(),
        response: { 200: CacheWarmupResponseSchema, 400: ErrorResponseSchema },
      },
    },
    async (req) => ({
      warmed: await service.warmup(req.body.users, ctx.config.limits.batch_slice_ms),
      cache: service.cacheStats(),
    }),
  );
  r.post(
    "/cache_clear",
    {
      preHandler: requireAdmin,
      schema: {
        summary: "empty every cache",
        security: ADMIN_SECURITY,
        response: { 200: CacheClearResponseSchema },
      },
    },
    async () => {
      service.clearCaches();
      return { cleared: true as const };
    },
  );
  r.post(
    "/reload_model",
    {
      preHandler: requireAdmin,
      schema: {
        summary: "swap in the registry's current_best (refused if it fails verification)",
        security: ADMIN_SECURITY,
        response: {
          200: ReloadResponseSchema,
          409: ReloadRefusedSchema,
        },
      },
    },
    async (_req, reply) => {
      const previous = service.state.modelId;
      try {
        const next = await ctx.loadState();
        if (next.modelId !== previous) {
          service.swap(next);
          ctx.onReloaded?.(next.modelId);
        }
        reloads.inc({ outcome: next.modelId !== previous ? "swapped" : "unchanged" });
        return { model_id: service.state.modelId, previous, changed: next.modelId !== previous };
      } catch (e) {
        reloads.inc({ outcome: "refused" });
        return reply
          .code(409)
          .send({ error: "reload_refused", message: (e as Error).message, model_id: previous });
      }
    },
  );
}
