/** Serving configuration: configs/serving.yaml, validated with zod, with environment overrides. */
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UserError } from "../../lib/errors.js";
import { MODEL_TYPES } from "../models/registry.js";

export class ServingConfigError extends UserError {}

const Weights = z
  .object({
    cf: z.number().min(0).default(1),
    content: z.number().min(0).default(0),
    popularity: z.number().min(0).default(0),
    quality: z.number().min(0).default(0),
    item_item: z.number().min(0).default(0),
  })
  .strict();
export type RerankWeights = z.infer<typeof Weights>;
export const SIGNALS = ["cf", "content", "popularity", "quality", "item_item"] as const;
export type Signal = (typeof SIGNALS)[number];

const Cache = z.object({ max: z.number().int().min(1), ttl_seconds: z.number().min(0) }).strict();

export const ServingConfigSchema = z
  .object({
    server: z
      .object({
        host: z.string().default("0.0.0.0"),
        port: z.number().int().min(0).max(65535).default(8000),
        workers: z.number().int().min(1).max(64).default(1),
        body_limit_bytes: z
          .number()
          .int()
          .min(1024)
          .default(5 * 1024 * 1024),
        log_level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
        auth_token: z.string().default(""),
        /** true: behind a proxy on this machine, whose X-Forwarded-For names the real client */
        trust_proxy: z.boolean().default(false),
      })
      .strict(),
    limits: z
      .object({
        /** wall time one request may take before it is answered 503 (pairing runs are stopped) */
        request_timeout_ms: z.number().int().min(100).max(600_000).default(30_000),
        /** images in one POST /pairing analysis */
        pairing_images: z.number().int().min(1).max(100_000).default(10_000),
        /** users in one POST /batch_recommend, and users × topk across it */
        batch_users: z.number().int().min(1).max(10_000).default(1000),
        batch_results: z.number().int().min(1).default(20_000),
        /** longest a batch (or a cache warm-up) works before the event loop serves other requests */
        batch_slice_ms: z.number().positive().max(1000).default(5),
      })
      .strict()
      .prefault({}),
    pairing: z
      .object({
        /** jobs waiting to start before POST /pairing/jobs answers 429 */
        max_queued_jobs: z.number().int().min(1).default(20),
        /** finished jobs kept for GET /pairing/jobs/:id: at most this many, for at most this long */
        keep_jobs: z.number().int().min(1).default(200),
        keep_job_seconds: z.number().int().min(1).default(3600),
        /** folders a folder job may read (an admin token is needed too); empty: folder jobs are refused */
        folder_roots: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    review: z
      .object({
        /** the embedded store of review batches and every correction (SQLite) */
        db: z.string().min(1).default("data/review.sqlite"),
        /** where uploaded photos are kept, one folder per batch */
        uploads: z.string().min(1).default("data/review"),
        max_photos: z.number().int().min(1).max(10_000).default(500),
        max_photo_bytes: z
          .number()
          .int()
          .min(1024)
          .max(200 * 1024 * 1024)
          .default(25 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    registry: z
      .object({
        artifacts: z.string().default("artifacts/cf"),
        bootstrap_model: z.enum(MODEL_TYPES).default("hybrid"),
        demo_data: z.string().default("data/demo-shop"),
        demo_prepared: z.string().default("data/demo-prepared"),
      })
      .strict(),
    reload: z.object({ poll_seconds: z.number().min(0).default(10) }).strict(),
    cache: z
      .object({
        recommendations: Cache.default({ max: 50000, ttl_seconds: 300 }),
        profiles: Cache.default({ max: 100000, ttl_seconds: 900 }),
        similar_items: Cache.default({ max: 20000, ttl_seconds: 3600 }),
        warmup_users: z.number().int().min(0).default(2000),
      })
      .strict(),
    recommend: z
      .object({
        default_topk: z.number().int().min(1).max(100).default(10),
        max_topk: z.number().int().min(1).max(1000).default(100),
        candidate_multiplier: z.number().int().min(1).max(50).default(5),
        rerank: z.boolean().default(true),
        rerank_weights: z
          .object({
            trainable: Weights.default({
              cf: 1,
              content: 0.1,
              popularity: 0.05,
              quality: 0.05,
              item_item: 0.1,
            }),
            cold: Weights.default({ cf: 0, content: 0.4, popularity: 0.3, quality: 0.1, item_item: 0.6 }),
          })
          .strict()
          .default({
            trainable: { cf: 1, content: 0.1, popularity: 0.05, quality: 0.05, item_item: 0.1 },
            cold: { cf: 0, content: 0.4, popularity: 0.3, quality: 0.1, item_item: 0.6 },
          }),
        mmr_lambda: z.number().min(0).max(1).default(0.85),
        max_per_brand: z.number().int().min(1).default(4),
      })
      .strict(),
  })
  .strict();
export type ServingConfig = z.infer<typeof ServingConfigSchema>;

const ENV: [string, (c: Record<string, Record<string, unknown>>, v: string) => void][] = [
  ["SERVE_HOST", (c, v) => (c.server!.host = v)],
  ["SERVE_PORT", (c, v) => (c.server!.port = num("SERVE_PORT", v))],
  ["SERVE_WORKERS", (c, v) => (c.server!.workers = num("SERVE_WORKERS", v))],
  ["SERVE_AUTH_TOKEN", (c, v) => (c.server!.auth_token = v)],
  ["SERVE_LOG_LEVEL", (c, v) => (c.server!.log_level = v)],
  ["SERVE_ARTIFACTS", (c, v) => (c.registry!.artifacts = v)],
  ["SERVE_RELOAD_POLL_SECONDS", (c, v) => (c.reload!.poll_seconds = num("SERVE_RELOAD_POLL_SECONDS", v))],
  ["SERVE_RERANK", (c, v) => (c.recommend!.rerank = v === "1" || v === "true")],
  ["SERVE_TRUST_PROXY", (c, v) => (c.server!.trust_proxy = v === "1" || v === "true")],
];

function num(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n))
    throw new ServingConfigError(`${name}=${JSON.stringify(v)} is not a number`);
  return n;
}

export function loadServingConfig(
  path = "configs/serving.yaml",
  env: NodeJS.ProcessEnv = process.env,
): ServingConfig {
  let raw: Record<string, Record<string, unknown>> = {};
  if (existsSync(path)) {
    try {
      raw = (parseYaml(readFileSync(path, "utf8")) ?? {}) as typeof raw;
    } catch (e) {
      throw new ServingConfigError(`${path}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
  } else if (path !== "configs/serving.yaml") {
    throw new ServingConfigError(`${path}: no such config file`);
  }
  for (const k of ["server", "limits", "pairing", "registry", "reload", "cache", "recommend"]) raw[k] ??= {};
  for (const [name, apply] of ENV) {
    const v = env[name];
    if (v !== undefined) apply(raw, v);
  }
  const parsed = ServingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ServingConfigError(`${path}: ${i?.path.join(".") || "(root)"}: ${i?.message}`);
  }
  return parsed.data;
}

/** The config as printed at start and exposed in /metrics and /model_info: the token is never shown. */
export function redactedConfig(c: ServingConfig): ServingConfig {
  return { ...c, server: { ...c.server, auth_token: c.server.auth_token ? "(set)" : "" } };
}
