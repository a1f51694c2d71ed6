/** Response schemas: documented in /docs and checked against real responses by the tests. */
import { z } from "zod";

const Signals = z.object({
  cf: z.number(),
  content: z.number(),
  popularity: z.number(),
  quality: z.number(),
  item_item: z.number(),
});
export const RecommendedItemSchema = z.object({
  product_id: z.string(),
  rank: z.number().int().min(1),
  score: z.number(),
  product_name: z.string(),
  brand: z.string(),
  price: z.number().nullable(),
  avg_star: z.number().nullable(),
  signals: Signals,
});
export const RecommendResponseSchema = z.object({
  user_id: z.string(),
  recommendations: z.array(RecommendedItemSchema),
  count: z.number().int(),
  is_fallback: z.boolean(),
  fallback_method: z.enum(["cold_start_history", "popularity"]).nullable(),
  model_id: z.string(),
  latency_ms: z.number(),
});
export const BatchResponseSchema = z.object({
  results: z.array(RecommendResponseSchema),
  count: z.number().int(),
  model_id: z.string(),
  latency_ms: z.number(),
});
export const SimilarResponseSchema = z.object({
  product_id: z.string(),
  method: z.string(),
  items: z.array(RecommendedItemSchema),
  count: z.number().int(),
  model_id: z.string(),
});
export const HealthResponseSchema = z.object({
  status: z.enum(["ok", "draining"]),
  model_id: z.string(),
  uptime_s: z.number(),
});
const CacheStat = z.object({
  size: z.number(),
  max: z.number(),
  hits: z.number(),
  misses: z.number(),
  hit_rate: z.number(),
  evictions: z.number(),
});
export const CacheStatsResponseSchema = z.object({
  recommendations: CacheStat,
  profiles: CacheStat,
  similar_items: CacheStat,
});
export const StatsResponseSchema = z.object({
  users: z.number().int(),
  trainable_users: z.number().int(),
  cold_users: z.number().int(),
  items: z.number().int(),
  interactions: z.number().int(),
  requests: z.number().int(),
  fallbacks: z.number().int(),
  rss_mb: z.number(),
  cache: CacheStatsResponseSchema,
});
export const ModelInfoResponseSchema = z.object({
  model_id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.object({ val: z.record(z.string(), z.number()), test: z.record(z.string(), z.number()) }),
  data_hash: z.string(),
  created: z.string(),
  loaded_at: z.string(),
  items: z.number().int(),
  config: z.record(z.string(), z.unknown()),
});
export const ReloadResponseSchema = z.object({
  model_id: z.string(),
  previous: z.string(),
  changed: z.boolean(),
});
export const ErrorResponseSchema = z.object({ error: z.string(), message: z.string() });
