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
import { ErrorResponseSchema } from "../schemas.js";
import type { RouteContext } from "./context.js";

/** Recommendations for one user or many, and items similar to a product. */
export function recommendRoutes(app: FastifyInstance, { service }: RouteContext) {
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
    async (req) => service.batch(req.body),
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
