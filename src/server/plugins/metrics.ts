import type { FastifyInstance } from "fastify";
import client from "prom-client";
import { type RecommendService, redactedConfig, type ServingConfig } from "../../recsys/index.js";

/**
 * The Prometheus registry of one app: request latency per route and the recommender's gauges. Routes add
 * their own metrics to `registry`; GET /metrics exposes them all.
 */
export function registerMetrics(app: FastifyInstance, config: ServingConfig, service: RecommendService) {
  const registry = new client.Registry();
  // process metrics, among them event-loop lag (nodejs_eventloop_lag_p50/p99/max_seconds): a request that held
  // the loop shows there first
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const latency = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "request latency by route",
    labelNames: ["route", "method", "status"],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    latency.observe(
      { route: req.routeOptions.url ?? "unknown", method: req.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  new client.Gauge({
    name: "shelfwise_cache_hit_rate",
    help: "hit rate per cache",
    labelNames: ["cache"],
    registers: [registry],
    collect() {
      for (const [name, s] of Object.entries(service.cacheStats())) this.set({ cache: name }, s.hit_rate);
    },
  });
  new client.Gauge({
    name: "shelfwise_fallback_rate",
    help: "share of recommendation requests answered by the cold-start or popularity path",
    registers: [registry],
    collect() {
      this.set(service.counters.requests ? service.counters.fallbacks / service.counters.requests : 0);
    },
  });
  new client.Gauge({
    name: "shelfwise_model_info",
    help: "the model being served (value 1)",
    labelNames: ["model_id", "type"],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ model_id: service.state.modelId, type: service.state.modelType }, 1);
    },
  });
  const cfgGauge = new client.Gauge({
    name: "shelfwise_config",
    help: "effective numeric serving config",
    labelNames: ["key"],
    registers: [registry],
  });
  for (const [k, v] of flatNumbers(redactedConfig(config))) cfgGauge.set({ key: k }, v);
  app.get("/metrics", { schema: { summary: "Prometheus metrics (text exposition)" } }, async (_req, reply) =>
    reply.header("content-type", registry.contentType).send(await registry.metrics()),
  );
  return registry;
}

function flatNumbers(obj: unknown, prefix = ""): [string, number][] {
  if (typeof obj === "number") return [[prefix, obj]];
  if (typeof obj === "boolean") return [[prefix, obj ? 1 : 0]];
  if (!obj || typeof obj !== "object") return [];
  return Object.entries(obj).flatMap(([k, v]) => flatNumbers(v, prefix ? `${prefix}.${k}` : k));
}
