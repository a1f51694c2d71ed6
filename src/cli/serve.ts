/**
 * shelfwise serve (npm start): the recommender + pairing HTTP service.
 * First start with no model builds the demo model; later starts load the registry's current_best.
 */

import cluster from "node:cluster";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { canRestorePriority, reniceThreads } from "../lib/priority.js";
import { NO_PROGRESS, progressBar } from "../lib/progress.js";
import {
  ensureModel,
  loadServingConfig,
  loadServingState,
  RecommendService,
  redactedConfig,
  registryPath,
  type ServingConfig,
} from "../recsys/index.js";
import { buildApp, drainAndClose, markStopping } from "../server/app.js";
import { isLoopback } from "../server/plugins/auth.js";
import { runCli } from "./common.js";

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${name} must be a non-negative integer (got "${v}")`);
  return n;
};

const program = new Command()
  .name("serve")
  .description("Shelfwise HTTP service (recommender + pairing)")
  .option("--config <file>", "serving config", "configs/serving.yaml")
  .option("--host <host>", "listen address (overrides the config)")
  .option("--port <n>", "port (overrides the config)", int("--port"))
  .option("--workers <n>", "processes via node:cluster (overrides the config)", int("--workers"))
  .option("--no-warmup", "skip the cache warm-up at start");

/** Nice value a replacement cluster worker boots at. */
const BOOT_NICE = 10;

async function startWorker(cfg: ServingConfig, warm: boolean): Promise<void> {
  const artifacts = resolve(cfg.registry.artifacts);
  const state = await loadServingState(artifacts);
  const service = new RecommendService(cfg, state);
  const app = await buildApp({
    config: cfg,
    service,
    loadState: () => loadServingState(artifacts, service.state),
    // Under node:cluster a reload request reaches one worker; the primary relays it to the others.
    onReloaded: (modelId) => process.send?.({ type: "shelfwise:reload", modelId }),
    startPairingWorkers: true,
  });
  const reload = async (why: string) => {
    try {
      const next = await loadServingState(artifacts, service.state);
      if (next.modelId !== service.state.modelId) {
        service.swap(next);
        app.log.info({ model_id: next.modelId, why }, "reloaded model");
      }
    } catch (e) {
      app.log.warn(
        { error: (e as Error).message, why },
        "the new model was refused; the old one keeps serving",
      );
    }
  };
  process.on("message", (m: { type?: string }) => {
    if (m?.type === "shelfwise:reload") void reload("another worker reloaded");
    if (m?.type === "shelfwise:stopping") markStopping(app);
  });
  if (warm) await service.warmup();
  await app.listen({ host: cfg.server.host, port: cfg.server.port });
  // a replacement worker booted at lower priority (the primary set it): it now serves at full priority
  reniceThreads(process.pid, BOOT_NICE, 0);
  app.log.info({ model_id: state.modelId, items: state.ds.nItems, users: state.users.total }, "serving");
  if (!cfg.server.auth_token && cfg.server.host !== "localhost" && !isLoopback(cfg.server.host))
    app.log.warn(
      { host: cfg.server.host },
      "no server.auth_token (SERVE_AUTH_TOKEN): admin endpoints answer only clients on this machine",
    );
  // Reload automatically when the registry changes (a new current_best), unless disabled.
  let lastMtime = mtime(registryPath(artifacts));
  const poll =
    cfg.reload.poll_seconds > 0
      ? setInterval(() => {
          const m = mtime(registryPath(artifacts));
          if (m === lastMtime) return;
          lastMtime = m;
          void reload("registry changed");
        }, cfg.reload.poll_seconds * 1000)
      : undefined;
  poll?.unref();
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "draining in-flight requests");
    if (poll) clearInterval(poll);
    // a cluster worker stopped on its own is replaced by the primary: the service is not going down
    await drainAndClose(app, undefined, undefined, !cluster.isWorker);
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

runCli(async () => {
  program.parse();
  const o = program.opts<{
    config: string;
    host?: string;
    port?: number;
    workers?: number;
    warmup: boolean;
  }>();
  const cfg = loadServingConfig(o.config);
  if (o.host) cfg.server.host = o.host;
  if (o.port !== undefined) cfg.server.port = o.port;
  if (o.workers !== undefined) cfg.server.workers = Math.max(1, o.workers);
  if (cluster.isPrimary) {
    console.log(`effective config:\n${JSON.stringify(redactedConfig(cfg), null, 2)}`);
    await ensureModel(cfg, process.stderr.isTTY ? progressBar : () => NO_PROGRESS, (m) => console.log(m));
    if (cfg.server.workers > 1) {
      for (let i = 0; i < cfg.server.workers; i++) cluster.fork();
      let alive = cfg.server.workers;
      let stopping = false;
      cluster.on("message", (from, m: { type?: string }) => {
        if (m?.type !== "shelfwise:reload") return;
        for (const w of Object.values(cluster.workers ?? {})) if (w && w !== from) w.send(m);
      });
      cluster.on("exit", (w, code, signal) => {
        if (code !== 0) console.error(`worker ${w.process.pid} exited with ${signal ?? `code ${code}`}`);
        // a worker that died or was stopped on its own is replaced: the service keeps its capacity
        if (!stopping) {
          const fresh = cluster.fork();
          // its start-up (a core for seconds) yields to the workers carrying the traffic; it restores its own
          // priority once it listens
          if (canRestorePriority() && fresh.process.pid) reniceThreads(fresh.process.pid, 0, BOOT_NICE);
          return;
        }
        alive--;
        if (alive === 0) process.exit(0);
      });
      const stop = () => {
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) {
          w?.send({ type: "shelfwise:stopping" });
          w?.process.kill("SIGTERM");
        }
      };
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      return new Promise<number>(() => {});
    }
  }
  await startWorker(cfg, o.warmup);
  return new Promise<number>(() => {});
});
