/**
 * Loads the pairing configuration: deployment settings from PAIR_* environment variables, tuning values from one
 * versioned YAML file (configs/pairing-tuning.yaml, or the file PAIR_TUNING names). Both are validated; a bad
 * value throws a ConfigError naming the variable, or the file, field and value.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UserError } from "../lib/errors.js";
import type { PairingConfig, PairingTuning, TuningSource } from "./engine/config.js";
import { type SignalWeights, WEIGHT_SPECS, type WeightKey } from "./features/registry.js";

export class ConfigError extends UserError {}

const num = (def: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(def);
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const flag = (def: boolean) =>
  z
    .enum(["0", "1", "true", "false", "yes", "no", "on", "off"])
    .default(def ? "1" : "0")
    .transform((v) => v === "1" || v === "true" || v === "yes" || v === "on");

/** Every PAIR_* variable: deployment settings only (where things are, what to call, how much to run at once). */
export const pairEnvSchema = z.object({
  PAIR_TUNING: z.string().default(""),
  PAIR_DISABLE_TIEBREAK: flag(false),
  PAIR_MODEL: z.string().min(1).default("gpt-4o-mini"),
  PAIR_TEMPERATURE: num(0, 0, 2),
  PAIR_MODEL_BASE_URL: z.string().default(""),
  PAIR_MAX_TEXT_CHARS: int(600, 0, 20000),
  PAIR_MAX_MODEL_RETRIES: int(2, 0, 10),
  PAIR_MODEL_TIMEOUT_MS: int(15000, 100, 600000),
  PAIR_BATCH_MAX_CHUNK: int(200, 2, 5000),
  PAIR_BREAKER_FAILURES: int(3, 1, 100),
  PAIR_BREAKER_COOLDOWN_MS: int(30000, 0, 3600000),
  PAIR_HISTORY_PATH: z.string().default("out/pairing-history.jsonl"),
  PAIR_WORKERS: int(2, 1, 16),
  PAIR_BATCH_MAX_WALL_MS: int(120000, 100, 86400000),
  PAIR_QUEUE: z.string().default(""),
});

export type PairEnv = z.infer<typeof pairEnvSchema>;

/** The tuning file's schema: the engine's thresholds, and one weight per key the signal registry owns. */
export const tuningSchema = z
  .object({
    version: z.number().int().positive(),
    extrasMax: z.number().int().min(0).max(20),
    candidateK: z.number().int().min(1).max(64),
    minPrescore: z.number().min(-10).max(20),
    autoScore: z.number().min(0).max(50),
    autoGap: z.number().min(0).max(50),
    autoHairScore: z.number().min(0).max(50),
    autoHairGap: z.number().min(0).max(50),
    suggestMin: z.number().min(0).max(1),
    modelFrontShare: z.number().min(0).max(1),
    confidenceSlope: z.number().min(0.05).max(20),
    confidenceShift: z.number().min(-20).max(20),
    extraMinScore: z.number().min(0).max(50),
    extraGap: z.number().min(0).max(50),
    orderSignal: z.enum(["auto", "on", "off"]),
    weights: z
      .object(
        Object.fromEntries(
          [...WEIGHT_SPECS].map(([key, spec]) => [key, z.number().min(spec.min).max(spec.max)]),
        ) as Record<WeightKey, z.ZodNumber>,
      )
      .strict(),
  })
  .strict();

/** The tuning file that ships with the engine, as the metrics name it. */
export const DEFAULT_TUNING_FILE = "configs/pairing-tuning.yaml";
const defaultTuningPath = fileURLToPath(new URL(`../../${DEFAULT_TUNING_FILE}`, import.meta.url));

const tuningCache = new Map<string, PairingTuning & { version: number }>();

/** Reads and validates a tuning file once per process: requests never touch the disk for it. */
export function loadTuning(path: string, shownAs = path): PairingTuning & { version: number } {
  const cached = tuningCache.get(path);
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError(`${shownAs}: cannot read the tuning file (${(e as Error).message.split("\n")[0]})`);
  }
  const parsed = tuningSchema.safeParse(raw);
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => {
      const field = i.path.join(".");
      const value = i.path.reduce<unknown>(
        (o, k) => (o as Record<string, unknown> | undefined)?.[k as string],
        raw,
      );
      return i.code === "unrecognized_keys"
        ? `${field ? `${field}: ` : ""}unknown ${i.keys.map((k) => `"${k}"`).join(", ")}`
        : `${field || "(file)"} = ${JSON.stringify(value) ?? "missing"}: ${i.message}`;
    });
    throw new ConfigError(`${shownAs}: invalid tuning file: ${msgs.join("; ")}`);
  }
  const t = { ...parsed.data, weights: parsed.data.weights as SignalWeights };
  tuningCache.set(path, t);
  return t;
}

/** Reads and validates PAIR_* from an environment and the tuning file it names (or the default one). */
export function loadPairingConfig(env: Record<string, string | undefined> = process.env): PairingConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(pairEnvSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== "") picked[key] = v.trim();
  }
  const parsed = pairEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      return `${name}=${JSON.stringify(picked[name])}: ${i.message}`;
    });
    throw new ConfigError(`invalid pairing configuration: ${msgs.join("; ")}`);
  }
  const e = parsed.data;
  const file = e.PAIR_TUNING || DEFAULT_TUNING_FILE;
  const { version, ...tuning } = loadTuning(e.PAIR_TUNING || defaultTuningPath, file);
  const source: TuningSource = { version, file };
  return {
    ...tuning,
    tuning: source,
    disableTiebreak: e.PAIR_DISABLE_TIEBREAK,
    historyPath: e.PAIR_HISTORY_PATH,
    jobs: { workers: e.PAIR_WORKERS, maxWallMs: e.PAIR_BATCH_MAX_WALL_MS, queue: e.PAIR_QUEUE },
    tieBreak: {
      model: e.PAIR_MODEL,
      temperature: e.PAIR_TEMPERATURE,
      baseUrl: e.PAIR_MODEL_BASE_URL,
      maxTextChars: e.PAIR_MAX_TEXT_CHARS,
      maxRetries: e.PAIR_MAX_MODEL_RETRIES,
      timeoutMs: e.PAIR_MODEL_TIMEOUT_MS,
      maxChunk: e.PAIR_BATCH_MAX_CHUNK,
      breakerFailures: e.PAIR_BREAKER_FAILURES,
      breakerCooldownMs: e.PAIR_BREAKER_COOLDOWN_MS,
    },
  };
}

export const defaultPairingConfig = (): PairingConfig => loadPairingConfig({});
