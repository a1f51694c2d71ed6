import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NO_PROGRESS } from "../../src/lib/progress.js";
import { trainAndRegister } from "../../src/recsys/pipeline.js";
import { loadRegistry, promote, saveRegistry } from "../../src/recsys/registry/registry.js";

const root = new URL("../../", import.meta.url).pathname;

function start(config: string): {
  child: ChildProcess;
  url: Promise<string>;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli/serve.ts"), "--config", config, "--no-warmup"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  const url = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited early (${code}):\n${out}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  url.catch(() => {}); // awaited by the tests that expect a server; a bad-config start never listens
  return { child, url, output: () => out, exit };
}

describe("shelfwise serve", () => {
  const dir = mkdtempSync(join(tmpdir(), "serve-cli-"));
  const config = join(dir, "serving.yaml");
  writeFileSync(
    config,
    [
      "server: { host: 127.0.0.1, port: 0, log_level: info }",
      `registry: { artifacts: ${join(dir, "artifacts")}, demo_data: ${join(dir, "shop")}, demo_prepared: ${join(dir, "prepared")}, bootstrap_model: hybrid }`,
      "reload: { poll_seconds: 0 }",
      "",
    ].join("\n"),
  );

  it("first start builds and registers the demo model, then serves; SIGTERM drains in-flight requests", {
    timeout: 120_000,
  }, async () => {
    const s = start(config);
    const url = await s.url;
    assert.match(s.output(), /no model in .*building the demo model/);
    assert.match(s.output(), /registered hybrid-/);
    assert.match(s.output(), /effective config/);
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string };
    assert.equal(health.status, "ok");
    const users = Array.from({ length: 1000 }, (_, i) => String(i));
    const inflight = Array.from({ length: 20 }, () =>
      fetch(`${url}/batch_recommend`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user_ids: users, topk: 10 }),
      }),
    );
    await new Promise((r) => setTimeout(r, 30));
    s.child.kill("SIGTERM");
    const responses = await Promise.all(inflight);
    assert.deepEqual(
      responses.map((r) => r.status),
      new Array(20).fill(200),
    );
    assert.equal(await s.exit, 0);
    assert.match(s.output(), /draining in-flight requests/);
    assert.doesNotMatch(s.output(), /noi_dung|processed_comment|Bearer/, "no review text or secrets in logs");
  });

  it("a later start loads the registry's current best without rebuilding, and follows registry changes", {
    timeout: 60_000,
  }, async () => {
    const polling = join(dir, "polling.yaml");
    writeFileSync(polling, readFileSync(config, "utf8").replace("poll_seconds: 0", "poll_seconds: 1"));
    const s = start(polling);
    const url = await s.url;
    assert.doesNotMatch(s.output(), /building the demo model/);
    const health = async () =>
      (await (await fetch(`${url}/health`)).json()) as { status: string; model_id: string };
    assert.equal((await health()).status, "ok");
    const artifacts = join(dir, "artifacts");
    const r = await trainAndRegister({
      type: "pop",
      data: join(dir, "prepared"),
      artifacts,
      overrides: {},
      seed: 1,
      evalSample: 0,
      promote: false,
      progress: () => NO_PROGRESS,
    });
    const reg = loadRegistry(artifacts);
    promote(reg, artifacts, r.entry.id, true);
    saveRegistry(artifacts, reg);
    let seen = "";
    for (let i = 0; i < 40 && seen !== r.entry.id; i++) {
      await new Promise((res) => setTimeout(res, 250));
      seen = (await health()).model_id;
    }
    assert.equal(seen, r.entry.id, "the service picked up the new current_best by itself");
    s.child.kill("SIGTERM");
    assert.equal(await s.exit, 0);
  });

  it("a bad config is one clear error and exit 2", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "server: { port: lots }\n");
    const s = start(bad);
    const code = await s.exit;
    assert.equal(code, 2);
    assert.match(s.output(), /error: .*bad\.yaml: server\.port/);
  });
});
