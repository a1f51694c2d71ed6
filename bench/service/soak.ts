/**
 * npm run soak -- --duration 60 --rate 2000 [--workers 2] [--warmup 5] [--port 8123] [--json F]
 *
 * Starts its own service (`npm start` with --workers, a token of its own, no SLO history) and warms it for
 * --warmup seconds (the mix plus one heavy request of each kind per worker). Then for --duration seconds it sends
 * the realistic mix at a fixed offered rate (open model: latency from when each request was due), plus every
 * --heavy-every seconds a 10,000-photo POST /pairing and a 1,000-user POST /batch_recommend. Meanwhile a thread of
 * its own asks /health every 25 ms on a new connection, the model is reloaded twice (at a third and two thirds of
 * the run) and one cluster worker is stopped with SIGTERM halfway (the primary replaces it). Prints p50/p99 per
 * route, /health p99 while heavy requests were in flight, the slowest probes and when they happened, RSS every
 * 5 s, this generator's own event-loop delay and every error, then stops the service.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Table from "cli-table3";
import { Command } from "commander";
import { jsonText } from "../../src/lib/fs.js";
import { Rng } from "../../src/lib/rng.js";
import { spawnWorker } from "../../src/lib/workers.js";
import { outputPathOrExit, runsArgument, writeOutputOrExit } from "../args.js";
import type { ProbeSample } from "./health-probe.js";
import { openLoad, percentile, type RouteStats } from "./open-load.js";

const o = new Command()
  .option("--duration <s>", "seconds of load", "60")
  .option("--rate <n>", "requests per second of the realistic mix (open model)", "2000")
  .option("--workers <n>", "service processes (node:cluster)", "2")
  .option("--port <n>", "port for the service this run starts", "8123")
  .option(
    "--heavy-every <s>",
    "seconds between heavy requests (a 10,000-photo pairing and a 1,000-user batch)",
    "10",
  )
  .option("--warmup <s>", "seconds of the realistic mix before measuring (JIT and connection set-up)", "5")
  .option("--json <file>", "write the figures as JSON")
  .parse()
  .opts<{
    duration: string;
    rate: string;
    workers: string;
    port: string;
    heavyEvery: string;
    warmup: string;
    json?: string;
  }>();
const duration = runsArgument(o.duration, "--duration");
const rate = runsArgument(o.rate, "--rate");
const workers = runsArgument(o.workers, "--workers");
const port = runsArgument(o.port, "--port");
const heavyEvery = runsArgument(o.heavyEvery, "--heavy-every");
const warmup = Number(o.warmup);
if (!Number.isInteger(warmup) || warmup < 0) {
  console.error(`error: --warmup must be a whole number of seconds ≥ 0 (got "${o.warmup}")`);
  process.exit(2);
}
const jsonOut = outputPathOrExit("--json", o.json);
const base = `http://127.0.0.1:${port}`;
const TOKEN = `soak-${process.pid}`;
const admin = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

const root = new URL("../../", import.meta.url).pathname;
const server: ChildProcess = spawn(
  process.execPath,
  ["--import", "tsx", join(root, "src/cli/serve.ts"), "--port", String(port), "--workers", String(workers)],
  {
    cwd: root,
    env: { ...process.env, SERVE_AUTH_TOKEN: TOKEN, SERVE_LOG_LEVEL: "warn", PAIR_HISTORY_PATH: "" },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
const stopServer = () => {
  if (server.exitCode === null) server.kill("SIGTERM");
};
process.on("exit", stopServer);
for (let i = 0; ; i++) {
  const up = await fetch(`${base}/health`)
    .then((r) => r.ok)
    .catch(() => false);
  if (up) break;
  if (server.exitCode !== null || i > 600) {
    console.error(`error: the service did not start on port ${port}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
const json = async (path: string) => (await (await fetch(base + path)).json()) as Record<string, unknown>;
const trainable = (await json("/sample_users?kind=trainable&n=2000")).user_ids as string[];
const cold = (await json("/sample_users?kind=cold&n=5000")).user_ids as string[];

/** Resident memory of the primary and its workers, from /proc. */
const rssMb = (): number => {
  const pids = [server.pid!, ...childrenOf(server.pid!)];
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // a worker that just exited
    }
  }
  return Math.round(kb / 1024);
};
/** Child processes from /proc (no `pgrep`: a synchronous spawn would stall this generator's schedule). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** A 10,000-photo batch: fronts and backs of 5,000 products of 50 brands. */
const heavyAnalysis = (() => {
  const images: Record<string, unknown>[] = [];
  for (let i = 0; i < 5000; i++) {
    const brand = `Brand${i % 50}`;
    const product = `Serum ${i}`;
    for (const role of ["front", "back"] as const)
      images.push({
        url: `IMG_${String(2 * i + (role === "back" ? 1 : 0)).padStart(5, "0")}.JPG`,
        role,
        brand,
        product,
        size: "30 ml",
        category: "Skin Care",
        text:
          role === "back"
            ? `${brand} ${product} INGREDIENTS: Aqua. Directions: apply.`
            : `${brand} ${product}`,
      });
  }
  return JSON.stringify({ groups: [], imageInsights: images });
})();

const rng = new Rng(2026);
const pick = () => {
  const r = rng.next();
  const user =
    r < 0.1
      ? trainable[rng.int(trainable.length)]
      : r < 0.55
        ? cold[rng.int(cold.length)]
        : `soak-new-${rng.int(2000)}`;
  return { route: "POST /recommend", path: "/recommend", body: { user_id: user, topk: 10 } };
};

const batchBody = JSON.stringify({ user_ids: [...trainable, ...cold].slice(0, 1000), topk: 10 });
// The warm-up sends heavy requests too: their first run compiles their code and sizes the heaps (not growth).
if (warmup > 0) {
  const warm = openLoad(base, rate, warmup * 1000, pick);
  const post = (path: string, body: string) =>
    fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) =>
      r.arrayBuffer(),
    );
  // one of each per worker process (connections are handed out in turn)
  const heavyWarmups = Array.from({ length: workers }, () => [
    post("/pairing", heavyAnalysis),
    post("/batch_recommend", batchBody),
  ]).flat();
  await Promise.all([warm.done, ...heavyWarmups]);
}

const generatorLag = monitorEventLoopDelay({ resolution: 10 });
generatorLag.enable();
const t0 = performance.now();
const at = (fraction: number) => t0 + fraction * duration * 1000;
const events: string[] = [];
const heavy: Record<string, RouteStats> = {
  "POST /pairing (10,000 photos)": { count: 0, errors: 0, latencies: [] },
  "POST /batch_recommend (1,000 users)": { count: 0, errors: 0, latencies: [] },
};
/** [start, end] of each heavy request, in performance.now() time; a probe started inside one counts as "while heavy" */
const heavySpans: [number, number | undefined][] = [];
/** every answered probe: when it started (s into the run) and how long it took */
const probes: { s: number; ms: number }[] = [];
const healthHeavy: number[] = [];
let healthErrors = 0;
const rssTimeline: { s: number; mb: number }[] = [];

const load = openLoad(base, rate, duration * 1000, pick);
const end = t0 + duration * 1000;
const timers: NodeJS.Timeout[] = [];
const every = (ms: number, fn: () => void) => timers.push(setInterval(fn, ms));
const once = (when: number, fn: () => void) =>
  timers.push(setTimeout(fn, Math.max(0, when - performance.now())));

const sendHeavy = async (name: string, path: string, body: string) => {
  const s = heavy[name]!;
  s.count++;
  const t = performance.now();
  const span: [number, number | undefined] = [t, undefined];
  heavySpans.push(span);
  try {
    const r = await fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    await r.arrayBuffer();
    if (r.ok) s.latencies.push(performance.now() - t);
    else {
      s.errors++;
      events.push(`${name} answered ${r.status}`);
    }
  } catch (e) {
    s.errors++;
    events.push(`${name} failed: ${(e as Error).message}`);
  } finally {
    span[1] = performance.now();
  }
};
const heavyDone: Promise<void>[] = [];
every(heavyEvery * 1000, () => {
  if (performance.now() > end - 1000) return;
  heavyDone.push(sendHeavy("POST /pairing (10,000 photos)", "/pairing", heavyAnalysis));
  heavyDone.push(sendHeavy("POST /batch_recommend (1,000 users)", "/batch_recommend", batchBody));
});
// the prober runs on its own thread: see health-probe.ts
const prober = spawnWorker(new URL("./health-probe.ts", import.meta.url), {
  url: `${base}/health`,
  everyMs: 25,
  untilEpochMs: performance.timeOrigin + end,
});
const proberDone = new Promise<void>((resolve) =>
  prober.on("message", (m: ProbeSample | "done") => {
    if (m === "done") return resolve();
    const s = (m.at - performance.timeOrigin - t0) / 1000;
    if (m.status !== 200) {
      healthErrors++;
      return events.push(
        `/health answered ${m.status || "nothing (connection failed)"} at ${s.toFixed(1)} s`,
      );
    }
    probes.push({ s, ms: m.ms });
    const at = m.at - performance.timeOrigin;
    if (heavySpans.some(([from, to]) => at >= from && at <= (to ?? Number.POSITIVE_INFINITY)))
      healthHeavy.push(m.ms);
  }),
);
every(5000, () => {
  if (performance.now() <= end)
    rssTimeline.push({ s: Math.round((performance.now() - t0) / 1000), mb: rssMb() });
});
for (const f of [1 / 3, 2 / 3])
  once(at(f), () => {
    fetch(`${base}/reload_model`, { method: "POST", headers: admin, body: "{}" })
      .then(async (r) =>
        events.push(`reload at ${Math.round(f * duration)} s: ${r.status} ${JSON.stringify(await r.json())}`),
      )
      .catch((e) => events.push(`reload failed: ${(e as Error).message}`));
  });
if (workers > 1)
  once(at(1 / 2), () => {
    const victim = childrenOf(server.pid!)[0];
    if (victim === undefined) return events.push("no worker to stop");
    process.kill(victim, "SIGTERM");
    events.push(
      `worker ${victim} sent SIGTERM at ${Math.round(duration / 2)} s (the primary starts another)`,
    );
  });

await load.done;
await Promise.all(heavyDone);
await proberDone;
await prober.terminate();
for (const t of timers) clearInterval(t);
const rssEnd = rssMb();

const healthAll = probes.map((p) => p.ms);
const table = new Table({ head: ["route", "requests", "errors", "p50 ms", "p99 ms", "max ms"] });
const row = (name: string, s: RouteStats) =>
  table.push([
    name,
    s.count,
    s.errors,
    percentile(s.latencies, 50).toFixed(2),
    percentile(s.latencies, 99).toFixed(2),
    Math.max(...s.latencies, 0).toFixed(1),
  ]);
for (const [name, s] of load.stats) row(`${name} (${rate}/s offered)`, s);
for (const [name, s] of Object.entries(heavy)) row(name, s);
row("GET /health, all", {
  count: healthAll.length + healthErrors,
  errors: healthErrors,
  latencies: healthAll,
});
row("GET /health, while heavy requests ran", {
  count: healthHeavy.length,
  errors: 0,
  latencies: healthHeavy,
});
const errors = [...load.stats.values(), ...Object.values(heavy)].reduce((n, s) => n + s.errors, healthErrors);
const rss10 = rssTimeline.find((r) => r.s >= 10)?.mb ?? rssTimeline[0]?.mb ?? 0;
console.log(`soak: ${duration} s, ${rate} req/s offered, ${workers} workers (node ${process.version})`);
console.log(table.toString());
console.log(
  `RSS (primary + workers) every 5 s: ${rssTimeline.map((r) => `${r.s}s ${r.mb}`).join(", ")}; end ${rssEnd} MB`,
);
console.log(
  `RSS at the end vs at 10 s: ${rssEnd} / ${rss10} MB (${(((rssEnd - rss10) / rss10) * 100).toFixed(1)} %)`,
);
for (const e of events) console.log(`event: ${e}`);
console.log(
  `generator's own event-loop delay: p99 ${(generatorLag.percentile(99) / 1e6).toFixed(1)} ms, max ${(generatorLag.max / 1e6).toFixed(1)} ms`,
);
const slowest = [...probes].sort((a, b) => b.ms - a.ms).slice(0, 8);
console.log(
  `slowest /health probes: ${slowest.map((h) => `${h.ms.toFixed(0)} ms at ${h.s.toFixed(1)} s`).join(", ")}`,
);
console.log(`errors: ${errors}; requests the generator started late: ${load.behind()}`);
if (jsonOut)
  writeOutputOrExit(
    jsonOut,
    jsonText({
      duration,
      rate,
      workers,
      routes: Object.fromEntries(
        [...load.stats, ...Object.entries(heavy)].map(([k, s]) => [
          k,
          {
            count: s.count,
            errors: s.errors,
            p50: percentile(s.latencies, 50),
            p99: percentile(s.latencies, 99),
          },
        ]),
      ),
      health: {
        p99: percentile(healthAll, 99),
        p99WhileHeavy: percentile(healthHeavy, 99),
        maxWhileHeavy: Math.max(...healthHeavy, 0),
        slowest,
        generatorLoopDelayMaxMs: generatorLag.max / 1e6,
        errors: healthErrors,
      },
      rss: { timeline: rssTimeline, end: rssEnd, at10s: rss10 },
      errors,
      events,
    }),
    "figures",
  );
stopServer();
process.exit(errors > 0 ? 1 : 0);
