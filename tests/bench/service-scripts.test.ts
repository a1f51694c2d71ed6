import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { RecommendService } from "../../src/recsys/serving/service.js";
import { loadServingState } from "../../src/recsys/serving/state.js";
import { buildApp } from "../../src/server/app.js";
import { repoRoot } from "../run-cli.js";
import { servingFixture, testConfig } from "../server/fixture.js";

const work = mkdtempSync(join(tmpdir(), "shelfwise-service-scripts-"));
after(() => rmSync(work, { recursive: true, force: true }));

interface ScriptRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a script in a child process without blocking this one, which may be serving it. */
function runScript(script: string, args: string[]): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, SERVE_AUTH_TOKEN: "" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A port on loopback that nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await close(s);
  return port;
}

/**
 * A stand-in service that counts requests: `/health` and `/sample_users` answer as the real one does, and
 * `behaviour` decides the rest.
 */
function stubService(behaviour: (url: string) => "ok" | "fail" | "drop") {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? "";
    seen.push(url);
    const what = behaviour(url);
    if (what === "drop") {
      req.socket.destroy();
      return;
    }
    const body = url.startsWith("/sample_users")
      ? { user_ids: ["u1"], product_ids: ["p1"] }
      : { status: "ok", rss_mb: 1 };
    res.writeHead(what === "ok" ? 200 : 500, { "content-type": "application/json" });
    res.end(JSON.stringify(what === "ok" ? body : {}));
  });
  return { server, seen };
}

/** Runs `body` against a stand-in service (`stubService`) and closes it afterwards, pass or fail. */
async function withStub(
  behaviour: Parameters<typeof stubService>[0],
  body: (port: number, seen: readonly string[]) => Promise<void>,
): Promise<void> {
  const stub = stubService(behaviour);
  const port = await listen(stub.server);
  try {
    await body(port, stub.seen);
  } finally {
    await close(stub.server);
  }
}

const NO_STACK = /\n\s+at /;

describe("npm run smoke and npm run load against a real service", () => {
  let port: number;
  let stop: () => Promise<void>;
  before(async () => {
    const fx = await servingFixture();
    const config = testConfig(fx.artifacts);
    const app = await buildApp({
      config,
      service: new RecommendService(config, await loadServingState(fx.artifacts)),
      loadState: () => loadServingState(fx.artifacts),
      logger: false,
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as AddressInfo).port;
    stop = () => app.close();
  });
  after(() => stop());

  it("smoke passes every check", async () => {
    const r = await runScript("bench/service/smoke.ts", ["--port", String(port)]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /FAIL/);
    assert.ok((r.out.match(/^ok {4}/gm) ?? []).length >= 17, r.out);
    assert.match(r.out, /all checks passed\n$/);
  });

  it("a one-second load run writes its figures, with no errors", async () => {
    const json = join(work, "figures", "load.json");
    const r = await runScript("bench/service/load.ts", [
      "--port",
      String(port),
      "--duration",
      "1",
      "--concurrency",
      "2",
      "--json",
      json,
    ]);
    assert.equal(r.code, 0, r.out + r.err);
    const figures = JSON.parse(readFileSync(json, "utf8"));
    assert.ok(figures.requests > 0, JSON.stringify(figures));
    assert.equal(figures.errors, 0);
    assert.equal(figures.concurrency, 2);
    assert.match(r.out, /figures written to /);
  });
});

describe("npm run smoke and npm run load without a service", () => {
  it("nothing listening is one line and exit 2, before any check", async () => {
    const port = await closedPort();
    for (const script of ["bench/service/smoke.ts", "bench/service/load.ts"]) {
      const r = await runScript(script, ["--port", String(port)]);
      assert.equal(r.code, 2, `${script}: ${r.out}${r.err}`);
      assert.equal(
        r.err,
        `error: no service answers at http://127.0.0.1:${port} (ECONNREFUSED); start one with \`npm start\`, or give --host and --port\n`,
      );
      assert.equal(r.out, "", `${script} began its checks`);
    }
  });

  it("load's bad arguments are one line and exit 2, and the service is not asked anything", async () => {
    await withStub(
      () => "ok",
      async (port, seen) => {
        const cases: [string[], RegExp][] = [
          [["--duration", "abc"], /^error: --duration must be a whole number >= 1, got "abc"\n$/],
          [["--concurrency", "0"], /^error: --concurrency must be a whole number >= 1, got "0"\n$/],
          [
            ["--trainable-share", "1.5"],
            /^error: --trainable-share must be a number from 0 to 1, got "1.5"\n$/,
          ],
          [["--trainable-share", "-0.1"], /^error: --trainable-share must be a number from 0 to 1/],
          [["--json", work], /^error: --json .* is a folder; give a file name in it\n$/],
        ];
        for (const [args, message] of cases) {
          const r = await runScript("bench/service/load.ts", ["--port", String(port), ...args]);
          assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
          assert.match(r.err, message);
        }
        for (const script of ["bench/service/smoke.ts", "bench/service/load.ts"]) {
          const r = await runScript(script, ["--port", "http"]);
          assert.equal(r.code, 2, r.err);
          assert.equal(r.err, `error: --port must be a whole number from 1 to 65535, got "http"\n`);
        }
        assert.deepEqual(seen, []);
      },
    );
  });

  it("smoke: a service that cannot give ids to check with fails in one line, exit 1", async () => {
    await withStub(
      (url) => (url.startsWith("/sample_users") ? "fail" : "ok"),
      async (port, seen) => {
        const r = await runScript("bench/service/smoke.ts", ["--port", String(port)]);
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(r.out, /^FAIL {2}GET \/sample_users\?kind=trainable&n=1: status 500, no user_ids$/m);
        assert.doesNotMatch(r.out + r.err, NO_STACK);
        assert.ok(!seen.includes("/recommend"), "went on without ids");
      },
    );
  });

  it("load: a service that stops answering mid-run fails in one line, exit 1", async () => {
    await withStub(
      (url) => (url.startsWith("/cache_clear") ? "drop" : "ok"),
      async (port) => {
        const r = await runScript("bench/service/load.ts", ["--port", String(port), "--duration", "1"]);
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(
          r.err,
          new RegExp(
            `^error: /cache_clear: the service at http://127\\.0\\.0\\.1:${port} stopped answering \\(`,
          ),
        );
        assert.doesNotMatch(r.err, NO_STACK);
      },
    );
  });
});
