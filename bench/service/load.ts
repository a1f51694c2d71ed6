/**
 * npm run load -- --host 127.0.0.1 --port 8000 --duration 20 --concurrency 32 [--rate N] [--json out.json]
 * autocannon against a running service (this process is separate from the server) with a realistic user mix:
 * about 10 % trainable users, 45 % cold users with one interaction, 45 % users the shop has never seen.
 * Prints float-ms percentiles from every response, req/s, errors, cache hit rate, server RSS before and after,
 * and the latency of batch_recommend for 100 users. With --rate, requests are sent on a fixed schedule of N per
 * second over --concurrency connections (open model): latency counts from when each request was due, so a
 * server that falls behind shows it instead of lowering the offered load.
 */
import autocannon from "autocannon";
import Table from "cli-table3";
import { Command } from "commander";
import { jsonText } from "../../src/lib/fs.js";
import { Rng } from "../../src/lib/rng.js";
import { outputPathOrExit, runsArgument, writeOutputOrExit } from "../args.js";
import { requestFailure, serviceBase, serviceOrExit } from "./args.js";
import { openLoad } from "./open-load.js";

const o = new Command()
  .option("--host <host>", "service host", "127.0.0.1")
  .option("--port <port>", "service port", "8000")
  .option("--duration <s>", "seconds", "20")
  .option("--concurrency <n>", "connections", "32")
  .option("--trainable-share <x>", "share of requests from trainable users", "0.1")
  .option(
    "--rate <n>",
    "open model: requests per second, whatever the replies (default: closed, as fast as the connections go)",
  )
  .option("--json <file>", "write the figures as JSON")
  .parse()
  .opts<{
    host: string;
    port: string;
    duration: string;
    concurrency: string;
    trainableShare: string;
    rate?: string;
    json?: string;
  }>();
// every argument is checked before the service is asked anything: a typo costs a second, not a run
const base = serviceBase(o.host, o.port);
const duration = runsArgument(o.duration, "--duration");
const connections = runsArgument(o.concurrency, "--concurrency");
const share = Number(o.trainableShare);
if (!/^\d*\.?\d+$/.test(o.trainableShare) || share > 1) {
  console.error(`error: --trainable-share must be a number from 0 to 1, got "${o.trainableShare}"`);
  process.exit(2);
}
const jsonOut = outputPathOrExit("--json", o.json);
const rate = o.rate === undefined ? undefined : runsArgument(o.rate, "--rate");
await serviceOrExit(base);
/** A service that stops answering mid-run fails the load test with one line, not a stack trace. */
const request = async (path: string, init?: RequestInit): Promise<Response> => {
  try {
    return await fetch(base + path, init);
  } catch (e) {
    console.error(`error: ${path}: the service at ${base} stopped answering (${requestFailure(e)})`);
    process.exit(1);
  }
};
const get = async (path: string) => (await request(path)).json() as Promise<Record<string, unknown>>;
const send = (path: string, body: unknown) =>
  request(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(process.env.SERVE_AUTH_TOKEN ? { authorization: `Bearer ${process.env.SERVE_AUTH_TOKEN}` } : {}),
    },
    body: JSON.stringify(body),
  });
const post = async (path: string, body: unknown) =>
  (await send(path, body)).json() as Promise<Record<string, unknown>>;
/** Cache control the measurements depend on: a refused call (no token for a remote server) stops the run. */
const admin = async (path: string, body: unknown) => {
  const r = await send(path, body);
  if (!r.ok) {
    console.error(
      `error: POST ${path} answered ${r.status}: ${((await r.json()) as { message?: string }).message ?? ""}`,
    );
    console.error("set SERVE_AUTH_TOKEN to the server's token, or run the load test on the server's machine");
    process.exit(2);
  }
};

const trainable = (await get("/sample_users?kind=trainable&n=2000")).user_ids as string[];
const cold = (await get("/sample_users?kind=cold&n=5000")).user_ids as string[];
const newUsers = Array.from({ length: 2000 }, (_, i) => `load-new-${i}`);
const rssBefore = ((await get("/stats")).rss_mb as number) ?? 0;
// Uncached latency first: distinct users after emptying the caches, one request at a time.
await admin("/cache_clear", {});
const uncached: Record<string, number[]> = { trainable: [], cold: [], new: [] };
for (let i = 0; i < 200; i++) {
  for (const [kind, list] of [
    ["trainable", trainable],
    ["cold", cold],
    ["new", newUsers],
  ] as const) {
    const user = list[i % list.length]!;
    const t = performance.now();
    await post("/recommend", { user_id: `${user}`, topk: 10 });
    uncached[kind]!.push(performance.now() - t);
  }
}
await admin("/cache_clear", {});
await admin("/cache_warmup", {});
const rng = new Rng(2026);
const pick = () => {
  const r = rng.next();
  const list = r < share ? trainable : r < share + (1 - share) / 2 ? cold : newUsers;
  return list[rng.int(list.length)]!;
};
const latencies: number[] = [];
// Server RSS every 5 s during the run, to see whether memory settles once the caches are full.
const rssTimeline: number[] = [];
const sampler = setInterval(async () => {
  try {
    // fetch, not `get`, which ends the run when the service does not answer
    const stats = (await (await fetch(`${base}/stats`)).json()) as Record<string, unknown>;
    rssTimeline.push((stats.rss_mb as number) ?? 0);
  } catch {
    // a missed sample is not a load-test failure
  }
}, 5000);
const result = rate === undefined ? await closedLoad() : await openLoadRun(rate);

/** As many requests as the connections carry (autocannon). */
async function closedLoad() {
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        url: base,
        connections,
        duration,
        requests: [
          {
            method: "POST",
            path: "/recommend",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ user_id: pick(), topk: 10 }) }),
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  return { requests: r.requests.total, duration: r.duration, errors: r.errors + r.non2xx + r.timeouts };
}

/** `perSecond` requests a second on a fixed schedule, latency from when each was due. */
async function openLoadRun(perSecond: number) {
  const run = openLoad(
    base,
    perSecond,
    duration * 1000,
    () => ({ route: "POST /recommend", path: "/recommend", body: { user_id: pick(), topk: 10 } }),
    connections,
  );
  const t0 = performance.now();
  await run.done;
  const s = run.stats.get("POST /recommend") ?? { count: 0, errors: 0, latencies: [] };
  latencies.push(...s.latencies);
  return { requests: s.count, duration: (performance.now() - t0) / 1000, errors: s.errors + run.behind() };
}
clearInterval(sampler);
const cache = (await get("/cache_stats")) as Record<string, { hit_rate: number }>;
const rssAfter = ((await get("/stats")).rss_mb as number) ?? 0;
// batch_recommend of 100 users, sequential calls, mixed users.
const batchMs: number[] = [];
for (let i = 0; i < 50; i++) {
  const ids = Array.from({ length: 100 }, pick);
  const t = performance.now();
  await post("/batch_recommend", { user_ids: ids, topk: 10 });
  batchMs.push(performance.now() - t);
}
const pct = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const errors = result.errors;
const figures = {
  mode: rate === undefined ? `closed, ${connections} connections` : `open, ${rate} req/s offered`,
  requests: result.requests,
  duration_s: result.duration,
  req_per_s: result.requests / result.duration,
  p50_ms: pct(latencies, 50),
  p90_ms: pct(latencies, 90),
  p99_ms: pct(latencies, 99),
  max_ms: latencies.reduce((m, x) => Math.max(m, x), 0),
  errors,
  cache_hit_rate: cache.recommendations?.hit_rate ?? 0,
  rss_mb_before: rssBefore,
  rss_mb_after: rssAfter,
  rss_mb_every_5s: rssTimeline,
  uncached_trainable_p50_ms: pct(uncached.trainable!, 50),
  uncached_trainable_p99_ms: pct(uncached.trainable!, 99),
  uncached_cold_p99_ms: pct(uncached.cold!, 99),
  uncached_new_p99_ms: pct(uncached.new!, 99),
  batch100_p50_ms: pct(batchMs, 50),
  batch100_p99_ms: pct(batchMs, 99),
  concurrency: connections,
  mix: { trainable: share, cold: (1 - share) / 2, new: (1 - share) / 2 },
};
const t = new Table({ head: ["figure", "value"], style: { head: [], border: [] } });
for (const [k, v] of Object.entries(figures))
  t.push([k, typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : JSON.stringify(v)]);
console.log(t.toString());
if (jsonOut) writeOutputOrExit(jsonOut, jsonText(figures), "figures");
process.exitCode = errors > 0 ? 1 : 0;
