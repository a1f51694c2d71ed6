/** The recommender's response shapes: the service's types come from them, and the HTTP routes document them. */
import { z } from "zod";
import { SIGNALS } from "./config.js";

export const RecommendedItemSchema = z.object({
  product_id: z.string(),
  rank: z.number().int().min(1),
  score: z.number(),
  product_name: z.string(),
  brand: z.string(),
  price: z.number().nullable(),
  avg_star: z.number().nullable(),
  /** each rerank signal of the item, mapped to 0..1 */
  signals: z.record(z.enum(SIGNALS), z.number()),
});
export type RecommendedItem = z.infer<typeof RecommendedItemSchema>;

export const RecommendResponseSchema = z.object({
  user_id: z.string(),
  recommendations: z.array(RecommendedItemSchema),
  count: z.number().int(),
  is_fallback: z.boolean(),
  fallback_method: z.enum(["cold_start_history", "popularity"]).nullable(),
  model_id: z.string(),
  latency_ms: z.number(),
});
export type RecommendResponse = z.infer<typeof RecommendResponseSchema>;

export const BatchResponseSchema = z.object({
  results: z.array(RecommendResponseSchema),
  count: z.number().int(),
  model_id: z.string(),
  latency_ms: z.number(),
});
export type BatchResponse = z.infer<typeof BatchResponseSchema>;

export const SimilarResponseSchema = z.object({
  product_id: z.string(),
  method: z.string(),
  items: z.array(RecommendedItemSchema),
  count: z.number().int(),
  model_id: z.string(),
});
export type SimilarResponse = z.infer<typeof SimilarResponseSchema>;

const CacheStatSchema = z.object({
  size: z.number(),
  max: z.number(),
  hits: z.number(),
  misses: z.number(),
  hit_rate: z.number(),
  evictions: z.number(),
});

export const CacheStatsResponseSchema = z.object({
  recommendations: CacheStatSchema,
  profiles: CacheStatSchema,
  similar_items: CacheStatSchema,
});
export type CacheStats = z.infer<typeof CacheStatsResponseSchema>;
