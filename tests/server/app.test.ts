import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { z } from "zod";
import { NO_PROGRESS } from "../../src/lib/progress.js";
import * as recsysSchemas from "../../src/recsys/index.js";
import { trainAndRegister } from "../../src/recsys/pipeline.js";
import { loadRegistry, promote, saveRegistry } from "../../src/recsys/registry/registry.js";
import { loadServingConfig } from "../../src/recsys/serving/config.js";
import * as serverSchemas from "../../src/server/schemas.js";
import { type Fixture, servingFixture, testApp } from "./fixture.js";

const R = { ...recsysSchemas, ...serverSchemas };

/** `fx` is the fixture the app serves: testApp builds on the same one (it is built once per process). */
const appFor = (_fx: Fixture, overrides: Record<string, Record<string, unknown>> = {}) => testApp(overrides);

const post = (
  app: Awaited<ReturnType<typeof appFor>>["app"],
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
) => app.inject({ method: "POST", url, payload: payload as object, headers });

describe("HTTP service", () => {
  let fx: Fixture;
  let ctx: Awaited<ReturnType<typeof appFor>>;
  let trainable: string;
  let cold: string;
  before(async () => {
    fx = await servingFixture();
    ctx = await appFor(fx);
    trainable = (await ctx.app.inject({ url: "/sample_users?kind=trainable&n=1" })).json().user_ids[0];
    cold = (await ctx.app.inject({ url: "/sample_users?kind=cold&n=1" })).json().user_ids[0];
  });

  it("GET /health, /model_info, /stats, /cache_stats, /docs/json", async () => {
    const { app, state } = ctx;
    assert.equal((await app.inject({ url: "/health" })).json().model_id, state.modelId);
    const info = (await app.inject({ url: "/model_info" })).json();
    assert.equal(info.type, "hybrid");
    assert.equal(info.config.server.auth_token, "");
    const stats = (await app.inject({ url: "/stats" })).json();
    assert.equal(stats.items, state.ds.nItems);
    assert.ok(stats.trainable_users > 0 && stats.cold_users > 0);
    assert.deepEqual(Object.keys((await app.inject({ url: "/cache_stats" })).json()).sort(), [
      "profiles",
      "recommendations",
      "similar_items",
    ]);
    assert.equal((await app.inject({ url: "/docs/json" })).json().openapi, "3.0.3");
    const docs = await app.inject({ url: "/docs" });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  it("POST /recommend: trainable users take the CF path and never see their history", async () => {
    const { app, state } = ctx;
    const r = (await post(app, "/recommend", { user_id: trainable, topk: 7 })).json();
    assert.equal(r.is_fallback, false);
    assert.equal(r.fallback_method, null);
    assert.equal(r.count, 7);
    assert.deepEqual(
      r.recommendations.map((x: { rank: number }) => x.rank),
      [1, 2, 3, 4, 5, 6, 7],
    );
    const u = state.userIndex.get(trainable)!;
    const seen = new Set(
      Array.from(
        state.history.indices.subarray(state.history.indptr[u]!, state.history.indptr[u + 1]!),
        (i) => state.ds.itemIds[i],
      ),
    );
    assert.ok(r.recommendations.every((x: { product_id: string }) => !seen.has(x.product_id)));
    for (const k of ["cf", "content", "popularity", "quality", "item_item"])
      assert.ok(k in r.recommendations[0].signals);
  });

  it("cold users with history use it; unknown users get popularity narrowed by filters", async () => {
    const { app } = ctx;
    const c = (await post(app, "/recommend", { user_id: cold, topk: 5 })).json();
    assert.equal(c.fallback_method, "cold_start_history");
    assert.equal(c.count, 5);
    const n = (
      await post(app, "/recommend", {
        user_id: "never-seen",
        topk: 5,
        filters: { max_price: 150000, min_rating: 4 },
      })
    ).json();
    assert.equal(n.fallback_method, "popularity");
    assert.ok(n.count > 0);
    assert.ok(
      n.recommendations.every(
        (x: { price: number; avg_star: number }) => x.price <= 150000 && x.avg_star >= 4,
      ),
    );
    const brand = n.recommendations[0].brand;
    const b = (await post(app, "/recommend", { user_id: trainable, topk: 3, filters: { brand } })).json();
    assert.ok(b.recommendations.every((x: { brand: string }) => x.brand === brand));
  });

  it("caps items per brand and honours per-request weights and rerank off", async () => {
    const capped = await appFor(fx, { recommend: { max_per_brand: 1 } });
    const r = (await post(capped.app, "/recommend", { user_id: trainable, topk: 5 })).json();
    const brands = r.recommendations.map((x: { brand: string }) => x.brand);
    assert.equal(new Set(brands).size, brands.length);
    const plain = (await post(ctx.app, "/recommend", { user_id: trainable, topk: 5, rerank: false })).json();
    assert.equal(plain.count, 5);
    const pop = (
      await post(ctx.app, "/recommend", {
        user_id: trainable,
        topk: 5,
        rerank_weights: { cf: 0, content: 0, item_item: 0, quality: 0, popularity: 1 },
      })
    ).json();
    const pops = pop.recommendations.map((x: { signals: { popularity: number } }) => x.signals.popularity);
    assert.deepEqual(
      pops,
      [...pops].sort((a: number, b: number) => b - a),
      "ranked by popularity alone",
    );
  });

  it("bad input is a 400 naming the field, never a 500", async () => {
    const { app } = ctx;
    const cases: [unknown, RegExp][] = [
      [{ user_id: "x", topk: 101 }, /topk/],
      [{ user_id: "x", topk: 0 }, /topk/],
      [{ topk: 3 }, /^user_id: required$/],
      [{ user_id: null }, /^user_id: expected a string or an integer$/],
      [
        { user_id: "x", filters: { min_price: 500, max_price: 100 } },
        /filters\.min_price: must not be above max_price/,
      ],
      [{ user_id: "x", filters: { colour: "red" } }, /filters/],
      [{ user_id: "x", rerank_weights: { cf: -1 } }, /rerank_weights\.cf/],
      [{ user_id: "x", extra: 1 }, /extra|Unrecognized/],
      [[1, 2], /body|expected object/],
    ];
    for (const [body, msg] of cases) {
      const r = await post(app, "/recommend", body);
      assert.equal(r.statusCode, 400, JSON.stringify(body));
      assert.match(r.json().message, msg);
    }
    const badJson = await app.inject({
      method: "POST",
      url: "/recommend",
      payload: "{nope",
      headers: { "content-type": "application/json" },
    });
    assert.equal(badJson.statusCode, 400);
    assert.match(badJson.json().message, /not valid JSON: .*position 1/);
    const raw = (payload: string) =>
      app.inject({
        method: "POST",
        url: "/recommend",
        payload,
        headers: { "content-type": "application/json" },
      });
    const empty = await raw("");
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().message, /empty/);
    const nullBody = await raw("null");
    assert.equal(nullBody.statusCode, 400);
    assert.match(nullBody.json().message, /^body: .*received null/);
    const poisoned = await raw('{"user_id":"x","filters":{"__proto__":{"admin":true}}}');
    assert.equal(poisoned.statusCode, 400);
    assert.match(poisoned.json().message, /"__proto__" is not allowed \(at \$\.filters\)/);
    // a byte-order mark is not an error, and a url-like value "__proto__" is just a value
    assert.equal((await raw('\ufeff{"user_id":"__proto__"}')).statusCode, 200);
    assert.equal((await post(app, "/batch_recommend", { user_ids: [] })).statusCode, 400);
    assert.equal((await post(app, "/similar_items", { product_id: "no-such" })).statusCode, 404);
    assert.equal((await app.inject({ url: "/nope" })).statusCode, 404);
    assert.equal((await app.inject({ url: "/sample_users?kind=robots" })).statusCode, 400);
    const small = await appFor(fx, { server: { body_limit_bytes: 1024 } });
    assert.equal((await post(small.app, "/recommend", { user_id: "x".repeat(2000) })).statusCode, 413);
  });

  it("POST /batch_recommend and /similar_items", async () => {
    const { app, state } = ctx;
    const b = (
      await post(app, "/batch_recommend", { user_ids: [trainable, cold, "new-user"], topk: 4 })
    ).json();
    assert.equal(b.count, 3);
    assert.deepEqual(
      b.results.map((r: { is_fallback: boolean }) => r.is_fallback),
      [false, true, true],
    );
    const pid = state.ds.itemIds[0]!;
    for (const method of ["content", "item_item", "hybrid"]) {
      const s = (await post(app, "/similar_items", { product_id: pid, topk: 4, method })).json();
      assert.equal(s.count, 4);
      assert.ok(s.items.every((x: { product_id: string }) => x.product_id !== pid));
    }
  });

  it("caches answer repeated requests and report hits, misses and evictions", async () => {
    const { app } = await appFor(fx, { cache: { recommendations: { max: 2, ttl_seconds: 60 } } });
    for (const u of [trainable, trainable, cold, "a", "b"]) await post(app, "/recommend", { user_id: u });
    const s = (await app.inject({ url: "/cache_stats" })).json().recommendations;
    assert.equal(s.hits, 1);
    assert.equal(s.misses, 4);
    assert.equal(s.size, 2);
    assert.equal(s.evictions, 2);
    assert.equal(s.hit_rate, 0.2);
    assert.equal((await post(app, "/cache_clear", {})).json().cleared, true);
    assert.equal((await app.inject({ url: "/cache_stats" })).json().recommendations.size, 0);
    assert.ok((await post(app, "/cache_warmup", { users: 5 })).json().warmed === 5);
  });

  it("admin endpoints need the bearer token when one is configured", async () => {
    const { app } = await appFor(fx, { server: { auth_token: "s3cret" } });
    for (const url of ["/reload_model", "/cache_clear", "/cache_warmup"]) {
      assert.equal((await post(app, url, {})).statusCode, 401, url);
      assert.equal((await post(app, url, {}, { authorization: "Bearer s3cret" })).statusCode, 200, url);
    }
    assert.equal((await app.inject({ url: "/model_info" })).json().config.server.auth_token, "(set)");
    const wrong = await post(app, "/cache_clear", {}, { authorization: "Bearer s3cre" });
    assert.equal(wrong.statusCode, 401, "a token of another length is refused, not thrown on");
    const remote = await app.inject({
      method: "POST",
      url: "/cache_clear",
      payload: {},
      remoteAddress: "203.0.113.9",
      headers: { authorization: "Bearer s3cret" },
    });
    assert.equal(remote.statusCode, 200, "with a token, any client that has it may call");
  });

  it("without a token, admin endpoints answer only clients on this machine", async () => {
    const { app } = ctx;
    const call = (remoteAddress: string, headers: Record<string, string> = {}) =>
      app.inject({ method: "POST", url: "/cache_clear", payload: {}, remoteAddress, headers });
    for (const local of ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
      assert.equal((await call(local)).statusCode, 200, local);
    for (const remote of ["203.0.113.9", "10.0.0.5", "::ffff:10.0.0.5", "fe80::1"]) {
      const r = await call(remote);
      assert.equal(r.statusCode, 403, remote);
      assert.match(r.json().message, /SERVE_AUTH_TOKEN/);
    }
    const proxied = await call("127.0.0.1", { "x-forwarded-for": "203.0.113.9" });
    assert.equal(proxied.statusCode, 403, "a request relayed by a local proxy is not local");
    assert.equal((await call("203.0.113.9")).statusCode, 403);
    assert.equal((await app.inject({ url: "/health", remoteAddress: "203.0.113.9" })).statusCode, 200);
  });

  it("GET /metrics exposes latency by route, cache hit rate, fallback rate and the model id", async () => {
    const { app, state } = ctx;
    await post(app, "/recommend", { user_id: cold });
    const text = (await app.inject({ url: "/metrics" })).body;
    assert.match(text, /http_request_duration_seconds_bucket\{le="0.001",route="\/recommend"/);
    assert.match(text, /shelfwise_cache_hit_rate\{cache="recommendations"\}/);
    assert.match(text, /shelfwise_fallback_rate \d/);
    assert.ok(text.includes(`shelfwise_model_info{model_id="${state.modelId}",type="hybrid"} 1`));
    assert.match(text, /shelfwise_config\{key="recommend.candidate_multiplier"\} 5/);
  });

  it("POST /pairing pairs an analysis; a body that is not one is a 400", async () => {
    const analysis = JSON.parse(readFileSync(new URL("../golden/analysis.json", import.meta.url), "utf8"));
    const r = await post(ctx.app, "/pairing", analysis);
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().result.pairs.length > 0);
    assert.equal(r.json().metrics.totals.contractViolations, 0);
    assert.equal((await post(ctx.app, "/pairing", { hello: "world" })).statusCode, 400);
  });

  it("reloads atomically under concurrent requests, and refuses a corrupted model", async () => {
    const local = await appFor(fx);
    const before = local.state.modelId;
    const r = await trainAndRegister({
      type: "itemknn",
      data: fx.data,
      artifacts: fx.artifacts,
      overrides: {},
      seed: 1,
      evalSample: 0,
      promote: false,
      progress: () => NO_PROGRESS,
    });
    const reg = loadRegistry(fx.artifacts);
    promote(reg, fx.artifacts, r.entry.id, true);
    saveRegistry(fx.artifacts, reg);
    const users = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? trainable : i % 3 === 1 ? cold : `n${i}`,
    );
    const [responses, reload] = await Promise.all([
      Promise.all(users.map((u) => post(local.app, "/recommend", { user_id: u, topk: 5 }))),
      post(local.app, "/reload_model", {}),
    ]);
    assert.equal(reload.statusCode, 200);
    assert.equal(reload.json().model_id, r.entry.id);
    assert.equal(reload.json().changed, true);
    assert.ok(responses.every((x) => x.statusCode === 200));
    assert.ok(responses.every((x) => [before, r.entry.id].includes(x.json().model_id)));
    assert.ok(responses.every((x) => x.json().count === 5));
    // Corrupt the new best: reload is refused and the model keeps serving.
    appendFileSync(join(fx.artifacts, r.entry.id, "S.npy"), "corrupt");
    const refused = await post(local.app, "/reload_model", {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().message, /checksum/);
    assert.equal((await local.app.inject({ url: "/health" })).json().model_id, r.entry.id);
    // Put the hybrid back as best for other tests in this process.
    const reg2 = loadRegistry(fx.artifacts);
    promote(reg2, fx.artifacts, before, true);
    saveRegistry(fx.artifacts, reg2);
  });

  it("responses match the schemas documented in /docs", async () => {
    const { app, state } = ctx;
    const checks: [string, string, unknown, z.ZodType][] = [
      ["GET", "/health", undefined, R.HealthResponseSchema],
      ["GET", "/model_info", undefined, R.ModelInfoResponseSchema],
      ["GET", "/stats", undefined, R.StatsResponseSchema],
      ["GET", "/cache_stats", undefined, R.CacheStatsResponseSchema],
      ["POST", "/recommend", { user_id: trainable }, R.RecommendResponseSchema],
      ["POST", "/recommend", { user_id: "nobody" }, R.RecommendResponseSchema],
      ["POST", "/batch_recommend", { user_ids: [trainable, cold] }, R.BatchResponseSchema],
      ["POST", "/similar_items", { product_id: state.ds.itemIds[1] }, R.SimilarResponseSchema],
      ["POST", "/recommend", { user_id: 1, topk: "ten" }, R.ErrorResponseSchema],
    ];
    for (const [method, url, payload, schema] of checks) {
      const r = await app.inject({ method: method as "GET", url, payload: payload as object });
      const parsed = schema.safeParse(r.json());
      assert.ok(
        parsed.success,
        `${method} ${url}: ${parsed.error?.issues[0]?.path.join(".")} ${parsed.error?.issues[0]?.message}`,
      );
    }
    const doc = (await app.inject({ url: "/docs/json" })).json();
    assert.ok(
      doc.paths["/recommend"].post.responses["200"].content["application/json"].schema.properties
        .recommendations,
    );
    // the document is generated from the routes: every route is in it, with its request schema
    for (const path of [
      "/health",
      "/recommend",
      "/batch_recommend",
      "/similar_items",
      "/reload_model",
      "/pairing",
    ])
      assert.ok(doc.paths[path], `${path} is not documented`);
    assert.ok(doc.paths["/pairing/jobs/{id}"].get);
    assert.ok(doc.paths["/recommend"].post.requestBody.content["application/json"].schema.properties.user_id);
    assert.deepEqual(doc.paths["/reload_model"].post.security, [{ bearer: [] }]);
  });

  it("the serving config is validated with clear errors and takes environment overrides", () => {
    const c = loadServingConfig("configs/serving.yaml", {
      SERVE_PORT: "9100",
      SERVE_RERANK: "0",
      SERVE_AUTH_TOKEN: "t",
    });
    assert.equal(c.server.port, 9100);
    assert.equal(c.recommend.rerank, false);
    assert.equal(c.server.auth_token, "t");
    assert.throws(() => loadServingConfig("configs/serving.yaml", { SERVE_PORT: "eighty" }), /SERVE_PORT/);
    assert.throws(() => loadServingConfig("configs/nope.yaml", {}), /no such config file/);
  });
});
