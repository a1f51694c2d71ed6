/**
 * The pairing entry point: the engine, then the model tie-break for the fronts it held back as ambiguous, then
 * the engine again with the validated answers. A failed call, a bad answer or an open breaker only leaves those
 * fronts as the singletons they already were; with PAIR_DISABLE_TIEBREAK=1 no call is made at all.
 */

import {
  buildQuestions,
  type CallStats,
  CircuitBreaker,
  chunkQuestions,
  modelConfigured,
  parseAnswer,
  TieBreakClient,
  validateDecisions,
} from "./adapters/tiebreak/index.js";
import type { PairingConfig } from "./engine/config.js";
import { type PairingRun, pairAnalysis } from "./engine/pipeline.js";
import type { Rejection, TieBreakMetrics } from "./engine/types.js";
import { parseAnalysis } from "./input.js";

export interface TieBreakDeps {
  client?: TieBreakClient;
  breaker?: CircuitBreaker;
}

let sharedBreaker: CircuitBreaker | undefined;

/** One breaker per process (unless the caller brings its own), so a dead endpoint is not hammered batch after batch. */
function processBreaker(cfg: PairingConfig): CircuitBreaker {
  sharedBreaker ??= new CircuitBreaker(cfg.tieBreak.breakerFailures, cfg.tieBreak.breakerCooldownMs);
  return sharedBreaker;
}

export async function pairWithTieBreak(
  raw: unknown,
  config: PairingConfig,
  file = "<input>",
  deps: TieBreakDeps = {},
): Promise<PairingRun & { tieBreak: TieBreakMetrics }> {
  const first = pairAnalysis(raw, config, file);
  const breaker = deps.breaker ?? processBreaker(config);
  const stats: CallStats = { calls: 0, failedCalls: 0, promptTokens: 0, completionTokens: 0, errors: [] };
  const metrics = (
    asked: number,
    resolved: number,
    rejected: Rejection[],
    safeMode: boolean,
  ): TieBreakMetrics => ({
    enabled: !config.disableTiebreak,
    usedModel: stats.calls > 0,
    safeMode,
    frontsAsked: asked,
    frontsResolved: resolved,
    calls: stats.calls,
    failedCalls: stats.failedCalls,
    promptTokens: stats.promptTokens,
    completionTokens: stats.completionTokens,
    rejected,
    breaker: breaker.current,
    errors: stats.errors,
  });
  if (config.disableTiebreak || first.ambiguous.length === 0) return attach(first, metrics(0, 0, [], false));
  // No endpoint and no key: nothing to ask (and no call leaves the machine). The result is the safe one.
  if (!deps.client && !modelConfigured(config.tieBreak)) {
    return attach(first, {
      ...metrics(0, 0, [], true),
      enabled: false,
      errors: ["no model endpoint configured (PAIR_MODEL_BASE_URL or OPENAI_API_KEY)"],
    });
  }
  const parsed = parseAnalysis(raw, file);
  const records = new Map(parsed.records.map((r) => [r.url, r]));
  // a suggested back is still open to the question: the model may give it to its front or to another
  const taken = new Set(first.result.pairs.filter((p) => p.decidedBy !== "review").map((p) => p.backUrl));
  // the model-use SLO is a share of fronts: ask about the closest calls first, and no more than the share allows
  const budget = Math.floor(config.modelFrontShare * first.metrics.totals.fronts);
  const closest = [...first.ambiguous]
    .sort((a, b) => a.lead - b.lead || (a.frontUrl < b.frontUrl ? -1 : 1))
    .slice(0, budget);
  const questions = buildQuestions(closest, records, taken, config.tieBreak.maxTextChars);
  if (questions.length === 0) return attach(first, metrics(0, 0, [], false));
  const client = deps.client ?? new TieBreakClient(config.tieBreak);
  const decisions = new Map<string, string | null>();
  const rejected: Rejection[] = [];
  const usedBacks = new Set<string>();
  let safeMode = false;
  for (const chunk of chunkQuestions(questions, config.tieBreak.maxChunk)) {
    const text = await client.ask(chunk, breaker, stats);
    if (text === null) {
      safeMode ||= breaker.current === "open";
      for (const q of chunk) rejected.push({ front: q.front.url, why: "not_answered" });
      continue;
    }
    let v: ReturnType<typeof validateDecisions>;
    try {
      v = validateDecisions(chunk, parseAnswer(text), usedBacks);
    } catch (e) {
      stats.errors.push((e as Error).message);
      for (const q of chunk) rejected.push({ front: q.front.url, why: "not_answered" });
      continue;
    }
    for (const [f, b] of v.accepted) decisions.set(f, b);
    // a front the model paired with none of its backs is not left suggested to the seller
    for (const r of v.rejected) if (r.why === "declined") decisions.set(r.front, null);
    rejected.push(...v.rejected);
  }
  if (decisions.size === 0) return attach(first, metrics(questions.length, 0, rejected, safeMode));
  const second = pairAnalysis(raw, config, file, decisions);
  const resolved = second.result.pairs.filter((p) => p.decidedBy === "model").length;
  return attach(second, metrics(questions.length, resolved, rejected, safeMode));
}

function attach(run: PairingRun, tieBreak: TieBreakMetrics): PairingRun & { tieBreak: TieBreakMetrics } {
  run.metrics.tieBreak = tieBreak;
  // the model-use SLO counts fronts sent to the model, answered or not, over every front
  const fronts = run.metrics.totals.fronts;
  run.metrics.rates.modelUseRate =
    fronts > 0 ? Math.round((tieBreak.frontsAsked / fronts) * 10000) / 10000 : 0;
  return { ...run, tieBreak };
}
