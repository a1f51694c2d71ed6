/** The OpenAPI document served at /docs, generated from the same zod schemas the handlers validate with. */

import { z } from "zod";
import { JobRequestSchema } from "../pairing/index.js";
import { BatchRequestSchema, RecommendRequestSchema, SimilarRequestSchema } from "../recsys/index.js";
import {
  BatchResponseSchema,
  CacheStatsResponseSchema,
  ErrorResponseSchema,
  HealthResponseSchema,
  ModelInfoResponseSchema,
  RecommendResponseSchema,
  ReloadResponseSchema,
  SimilarResponseSchema,
  StatsResponseSchema,
} from "./responses.js";

const body = (schema: z.ZodType, description: string) => ({
  description,
  required: true,
  content: {
    "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) },
  },
});
const json = (schema: z.ZodType) => ({
  "application/json": { schema: z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) },
});
const ok = (description: string, schema?: z.ZodType) => ({
  200: { description, ...(schema ? { content: json(schema) } : {}) },
  400: {
    description: "bad request: the message says which field and why",
    content: json(ErrorResponseSchema),
  },
});
const admin = [{ bearer: [] as string[] }];

export function openApiDocument(version: string) {
  return {
    openapi: "3.0.3",
    info: {
      title: "Shelfwise",
      version,
      description: "Cosmetics recommender and product-photo pairing service.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths: {
      "/health": {
        get: {
          summary: "liveness and the model being served",
          responses: ok("status", HealthResponseSchema),
        },
      },
      "/model_info": {
        get: {
          summary: "current model: id, type, params, metrics, data hash, effective config",
          responses: ok("model", ModelInfoResponseSchema),
        },
      },
      "/stats": {
        get: {
          summary: "users (trainable, cold), items, interactions, request and cache counters",
          responses: ok("stats", StatsResponseSchema),
        },
      },
      "/cache_stats": {
        get: {
          summary: "per cache: size, max, hits, misses, hit_rate, evictions",
          responses: ok("caches", CacheStatsResponseSchema),
        },
      },
      "/cache_warmup": {
        post: {
          summary: "precompute recommendations for the most active users",
          security: admin,
          responses: ok("warmed"),
        },
      },
      "/cache_clear": { post: { summary: "empty every cache", security: admin, responses: ok("cleared") } },
      "/recommend": {
        post: {
          summary: "top-k recommendations for one user",
          requestBody: body(RecommendRequestSchema, "user, topk, filters, rerank"),
          responses: ok("recommendations", RecommendResponseSchema),
        },
      },
      "/batch_recommend": {
        post: {
          summary: "recommendations for many users (same options)",
          requestBody: body(BatchRequestSchema, "user ids and options"),
          responses: ok("results", BatchResponseSchema),
        },
      },
      "/similar_items": {
        post: {
          summary: "items similar to a product",
          requestBody: body(SimilarRequestSchema, "product, topk, method"),
          responses: {
            ...ok("similar items", SimilarResponseSchema),
            404: { description: "unknown product" },
          },
        },
      },
      "/reload_model": {
        post: {
          summary: "swap in the registry's current_best (refused if it fails verification)",
          security: admin,
          responses: {
            ...ok("reloaded", ReloadResponseSchema),
            409: { description: "the new model failed to load; the old one keeps serving" },
          },
        },
      },
      "/pairing/jobs": {
        post: {
          summary:
            "queue a batch pairing job: one analysis, a list, or a server-side folder of analyses (202 with the job id)",
          requestBody: body(JobRequestSchema, "exactly one of analysis, analyses, folder"),
          responses: ok("queued"),
        },
      },
      "/pairing/jobs/{id}": {
        get: {
          summary: "a job's state, progress and, when done, each analysis's result and metrics",
          responses: { ...ok("job status"), 404: { description: "unknown job" } },
        },
      },
      "/sample_users": {
        get: {
          summary: "ids of trainable (>= 2 interactions) or cold (1) users, for smoke and load tests",
          responses: ok("ids"),
        },
      },
      "/metrics": { get: { summary: "Prometheus metrics", responses: ok("text exposition") } },
      "/pairing": {
        post: {
          summary: "pair an analysis.json (groups + imageInsights) into products",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
          responses: ok("pairing result and metrics"),
        },
      },
    },
  };
}
