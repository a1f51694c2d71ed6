import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { CircuitBreaker, TieBreakClient } from "../../../src/pairing/adapters/tiebreak/index.js";
import { pairAnalysis, pairWithTieBreak } from "../../../src/pairing/index.js";
import {
  questionsOf,
  type Script,
  startOpenAiTestServer,
  type TestServer,
} from "../../fixtures/openai-test-server.js";
import {
  analysisOf,
  shampooBack,
  shampooFront,
  tunedConfig,
  vitaminBack,
  vitaminFront,
} from "../fixtures.js";

// A gap no pair can clear: every front becomes ambiguous, so the model decides all of them.
const analysis = analysisOf([shampooFront, shampooBack, vitaminFront, vitaminBack]);
const truth: Record<string, string> = { "IMG_0001.JPG": "IMG_0002.JPG", "IMG_0003.JPG": "IMG_0004.JPG" };
const servers: TestServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

async function setup(script: Script, env: Record<string, string> = {}, modelFrontShare = 1) {
  const server = await startOpenAiTestServer(script);
  servers.push(server);
  // a budget of every front: these tests are about the calls, not about how many fronts may be asked
  const config = tunedConfig(
    { autoGap: 50, autoHairGap: 50, modelFrontShare },
    { PAIR_MODEL_BASE_URL: server.baseUrl, PAIR_MODEL_TIMEOUT_MS: "300", ...env },
  );
  const breaker = new CircuitBreaker(config.tieBreak.breakerFailures, config.tieBreak.breakerCooldownMs);
  return { server, config, breaker, client: new TieBreakClient(config.tieBreak, "test-key") };
}

const answer = (pairs: [string, string | null][]) => ({
  content: JSON.stringify({ decisions: pairs.map(([front, back]) => ({ front, back })) }),
});
const fromTruth: Script = (req) =>
  answer(questionsOf(req).map((q) => [q.front.url, truth[q.front.url] ?? null]));
const pairsOf = (r: { result: { pairs: { frontUrl: string; backUrl: string; decidedBy: string }[] } }) =>
  r.result.pairs.map((p) => `${p.frontUrl}>${p.backUrl}:${p.decidedBy}`).sort();

describe("model tie-break over real HTTP", () => {
  it("good answers resolve every ambiguous front, as model decisions, with structured output requested", async () => {
    const { server, config, breaker, client } = await setup(fromTruth);
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.deepEqual(pairsOf(r), ["IMG_0001.JPG>IMG_0002.JPG:model", "IMG_0003.JPG>IMG_0004.JPG:model"]);
    assert.equal(r.tieBreak.frontsAsked, 2);
    assert.equal(r.tieBreak.frontsResolved, 2);
    assert.equal(r.tieBreak.calls, 1);
    assert.ok(r.tieBreak.promptTokens > 0);
    assert.equal(r.metrics.totals.contractViolations, 0);
    assert.equal(r.metrics.tieBreak?.usedModel, true);
    const req = server.requests[0]!;
    assert.equal(req.model, "gpt-4o-mini");
    assert.equal(req.temperature, 0);
    assert.ok(JSON.stringify(req.response_format).includes("json_schema"));
  });

  it("asks about no more fronts than the model-use share allows, the closest calls first", async () => {
    // two fronts: a share of 0.5 allows one question, the shipped 2 % none
    const one = await setup(fromTruth, {}, 0.5);
    const r = await pairWithTieBreak(analysis, one.config, "t", { client: one.client, breaker: one.breaker });
    assert.equal(r.tieBreak.frontsAsked, 1);
    const first = pairAnalysis(analysis, one.config);
    const closest = [...first.ambiguous].sort((a, b) => a.lead - b.lead)[0]!;
    assert.deepEqual(
      questionsOf(one.server.requests[0]!).map((q) => q.front.url),
      [closest.frontUrl],
    );
    assert.equal(r.metrics.rates.modelUseRate, 0.5, "fronts asked ÷ fronts");
    const none = await setup(fromTruth, {}, 0.02);
    const n = await pairWithTieBreak(analysis, none.config, "t", {
      client: none.client,
      breaker: none.breaker,
    });
    assert.equal(n.tieBreak.frontsAsked, 0);
    assert.equal(none.server.requests.length, 0);
    assert.equal(n.metrics.rates.modelUseRate, 0);
  });

  it("a back outside the front's list, or one used twice, costs only that front", async () => {
    const { config, breaker, client } = await setup((req) => {
      const qs = questionsOf(req);
      // First front gets a back it may not take; the second reuses the first's real back.
      return answer([
        [qs[0]!.front.url, "IMG_9999.JPG"],
        [qs[1]!.front.url, truth[qs[1]!.front.url]!],
      ]);
    });
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(r.tieBreak.frontsResolved, 1);
    assert.deepEqual(
      r.tieBreak.rejected.map((x) => x.why),
      ["back_not_allowed"],
    );
    assert.equal(r.metrics.totals.contractViolations, 0);
    const reuse = await setup((req) => {
      const qs = questionsOf(req);
      const back = truth[qs[0]!.front.url]!;
      return answer([
        [qs[0]!.front.url, back],
        [qs[1]!.front.url, back],
      ]);
    });
    const r2 = await pairWithTieBreak(analysis, reuse.config, "t", {
      client: reuse.client,
      breaker: reuse.breaker,
    });
    assert.equal(r2.tieBreak.frontsResolved, 1);
    assert.ok(r2.tieBreak.rejected.some((x) => x.why === "back_reused" || x.why === "back_not_allowed"));
    assert.equal(r2.metrics.totals.contractViolations, 0);
  });

  it("malformed JSON is retried, then the batch finishes in the engine's safe result", async () => {
    const { config, breaker, client } = await setup(() => ({ content: "{ not json" }), {
      PAIR_MAX_MODEL_RETRIES: "2",
    });
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(r.tieBreak.calls, 3);
    assert.equal(r.tieBreak.frontsResolved, 0);
    const off = pairAnalysis(
      analysis,
      tunedConfig({ autoGap: 50, autoHairGap: 50 }, { PAIR_DISABLE_TIEBREAK: "1" }),
    );
    assert.deepEqual(r.result.pairs, off.result.pairs);
    assert.deepEqual(r.result.singletons, off.result.singletons);
  });

  it("5xx answers are retried with backoff and a later success is used", async () => {
    const { config, breaker, client } = await setup(
      (req, n) => (n < 3 ? { status: 503 } : fromTruth(req, n)),
      { PAIR_MAX_MODEL_RETRIES: "3" },
    );
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(r.tieBreak.calls, 3);
    assert.equal(r.tieBreak.failedCalls, 2);
    assert.equal(r.tieBreak.frontsResolved, 2);
  });

  it("a reply slower than the timeout is a failure, not a hang", async () => {
    const { config, breaker, client } = await setup((req, n) => ({ ...fromTruth(req, n), delayMs: 1500 }), {
      PAIR_MAX_MODEL_RETRIES: "0",
    });
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(r.tieBreak.failedCalls, 1);
    assert.equal(r.tieBreak.frontsResolved, 0);
    assert.equal(r.metrics.totals.contractViolations, 0);
  });

  it("the circuit breaker opens after repeated failures (safe mode, no calls) and probes again after the cooldown", async () => {
    let healthy = false;
    const { config, client } = await setup((req, n) => (healthy ? fromTruth(req, n) : { status: 500 }), {
      PAIR_MAX_MODEL_RETRIES: "0",
    });
    let now = 1_000;
    const breaker = new CircuitBreaker(2, 10_000, () => now);
    for (let i = 0; i < 2; i++) await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(breaker.current, "open");
    const blocked = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(blocked.tieBreak.calls, 0);
    assert.equal(blocked.tieBreak.safeMode, true);
    now += 10_000;
    healthy = true;
    const probe = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(probe.tieBreak.calls, 1);
    assert.equal(probe.tieBreak.frontsResolved, 2);
    assert.equal(breaker.current, "closed");
  });

  it("PAIR_DISABLE_TIEBREAK=1 makes zero calls", async () => {
    const { server, config, breaker, client } = await setup(fromTruth, { PAIR_DISABLE_TIEBREAK: "1" });
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(server.requests.length, 0);
    assert.equal(r.tieBreak.usedModel, false);
    assert.equal(r.result.pairs.length, 0);
  });

  it("splits large sets so no call carries more than PAIR_BATCH_MAX_CHUNK images, and trims text", async () => {
    const { server, config, breaker, client } = await setup(fromTruth, {
      PAIR_BATCH_MAX_CHUNK: "3",
      PAIR_MAX_TEXT_CHARS: "10",
    });
    const r = await pairWithTieBreak(analysis, config, "t", { client, breaker });
    assert.equal(server.requests.length, 2);
    for (const req of server.requests) {
      const qs = questionsOf(req) as {
        front: { url: string; text: string };
        allowed_backs: { url: string }[];
      }[];
      const images = new Set(qs.flatMap((q) => [q.front.url, ...q.allowed_backs.map((b) => b.url)]));
      assert.ok(images.size <= 3);
      for (const q of qs) assert.ok(q.front.text.length <= 11);
    }
    assert.equal(r.tieBreak.frontsResolved, 2);
  });
});
