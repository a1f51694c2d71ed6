import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  BatchRequestSchema,
  BatchResponseSchema,
  RecommendRequestSchema,
  RecommendResponseSchema,
  SimilarRequestSchema,
  SimilarResponseSchema,
} from "../../recsys/index.js";
import { BadRequest } from "../plugins/errors.js";
import { ErrorResponseSchema } from "../schemas.js";
import type { RouteContext } from "./context.js";

/** Recommendations for one user or many, and items similar to a product. */
export function recommendRoutes(app: FastifyInstance, { service, config }: RouteContext) {
  const { limits } = config;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const bad = { 400: ErrorResponseSchema };
  r.post(
    "/recommend",
    {
      schema: {
        summary: "top-k recommendations for one user",
        body: RecommendRequestSchema,
        response: { 200: RecommendResponseSchema, ...bad },
      },
    },
    async (req) => service.recommend(req.body),
  );
  r.post(
    "/batch_recommend",
    {
      schema: {
        summary: "recommendations for many users (same options)",
        body: BatchRequestSchema,
        response: { 200: BatchResponseSchema, ...bad },
      },
    },
    async (req, reply) => {
      const users = req.body.user_ids.length;
      if (users > limits.batch_users)
        throw new BadRequest(
          `user_ids: ${users} users; at most ${limits.batch_users} in one request (limits.batch_users)`,
        );
      const topk = req.body.topk ?? config.recommend.default_topk;
      if (users * topk > limits.batch_results)
        throw new BadRequest(
          `user_ids × topk: ${users} × ${topk} = ${users * topk} recommendations; at most ${limits.batch_results} in one request (limits.batch_results)`,
        );
      const json = await service.batchJson(req.body, limits.batch_slice_ms);
      return reply.type("application/json").send(json as never);
    },
  );
  r.post(
    "/similar_items",
    {
      schema: {
        summary: "items similar to a product",
        body: SimilarRequestSchema,
        response: { 200: SimilarResponseSchema, ...bad, 404: ErrorResponseSchema },
      },
    },
    async (req) => service.similarItems(req.body),
  );
}
