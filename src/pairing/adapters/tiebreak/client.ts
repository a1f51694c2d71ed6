/**
 * The model client: the openai SDK against any OpenAI-compatible endpoint, with our own retries (exponential
 * backoff), a per-call timeout and the circuit breaker. OPENAI_API_KEY is read here and nowhere else.
 */
import OpenAI from "openai";
import type { TieBreakConfig } from "../../engine/config.js";
import type { CircuitBreaker } from "./breaker.js";
import { type FrontQuestion, RESPONSE_FORMAT, SYSTEM_PROMPT } from "./prompt.js";

export interface CallStats {
  calls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  errors: string[];
}

/** Whether a model can be called at all: an endpoint of our own, or a key for the default one. */
export function modelConfigured(cfg: Pick<TieBreakConfig, "baseUrl">): boolean {
  return cfg.baseUrl !== "" || (process.env.OPENAI_API_KEY ?? "") !== "";
}

/** The SDK for an OpenAI-compatible endpoint; retries are ours (with backoff), so the SDK's are off. */
export function openAiSdk(cfg: Pick<TieBreakConfig, "baseUrl" | "timeoutMs">, apiKey?: string): OpenAI {
  return new OpenAI({
    apiKey: apiKey || process.env.OPENAI_API_KEY || "not-needed-for-local-servers",
    ...(cfg.baseUrl ? { baseURL: cfg.baseUrl } : {}),
    timeout: cfg.timeoutMs,
    maxRetries: 0,
  });
}

export class TieBreakClient {
  private readonly sdk: OpenAI;

  constructor(
    private readonly cfg: TieBreakConfig,
    apiKey?: string,
  ) {
    this.sdk = openAiSdk(cfg, apiKey);
  }

  /** Asks about one chunk; returns the answer text, or null when every attempt failed or the breaker is open. */
  ask(questions: FrontQuestion[], breaker: CircuitBreaker, stats: CallStats): Promise<string | null> {
    return askWithRetries(
      this.sdk,
      {
        model: this.cfg.model,
        temperature: this.cfg.temperature,
        response_format: RESPONSE_FORMAT,
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          { role: "user", content: JSON.stringify({ questions }) },
        ],
      },
      (text) => {
        JSON.parse(text); // malformed JSON is a failed call, worth a retry
        return text;
      },
      { maxRetries: this.cfg.maxRetries, breaker, stats },
    );
  }
}

export interface RetryOptions {
  maxRetries: number;
  breaker: CircuitBreaker;
  stats: CallStats;
  /** put before each failure's message in `stats.errors` (e.g. the photo's path) */
  label?: string;
  /** called when the breaker refuses a call */
  onBlocked?: () => void;
}

/**
 * One chat request, retried with exponential backoff up to `maxRetries` times through the circuit breaker.
 * `accept` turns the answer text into a value or throws: a malformed answer is a failed call, worth a retry.
 * Returns null when every attempt failed or the breaker is open; every attempt and its tokens are counted.
 */
export async function askWithRetries<T>(
  sdk: OpenAI,
  request: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
  accept: (text: string) => T,
  { maxRetries, breaker, stats, label = "", onBlocked }: RetryOptions,
): Promise<T | null> {
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    if (!breaker.allow()) {
      onBlocked?.();
      return null;
    }
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** (attempt - 1))));
    stats.calls++;
    try {
      const res = await sdk.chat.completions.create(request);
      stats.promptTokens += res.usage?.prompt_tokens ?? 0;
      stats.completionTokens += res.usage?.completion_tokens ?? 0;
      const text = res.choices[0]?.message?.content;
      if (!text) throw new Error("empty answer");
      const value = accept(text);
      breaker.success();
      return value;
    } catch (e) {
      stats.failedCalls++;
      stats.errors.push(`${label}${((e as Error).message ?? String(e)).slice(0, 200)}`);
      breaker.failure();
    }
  }
  return null;
}
