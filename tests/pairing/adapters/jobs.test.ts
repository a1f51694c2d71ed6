import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { InProcessJobQueue, QueueFullError } from "../../../src/pairing/adapters/jobs/index.js";
import type { PairingPool } from "../../../src/pairing/adapters/jobs/pool.js";
import type { buildApp } from "../../../src/server/app.js";
import { testApp } from "../../server/fixture.js";
import { analysisOf, shampooBack, shampooFront, vitaminBack, vitaminFront } from "../fixtures.js";

const root = new URL("../../../", import.meta.url).pathname;
const small = analysisOf([shampooFront, shampooBack, vitaminFront, vitaminBack]);
const golden = JSON.parse(readFileSync(new URL("../../golden/analysis.json", import.meta.url), "utf8"));
const goldenExpected = JSON.parse(
  readFileSync(new URL("../../golden/pairing-expected.json", import.meta.url), "utf8"),
) as { pairs: unknown[] };
const goldenImages = (golden.imageInsights as unknown[]).length;

async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const TOKEN = "jobs-test-token";
const roots = mkdtempSync(join(tmpdir(), "jobs-roots-"));
const asAdmin = { authorization: `Bearer ${TOKEN}` };

describe("batch pairing jobs (embedded queue, worker threads)", () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  before(async () => {
    app = (await testApp({ server: { auth_token: TOKEN }, pairing: { folder_roots: [roots] } })).app;
  });
  after(async () => {
    await app.close();
  });

  const waitDone = (id: string) =>
    until(async () => {
      const s = (await app.inject({ url: `/pairing/jobs/${id}` })).json();
      return s.state === "done" || s.state === "failed" ? s : undefined;
    });

  it("POST /pairing/jobs queues analyses, GET returns progress and every result", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/pairing/jobs",
      payload: {
        analyses: [
          { name: "small", analysis: small },
          { name: "golden", analysis: golden },
        ],
      },
    });
    assert.equal(r.statusCode, 202);
    const s = await waitDone(r.json().id);
    assert.equal(s.state, "done");
    assert.deepEqual(s.progress, { done: 2, total: 2 });
    assert.deepEqual(
      s.results.map((x: { name: string }) => x.name),
      ["small", "golden"],
    );
    assert.equal(s.results[1].metrics.totals.images, goldenImages);
    assert.equal(
      s.results[1].result.pairs.length,
      goldenExpected.pairs.length,
      "the same answer as the golden batch",
    );
    assert.ok(s.durationMs >= 0);
    const metrics = (await app.inject({ url: "/metrics" })).body;
    assert.match(metrics, /shelfwise_pairing_queue_depth \d/);
    assert.match(metrics, /shelfwise_pairing_job_duration_seconds_count\{state="done"\} 1/);
  });

  it("takes a server-side folder of analyses under pairing.folder_roots, with the admin token", async () => {
    const dir = mkdtempSync(join(roots, "batch-"));
    writeFileSync(join(dir, "a.json"), JSON.stringify(small));
    writeFileSync(join(dir, "b.json"), JSON.stringify(golden));
    writeFileSync(join(dir, "b.pairing.json"), "{}");
    const r = await app.inject({
      method: "POST",
      url: "/pairing/jobs",
      payload: { folder: dir },
      headers: asAdmin,
    });
    assert.equal(r.statusCode, 202, r.body);
    const s = await waitDone(r.json().id);
    assert.deepEqual(
      s.results.map((x: { name: string }) => x.name),
      ["a.json", "b.json"],
    );
  });

  it("refuses a folder job without the token, and any folder outside the roots alike", async () => {
    const inside = mkdtempSync(join(roots, "batch-"));
    writeFileSync(join(inside, "a.json"), JSON.stringify(small));
    const anonymous = await app.inject({ method: "POST", url: "/pairing/jobs", payload: { folder: inside } });
    assert.equal(anonymous.statusCode, 401);
    assert.doesNotMatch(anonymous.body, /a\.json/);
    const outside = mkdtempSync(join(tmpdir(), "jobs-outside-"));
    writeFileSync(join(outside, "secret.json"), JSON.stringify(small));
    symlinkSync(outside, join(roots, "link-out"));
    const answers: string[] = [];
    for (const folder of [
      outside,
      "/etc",
      "/no/such/folder",
      join(roots, "link-out"),
      `${roots}/../`,
      "relative",
    ]) {
      const r = await app.inject({
        method: "POST",
        url: "/pairing/jobs",
        payload: { folder },
        headers: asAdmin,
      });
      assert.equal(r.statusCode, 400, folder);
      assert.doesNotMatch(r.body, /secret|passwd|hosts/);
      answers.push(r.json().message.replace(folder, "<folder>"));
    }
    // the same sentence whether the folder exists or not: the answer tells nothing about the disk
    assert.equal(new Set(answers).size, 1, answers.join("\n"));
  });

  it("bad requests are 400 with a message, unknown jobs 404", async () => {
    for (const payload of [{}, { analysis: small, folder: "/tmp" }, { analyses: [] }]) {
      const r = await app.inject({ method: "POST", url: "/pairing/jobs", payload });
      assert.equal(r.statusCode, 400, JSON.stringify(payload));
      assert.ok(r.json().message);
    }
    assert.equal((await app.inject({ url: "/pairing/jobs/nope" })).statusCode, 404);
  });

  it("a broken analysis fails only itself; the job finishes", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/pairing/jobs",
      payload: {
        analyses: [
          { name: "bad", analysis: { hello: 1 } },
          { name: "ok", analysis: small },
        ],
      },
    });
    const s = await waitDone(r.json().id);
    assert.equal(s.state, "done");
    assert.match(s.results[0].error, /groups|imageInsights/);
    assert.ok(s.results[1].metrics);
  });

  it("a job past PAIR_BATCH_MAX_WALL_MS fails with a clear reason", async () => {
    const slowPool = {
      size: 1,
      pair: () => new Promise((r) => setTimeout(() => r({ error: "late" }), 400)),
    } as unknown as PairingPool;
    const q = new InProcessJobQueue(slowPool, 100);
    const id = await q.submit([{ name: "x", analysis: small }]);
    const s = await until(async () => {
      const st = await q.get(id);
      return st && st.state !== "queued" && st.state !== "running" ? st : undefined;
    });
    assert.equal(s.state, "failed");
    assert.match(s.error ?? "", /PAIR_BATCH_MAX_WALL_MS \(100 ms\) after 0 of 1/);
  });

  it("holds at most maxQueued waiting jobs, and forgets finished ones past keepJobs", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const gatedPool = {
      size: 1,
      pair: async () => {
        await gate;
        return { error: "done" };
      },
    } as unknown as PairingPool;
    const q = new InProcessJobQueue(gatedPool, 60_000, undefined, {
      maxQueued: 2,
      keepJobs: 3,
      keepMs: 60_000,
    });
    const ids = [await q.submit([{ name: "a", analysis: small }])]; // runs at once
    ids.push(
      await q.submit([{ name: "b", analysis: small }]),
      await q.submit([{ name: "c", analysis: small }]),
    );
    await assert.rejects(() => q.submit([{ name: "d", analysis: small }]), QueueFullError);
    release();
    await until(async () => ((await q.get(ids[2]!))?.state === "done" ? true : undefined));
    for (let i = 0; i < 5; i++) {
      const id = await q.submit([{ name: `e${i}`, analysis: small }]);
      await until(async () => ((await q.get(id))?.state === "done" ? true : undefined));
    }
    assert.equal(q.size, 3, "only the 3 newest finished jobs are kept");
    assert.equal(await q.get(ids[0]!), undefined);
  });
});

const redisUrl = process.env.SHELFWISE_TEST_REDIS;
describe("batch pairing jobs on Redis (BullMQ)", {
  skip: redisUrl ? false : "SHELFWISE_TEST_REDIS is not set (.ci/run starts a redis-server and sets it)",
}, () => {
  const workers: ChildProcess[] = [];
  const startWorker = () => {
    const w = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/pairing-worker.ts")], {
      cwd: root,
      env: {
        ...process.env,
        PAIR_QUEUE: redisUrl,
        PAIR_WORKERS: "2",
        PAIR_HISTORY_PATH: join(mkdtempSync(join(tmpdir(), "wh-")), "h.jsonl"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    workers.push(w);
    return w;
  };
  const queues: { close(): Promise<void> }[] = [];
  // Whatever happens in the test, no worker and no Redis connection may outlive it (or the test run never ends).
  after(async () => {
    for (const w of workers) w.kill("SIGKILL");
    for (const q of queues) await q.close();
  });

  it("a worker killed mid-job: the job is retried by another worker, never lost, never doubled", {
    timeout: 90_000,
  }, async () => {
    const { BullMqJobQueue } = await import("../../../src/pairing/adapters/jobs/redis.js");
    const q = await BullMqJobQueue.connect(redisUrl!);
    queues.push(q);
    const items = Array.from({ length: 120 }, (_, i) => ({ name: `g${i}`, analysis: golden }));
    const first = startWorker();
    const id = await q.submit(items);
    await until(async () => {
      const s = await q.get(id);
      return s && s.state === "running" && s.progress.done > 0 ? s : undefined;
    }, 30_000);
    first.kill("SIGKILL");
    startWorker();
    const s = await until(async () => {
      const st = await q.get(id);
      return st && (st.state === "done" || st.state === "failed") ? st : undefined;
    }, 80_000);
    assert.equal(s.state, "done", s.error ?? "");
    assert.ok((s.attempts ?? 0) >= 2, `the job was started again after the crash (attempts ${s.attempts})`);
    assert.equal(s.results?.length, 120);
    assert.deepEqual(new Set(s.results?.map((r) => r.name)).size, 120);
    assert.ok(s.results?.every((r) => (r.metrics?.totals.images ?? 0) === goldenImages));
  });
});
