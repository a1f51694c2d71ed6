/**
 * The service as an attacker or a heavy user sees it: nothing anonymous touches the disk or the server's state,
 * no body breaks a handler, and no request holds the event loop while others wait.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { analysisOf, type RecordSpec } from "../pairing/fixtures.js";
import { testApp } from "./fixture.js";

const TOKEN = "hardening-token";
const history = process.env.PAIR_HISTORY_PATH as string;
const historyLines = () =>
  existsSync(history) ? readFileSync(history, "utf8").trim().split("\n").filter(Boolean).length : 0;

/** A batch of `n` photos: fronts and backs of n/2 products of a few brands. */
function bigAnalysis(n: number) {
  const specs: RecordSpec[] = [];
  for (let i = 0; i < n / 2; i++) {
    const brand = `Brand${i % 40}`;
    const product = `Serum ${i} ${["Rose", "Mint", "Oat"][i % 3]}`;
    specs.push({ url: `IMG_${String(2 * i).padStart(5, "0")}.JPG`, brand, product, role: "front" });
    specs.push({
      url: `IMG_${String(2 * i + 1).padStart(5, "0")}.JPG`,
      brand,
      product,
      role: "back",
      text: `${brand} ${product} INGREDIENTS: Aqua, Glycerin. Directions: apply daily.`,
    });
  }
  return analysisOf(specs);
}

const deep = (levels: number, inner: string) => `${"[".repeat(levels)}${inner}${"]".repeat(levels)}`;

describe("service hardening", () => {
  let app: FastifyInstance;
  let base: string;
  let users: string[];
  before(async () => {
    const built = await testApp({
      server: { auth_token: TOKEN },
      limits: { pairing_images: 12_000, batch_users: 1000, batch_results: 100_000, batch_slice_ms: 1 },
    });
    app = built.app;
    const { state } = built;
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    users = state.ds.userIds.slice(0, 1000);
  });
  after(async () => {
    await app.close();
  });

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${url}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
    });

  it("answers a body nested thousands deep, with or without __proto__, with a 400 on every POST route", async () => {
    for (const url of [
      "/recommend",
      "/batch_recommend",
      "/similar_items",
      "/pairing",
      "/pairing/jobs",
      "/cache_warmup",
    ])
      for (const body of [deep(5000, '{"__proto__":1}'), deep(5000, "1"), `{"user_id": ${deep(3000, "")}}`]) {
        const r = await post(url, body, { authorization: `Bearer ${TOKEN}` });
        assert.equal(r.status, 400, `${url} ${body.slice(0, 20)}`);
        const j = (await r.json()) as { message: string };
        assert.match(j.message, /nests \d+ levels deep|__proto__/);
        assert.doesNotMatch(j.message, /\n\s+at /);
      }
  });

  it("pairs on worker threads: /health answers while a 10,000-photo pairing and a 1,000-user batch run", async () => {
    const order: string[] = [];
    const pairing = post("/pairing", JSON.stringify(bigAnalysis(10_000))).then(async (r) => {
      order.push(`pairing ${r.status}`);
      return r.json();
    });
    const batch = post("/batch_recommend", JSON.stringify({ user_ids: users, topk: 100 })).then((r) => {
      order.push(`batch ${r.status}`);
    });
    await new Promise((r) => setTimeout(r, 50));
    const health = await fetch(`${base}/health`);
    order.push(`health ${health.status}`);
    const result = (await pairing) as { metrics: { totals: { images: number } } };
    await batch;
    assert.equal(order[0], "health 200", order.join(", "));
    assert.ok(order.includes("pairing 200") && order.includes("batch 200"), order.join(", "));
    assert.equal(result.metrics.totals.images, 10_000);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /nodejs_eventloop_lag_p99_seconds \d/);
  });

  it("refuses more photos than limits.pairing_images, and more recommendations than limits allow", async () => {
    const r = await post("/pairing", JSON.stringify(bigAnalysis(12_002)));
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { message: string }).message, /12002 images; at most 12000/);
    const b = await post(
      "/batch_recommend",
      JSON.stringify({ user_ids: [...users, ...users, "x"], topk: 5 }),
    );
    assert.equal(b.status, 400);
  });

  it("an anonymous /pairing writes no SLO history; a caller with the token does", async () => {
    const small = JSON.stringify(bigAnalysis(10));
    const before = historyLines();
    assert.equal((await post("/pairing", small)).status, 200);
    assert.equal(historyLines(), before, "an anonymous run was recorded");
    assert.equal((await post("/pairing", small, { authorization: `bearer ${TOKEN}` })).status, 200);
    assert.equal(historyLines(), before + 1);
  });

  it("bounds rerank weights, checks /cache_warmup's body, and never echoes a long id", async () => {
    const huge = await post(
      "/recommend",
      JSON.stringify({ user_id: users[0], rerank_weights: { cf: 1e308, content: 1e308 } }),
    );
    assert.equal(huge.status, 400);
    assert.match(((await huge.json()) as { message: string }).message, /rerank_weights\.cf/);
    for (const body of ['"x"', "[]", "null", '{"users": [true]}', '{"users": "5"}', '{"users": 5, "x": 1}']) {
      const r = await post("/cache_warmup", body, { authorization: `Bearer ${TOKEN}` });
      assert.equal(r.status, 400, body);
    }
    const id = "p".repeat(1_000_000);
    const nf = await post("/similar_items", JSON.stringify({ product_id: id }));
    assert.equal(nf.status, 404);
    assert.ok((await nf.text()).length < 300);
    const route = await fetch(`${base}/${"x".repeat(5000)}`);
    assert.equal(route.status, 404);
    assert.ok((await route.text()).length < 300);
  });
});

describe("a pairing past limits.request_timeout_ms", () => {
  let app: FastifyInstance;
  before(async () => {
    app = (await testApp({ limits: { request_timeout_ms: 200 } })).app;
  });
  after(async () => {
    await app.close();
  });

  it("is stopped and answered 503, and the next pairing runs on a fresh worker", async () => {
    const slow = await app.inject({ method: "POST", url: "/pairing", payload: bigAnalysis(10_000) });
    assert.equal(slow.statusCode, 503, slow.body.slice(0, 200));
    assert.match(slow.json().message, /ran past 200 ms and was stopped/);
    const next = await app.inject({ method: "POST", url: "/pairing", payload: bigAnalysis(10) });
    assert.equal(next.statusCode, 200, next.body.slice(0, 200));
    assert.equal(next.json().metrics.totals.images, 10);
  });
});

describe("one trust model for admin calls", () => {
  let app: FastifyInstance;
  before(async () => {
    app = (await testApp()).app;
  });
  after(async () => {
    await app.close();
  });

  it("without a token, a request carrying any proxy header is not local", async () => {
    for (const header of ["x-real-ip", "x-forwarded-for", "forwarded", "x-client-ip"]) {
      const r = await app.inject({
        method: "POST",
        url: "/cache_clear",
        headers: { [header]: "127.0.0.1" },
        remoteAddress: "127.0.0.1",
      });
      assert.equal(r.statusCode, 403, header);
    }
    const local = await app.inject({ method: "POST", url: "/cache_clear", remoteAddress: "127.0.0.1" });
    assert.equal(local.statusCode, 200);
    const remote = await app.inject({ method: "POST", url: "/cache_clear", remoteAddress: "10.1.2.3" });
    assert.equal(remote.statusCode, 403);
  });
});
