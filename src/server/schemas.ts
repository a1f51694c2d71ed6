/** The service's own response shapes (health, stats, model info, reload, errors), documented in /docs. */
import { z } from "zod";
import { CacheStatsResponseSchema } from "../recsys/index.js";

export const HealthResponseSchema = z.object({
  status: z.enum(["ok", "draining"]),
  model_id: z.string(),
  uptime_s: z.number(),
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

/** POST /pairing: the result and metrics of the run (documented by their main fields), and firing alerts. */
export const PairingResponseSchema = z.object({
  result: z.object({ products: z.array(z.unknown()), pairs: z.array(z.unknown()) }),
  metrics: z.object({ totals: z.record(z.string(), z.number()) }),
  alerts: z.array(z.object({ rule: z.string(), firing: z.boolean() })),
});
export const JobAcceptedSchema = z.object({
  id: z.string(),
  state: z.string(),
  total: z.number().int(),
  status_url: z.string(),
});
export const JobStatusSchema = z.object({
  id: z.string(),
  state: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }),
});
export const ReloadRefusedSchema = ErrorResponseSchema.extend({ model_id: z.string() });
export const CacheWarmupResponseSchema = z.object({
  warmed: z.number().int(),
  cache: CacheStatsResponseSchema,
});
export const CacheClearResponseSchema = z.object({ cleared: z.literal(true) });
export const SampleUsersResponseSchema = z.object({
  kind: z.string(),
  user_ids: z.array(z.string()),
  product_ids: z.array(z.string()),
});
