/**
 * HTTP fuzzing through app.inject(): generated bodies and queries for every route, with deep nesting, prototype
 * keys, huge and odd numbers, wrong types, unicode edge cases and broken JSON text. Every reply must be a non-5xx
 * with no stack trace, and must match the route's documented response schema (ErrorResponseSchema for a 4xx).
 * Seeded. `npm test` runs about 10,000 cases; `npm run fuzz -- --long` ten times as many.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import * as recsys from "../../src/recsys/index.js";
import * as S from "../../src/server/schemas.js";
import { analysisOf, shampooBack, shampooFront } from "../pairing/fixtures.js";
import { testApp } from "./fixture.js";

const LONG = process.argv.includes("--long");
const RUNS_PER_ROUTE = LONG ? 12_000 : 1_200;
const TOKEN = "fuzz-token";
const SEED = 20261207;

interface Route {
  method: "GET" | "POST";
  url: string;
  /** the schema of a 2xx reply */
  ok: z.ZodType;
  admin?: boolean;
}

const ROUTES: Route[] = [
  { method: "POST", url: "/recommend", ok: recsys.RecommendResponseSchema },
  { method: "POST", url: "/batch_recommend", ok: recsys.BatchResponseSchema },
  { method: "POST", url: "/similar_items", ok: recsys.SimilarResponseSchema },
  { method: "POST", url: "/pairing", ok: S.PairingResponseSchema },
  { method: "POST", url: "/pairing/jobs", ok: S.JobAcceptedSchema },
  { method: "POST", url: "/cache_warmup", ok: S.CacheWarmupResponseSchema, admin: true },
  { method: "POST", url: "/cache_clear", ok: S.CacheClearResponseSchema, admin: true },
  { method: "GET", url: "/sample_users", ok: S.SampleUsersResponseSchema },
  { method: "GET", url: "/pairing/jobs/", ok: S.JobStatusSchema },
];

/** Keys a careless parser would mistake for something else. */
const trickyKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "",
  "\u0000",
);
const fieldName = fc.constantFrom(
  "user_id",
  "user_ids",
  "topk",
  "filters",
  "rerank",
  "rerank_weights",
  "exclude_seen",
  "product_id",
  "method",
  "users",
  "analysis",
  "analyses",
  "folder",
  "groups",
  "imageInsights",
  "cf",
  "brand",
  "min_price",
);
const oddNumber = fc.oneof(
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 2 ** 53, -(2 ** 53) - 2, 1.5, -1, 100, 101, 1000, 1001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const oddString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\uFEFF",
    "\uD800",
    "🧴",
    "e\u0301",
    "0",
    "1e309",
    "NaN",
    "null",
    "../../etc/passwd",
    "x".repeat(3000),
  ),
);
const scalar = fc.oneof(oddNumber, oddString, fc.boolean(), fc.constant(null));

/** A JSON value up to a few levels deep, its keys drawn from real field names and tricky ones. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fieldName, trickyKey, fc.string({ maxLength: 6 })), tie("value"), { maxKeys: 6 }),
  ),
})).value;

/** A body that looks like each route's request with one part wrong, or anything at all. */
function bodyFor(users: string[], items: string[]): fc.Arbitrary<string> {
  const userId = fc.oneof(fc.constantFrom(...users.slice(0, 20)), scalar);
  const nearValid = fc.record(
    {
      user_id: userId,
      user_ids: fc.array(userId, { maxLength: 30 }),
      topk: fc.oneof(fc.integer({ min: -2, max: 120 }), scalar),
      product_id: fc.oneof(fc.constantFrom(...items.slice(0, 20)), scalar),
      method: fc.oneof(fc.constantFrom("content", "item_item", "hybrid"), scalar),
      filters: fc.oneof(
        value,
        fc.record({ brand: value, min_price: oddNumber, max_price: oddNumber }, { requiredKeys: [] }),
      ),
      rerank_weights: fc.oneof(value, fc.record({ cf: oddNumber, content: oddNumber }, { requiredKeys: [] })),
      users: fc.oneof(fc.integer({ min: -1, max: 200 }), scalar, value),
      analysis: fc.oneof(value, fc.constant(analysisOf([shampooFront, shampooBack]))),
      groups: value,
      imageInsights: fc.oneof(value, fc.array(fc.record({ url: oddString, role: value }), { maxLength: 4 })),
    },
    { requiredKeys: [] },
  );
  const deep = fc
    .tuple(fc.integer({ min: 60, max: 20_000 }), fc.constantFrom("1", '{"__proto__":1}', '"x"', "{}"))
    .map(([n, inner]) => `${"[".repeat(n)}${inner}${"]".repeat(n)}`);
  const broken = fc.constantFrom(
    "",
    " ",
    "{",
    '{"a":',
    "[1,]",
    "nul",
    '{"a":1}}',
    "\uFEFF{}",
    '{"a":"\\ud800"}',
    "{'a':1}",
  );
  return fc.oneof(
    { weight: 4, arbitrary: nearValid.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: value.map((v) => JSON.stringify(v) ?? "null") },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: broken },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );
}

describe(`HTTP fuzzing (${RUNS_PER_ROUTE} cases per route, seed ${SEED})`, () => {
  let app: FastifyInstance;
  let users: string[];
  let items: string[];
  before(async () => {
    const built = await testApp({ server: { auth_token: TOKEN } });
    app = built.app;
    const { state } = built;
    users = state.ds.userIds.slice(0, 50);
    items = state.ds.itemIds.slice(0, 50);
  });
  after(async () => {
    await app.close();
  });

  const check = (route: Route, status: number, body: string, what: string) => {
    assert.ok(
      status < 500,
      `${route.method} ${route.url} answered ${status} to ${what}: ${body.slice(0, 300)}`,
    );
    assert.doesNotMatch(body, /\n\s+at |node:internal|\.ts:\d+/, `a stack trace in the reply to ${what}`);
    const json = JSON.parse(body);
    const schema = status < 300 ? route.ok : S.ErrorResponseSchema;
    const parsed = schema.safeParse(json);
    assert.ok(
      parsed.success,
      `${route.method} ${route.url} ${status} does not match its schema (${parsed.error?.issues[0]?.path.join(".")}: ${parsed.error?.issues[0]?.message}) for ${what}`,
    );
  };

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const headers = fc.constantFrom<Record<string, string>>(
        {},
        { authorization: `Bearer ${TOKEN}` },
        { authorization: `bearer ${TOKEN}` },
        { authorization: "Bearer wrong" },
        { "x-forwarded-for": "10.0.0.1" },
      );
      if (route.method === "POST") {
        const prop = fc.asyncProperty(bodyFor(users, items), headers, async (payload, h) => {
          const r = await app.inject({
            method: "POST",
            url: route.url,
            payload,
            headers: { "content-type": "application/json", ...h },
          });
          check(route, r.statusCode, r.body, JSON.stringify(payload.slice(0, 200)));
        });
        await fc.assert(prop, { numRuns: RUNS_PER_ROUTE, seed: SEED });
        return;
      }
      // every byte of the generated text, percent-encoded: slashes, NULs and invalid UTF-8 reach the router
      const encoded = (t: string) =>
        [...Buffer.from(t)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
      const prop = fc.asyncProperty(
        fc.dictionary(fc.oneof(fc.constantFrom("kind", "n"), fc.string({ maxLength: 4 })), oddString, {
          maxKeys: 3,
        }),
        oddString,
        async (query, tail) => {
          const qs = Object.entries(query)
            .map(([k, v]) => `${encoded(k)}=${encoded(v)}`)
            .join("&");
          const url = route.url.endsWith("/") ? `${route.url}${encoded(tail)}` : `${route.url}?${qs}`;
          const r = await app.inject({ method: "GET", url });
          check(route, r.statusCode, r.body, url.slice(0, 200));
        },
      );
      await fc.assert(prop, { numRuns: RUNS_PER_ROUTE, seed: SEED });
    });
  }
});
