/**
 * npm run smoke -- --host 127.0.0.1 --port 8000 [--token T]
 * Calls every endpoint the way a client would and checks the answers; exits 1 on any failure.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { requestFailure, serviceBase, serviceOrExit } from "./args.js";

const o = new Command()
  .option("--host <host>", "service host", "127.0.0.1")
  .option("--port <port>", "service port", "8000")
  .option("--token <token>", "bearer token for admin endpoints", process.env.SERVE_AUTH_TOKEN ?? "")
  .parse()
  .opts<{ host: string; port: string; token: string }>();
const base = serviceBase(o.host, o.port);
await serviceOrExit(base);
let failures = 0;

async function call(
  method: string,
  path: string,
  body?: unknown,
  admin = false,
): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (admin && o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // /metrics is text
  }
  return { status: res.status, json, text };
}

async function check(name: string, fn: () => Promise<string | undefined>): Promise<void> {
  const t = performance.now();
  try {
    const problem = await fn();
    const ms = (performance.now() - t).toFixed(1);
    if (problem) {
      failures++;
      console.log(`FAIL  ${name} (${ms} ms): ${problem}`);
    } else console.log(`ok    ${name} (${ms} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL  ${name}: ${requestFailure(e)}`);
  }
}

const recs = (r: { json: Record<string, unknown> }) =>
  (r.json.recommendations as unknown[] | undefined)?.length ?? 0;

await check("GET /health", async () =>
  (await call("GET", "/health")).json.status === "ok" ? undefined : "status is not ok",
);
await check("GET /model_info", async () =>
  (await call("GET", "/model_info")).json.model_id ? undefined : "no model_id",
);
await check("GET /stats", async () =>
  typeof (await call("GET", "/stats")).json.items === "number" ? undefined : "no items count",
);
await check("GET /cache_stats", async () =>
  (await call("GET", "/cache_stats")).json.recommendations ? undefined : "no recommendations cache",
);
/** One id the service offers for the checks below; without it they cannot run, so the smoke test ends here. */
async function sample(kind: "trainable" | "cold", field: "user_ids" | "product_ids"): Promise<string> {
  const path = `/sample_users?kind=${kind}&n=1`;
  try {
    const r = await call("GET", path);
    const id = (r.json[field] as string[] | undefined)?.[0];
    if (typeof id === "string") return id;
    console.log(`FAIL  GET ${path}: status ${r.status}, no ${field}`);
  } catch (e) {
    console.log(`FAIL  GET ${path}: ${requestFailure(e)}`);
  }
  console.log(`${failures + 1} check(s) failed; the rest need the ids /sample_users gives`);
  process.exit(1);
}
const trainable = await sample("trainable", "user_ids");
const cold = await sample("cold", "user_ids");
const product = await sample("cold", "product_ids");
await check(`POST /recommend trainable user ${trainable}`, async () => {
  const r = await call("POST", "/recommend", { user_id: trainable, topk: 10 });
  return r.status !== 200
    ? `status ${r.status}`
    : r.json.is_fallback !== false
      ? "expected the CF path"
      : recs(r) !== 10
        ? `${recs(r)} items`
        : undefined;
});
await check(`POST /recommend cold user with history ${cold}`, async () => {
  const r = await call("POST", "/recommend", { user_id: cold, topk: 5 });
  return r.json.fallback_method !== "cold_start_history"
    ? `fallback_method ${r.json.fallback_method}`
    : recs(r) !== 5
      ? `${recs(r)} items`
      : undefined;
});
await check("POST /recommend unknown user with filters", async () => {
  const r = await call("POST", "/recommend", {
    user_id: "smoke-unknown-user",
    topk: 5,
    filters: { min_rating: 4 },
  });
  return r.json.fallback_method !== "popularity"
    ? `fallback_method ${r.json.fallback_method}`
    : recs(r) === 0
      ? "no items"
      : undefined;
});
await check("POST /recommend bad input is a 400 with a message", async () => {
  const r = await call("POST", "/recommend", { user_id: "x", topk: 0 });
  return r.status !== 400 || typeof r.json.message !== "string" ? `status ${r.status}` : undefined;
});
await check("POST /batch_recommend", async () => {
  const r = await call("POST", "/batch_recommend", {
    user_ids: [trainable, cold, "smoke-unknown-user"],
    topk: 5,
  });
  return r.json.count !== 3 ? `count ${r.json.count}` : undefined;
});
await check(`POST /similar_items ${product}`, async () => {
  const r = await call("POST", "/similar_items", { product_id: product, topk: 5 });
  return r.json.count !== 5 ? `count ${r.json.count}` : undefined;
});
await check("POST /similar_items unknown product is a 404", async () =>
  (await call("POST", "/similar_items", { product_id: "no-such-product" })).status === 404
    ? undefined
    : "expected 404",
);
await check("POST /cache_warmup", async () =>
  (await call("POST", "/cache_warmup", { users: 50 }, true)).json.warmed === 50
    ? undefined
    : "did not warm 50 users",
);
await check("POST /reload_model", async () => {
  const r = await call("POST", "/reload_model", {}, true);
  return r.status === 200 && r.json.model_id ? undefined : `status ${r.status}: ${r.json.message}`;
});
await check("POST /pairing", async () => {
  const analysis = JSON.parse(
    readFileSync(new URL("../../tests/golden/analysis.json", import.meta.url), "utf8"),
  );
  const r = await call("POST", "/pairing", analysis);
  const pairs = ((r.json.result as Record<string, unknown[]> | undefined)?.pairs ?? []).length;
  return r.status === 200 && pairs > 0 ? undefined : `status ${r.status}, ${pairs} pairs`;
});
await check("GET /review (the review app's page and script)", async () => {
  const page = await call("GET", "/review");
  const js = await call("GET", "/review/review.js");
  return page.status === 200 && /Shelfwise review/.test(page.text) && js.status === 200
    ? undefined
    : `page ${page.status}, script ${js.status}`;
});
await check("POST /review/api/batches, an edit, GET export.csv", async () => {
  const analysis = JSON.parse(
    readFileSync(new URL("../../tests/golden/analysis.json", import.meta.url), "utf8"),
  );
  const made = await call("POST", "/review/api/batches", { name: "smoke test", analysis }, true);
  const batch = made.json.batch as { id: string; version: number } | undefined;
  if (made.status !== 201 || !batch) return `create: status ${made.status}: ${made.json.message}`;
  const products = (made.json.state as { products: { id: string; back: string | null }[] }).products;
  const paired = products.find((p) => p.back !== null);
  if (!paired) return "no pair to swap";
  const swap = { version: batch.version, edit: { op: "swap", product: paired.id } };
  const edited = await call("POST", `/review/api/batches/${batch.id}/edits`, swap, true);
  if (edited.status !== 200) return `edit: status ${edited.status}: ${edited.json.message}`;
  const csv = await call("GET", `/review/${batch.id}/export.csv`, undefined, true);
  const rows = csv.text.trimEnd().split("\r\n").length - 1;
  return csv.status === 200 && rows === products.length
    ? undefined
    : `export: status ${csv.status}, ${rows} rows`;
});
await check("POST /cache_clear", async () =>
  (await call("POST", "/cache_clear", {}, true)).json.cleared === true ? undefined : "not cleared",
);
await check("GET /metrics", async () => {
  const t = (await call("GET", "/metrics")).text;
  return /http_request_duration_seconds_bucket/.test(t) && /shelfwise_model_info/.test(t)
    ? undefined
    : "missing metric families";
});
await check("GET /docs/json", async () =>
  (await call("GET", "/docs/json")).json.openapi ? undefined : "no OpenAPI document",
);
console.log(failures ? `${failures} check(s) failed` : "all checks passed");
process.exitCode = failures ? 1 : 0;
