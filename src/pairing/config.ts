import { z } from "zod";
import { UserError } from "../lib/errors.js";

/**
 * Every PAIR_* variable the engine reads, with its default. This is the one place defaults live;
 * configs/prod.env.example lists the same names and tests check the two agree.
 */
const num = (def: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(def);
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const flag = (def: boolean) =>
  z
    .enum(["0", "1", "true", "false", "yes", "no", "on", "off"])
    .default(def ? "1" : "0")
    .transform((v) => v === "1" || v === "true" || v === "yes" || v === "on");

export const pairEnvSchema = z.object({
  PAIR_EXTRAS_MAX: int(4, 0, 20),
  PAIR_CANDIDATE_K: int(8, 1, 64),
  PAIR_MIN_PRESCORE: num(0.5, -10, 20),
  PAIR_AUTO_SCORE: num(3.0, 0, 50),
  PAIR_AUTO_GAP: num(1.0, 0, 50),
  PAIR_AUTO_HAIR_SCORE: num(2.4, 0, 50),
  PAIR_AUTO_HAIR_GAP: num(0.8, 0, 50),
  PAIR_DISABLE_TIEBREAK: flag(false),
  PAIR_OTHER_BACK_PENALTY: num(0.5, 0, 10),
  PAIR_EXTRA_MIN_SCORE: num(2.0, 0, 50),
  PAIR_EXTRA_GAP: num(0.5, 0, 50),
  PAIR_ORDER_SIGNAL: z.enum(["auto", "on", "off"]).default("auto"),
  PAIR_W_BRAND: num(2.0, 0, 20),
  PAIR_W_BRAND_CONFLICT: num(2.5, 0, 20),
  PAIR_W_BRAND_RESCUE: num(1.5, 0, 20),
  PAIR_W_PRODUCT: num(3.0, 0, 20),
  PAIR_W_VARIANT: num(1.0, 0, 20),
  PAIR_W_SIZE: num(1.5, 0, 20),
  PAIR_W_PACKAGING: num(0.6, 0, 20),
  PAIR_W_COLOUR: num(1.0, 0, 20),
  PAIR_W_LOOK: num(1.0, 0, 20),
  PAIR_W_APPEARANCE: num(4.0, 0, 20),
  PAIR_W_SIDE_CUE: num(2.5, 0, 20),
  PAIR_W_CATEGORY: num(1.5, 0, 20),
  PAIR_W_INGREDIENTS: num(0.3, 0, 20),
  PAIR_W_BARCODE: num(3.0, 0, 20),
  PAIR_W_PROXIMITY: num(8.0, 0, 20),
  PAIR_W_EXTRA_PROXIMITY: num(4.0, 0, 20),
  PAIR_W_FOLDER: num(0.3, 0, 20),
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

export interface PairingConfig {
  extrasMax: number;
  candidateK: number;
  minPrescore: number;
  autoScore: number;
  autoGap: number;
  autoHairScore: number;
  autoHairGap: number;
  disableTiebreak: boolean;
  otherBackPenalty: number;
  extraMinScore: number;
  extraGap: number;
  orderSignal: "auto" | "on" | "off";
  weights: SignalWeights;
  tieBreak: TieBreakConfig;
  /** JSON-lines file every run's metrics are appended to (empty = no history) */
  historyPath: string;
  jobs: { workers: number; maxWallMs: number; queue: string };
}

/** The optional model tie-break for ambiguous fronts (OPENAI_API_KEY is read by its client, not here). */
export interface TieBreakConfig {
  model: string;
  temperature: number;
  /** OpenAI-compatible endpoint; empty means the SDK's default. */
  baseUrl: string;
  maxTextChars: number;
  maxRetries: number;
  timeoutMs: number;
  /** at most this many images of context per call */
  maxChunk: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

export interface SignalWeights {
  brand: number;
  brandConflict: number;
  brandRescue: number;
  product: number;
  variant: number;
  size: number;
  packaging: number;
  colour: number;
  look: number;
  /** colour-signature similarity (only records from our photo analyser carry one) */
  appearance: number;
  /** penalty on a back candidate whose own cues name a side panel ("narrow vertical panel") */
  sideCue: number;
  category: number;
  ingredients: number;
  barcode: number;
  /** capture-order closeness of a front and a back, when the batch's order is reliable */
  proximity: number;
  /** the same for a side, detail or re-take shot and a product's face */
  extraProximity: number;
  folder: number;
}

export class ConfigError extends UserError {}

/** Reads and validates PAIR_* from an environment; a bad value throws a ConfigError naming the variable. */
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
  return fromEnv(parsed.data);
}

export function fromEnv(e: PairEnv): PairingConfig {
  return {
    extrasMax: e.PAIR_EXTRAS_MAX,
    candidateK: e.PAIR_CANDIDATE_K,
    minPrescore: e.PAIR_MIN_PRESCORE,
    autoScore: e.PAIR_AUTO_SCORE,
    autoGap: e.PAIR_AUTO_GAP,
    autoHairScore: e.PAIR_AUTO_HAIR_SCORE,
    autoHairGap: e.PAIR_AUTO_HAIR_GAP,
    disableTiebreak: e.PAIR_DISABLE_TIEBREAK,
    otherBackPenalty: e.PAIR_OTHER_BACK_PENALTY,
    extraMinScore: e.PAIR_EXTRA_MIN_SCORE,
    extraGap: e.PAIR_EXTRA_GAP,
    orderSignal: e.PAIR_ORDER_SIGNAL,
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
    weights: {
      brand: e.PAIR_W_BRAND,
      brandConflict: e.PAIR_W_BRAND_CONFLICT,
      brandRescue: e.PAIR_W_BRAND_RESCUE,
      product: e.PAIR_W_PRODUCT,
      variant: e.PAIR_W_VARIANT,
      size: e.PAIR_W_SIZE,
      packaging: e.PAIR_W_PACKAGING,
      colour: e.PAIR_W_COLOUR,
      look: e.PAIR_W_LOOK,
      appearance: e.PAIR_W_APPEARANCE,
      sideCue: e.PAIR_W_SIDE_CUE,
      category: e.PAIR_W_CATEGORY,
      ingredients: e.PAIR_W_INGREDIENTS,
      barcode: e.PAIR_W_BARCODE,
      proximity: e.PAIR_W_PROXIMITY,
      extraProximity: e.PAIR_W_EXTRA_PROXIMITY,
      folder: e.PAIR_W_FOLDER,
    },
  };
}

export const defaultPairingConfig = (): PairingConfig => loadPairingConfig({});
