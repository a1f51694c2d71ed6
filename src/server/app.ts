/**
 * The one HTTP service: recommender endpoints, pairing, metrics and docs. Each area's routes live in routes/ with
 * their zod schemas, which validate requests and generate the OpenAPI document at /docs. Review text and tokens
 * never reach the logs (only method, route, status and timing are logged).
 */
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, validatorCompiler } from "fastify-type-provider-zod";
import { type JobQueue, loadPairingConfig, PairingPool } from "../pairing/index.js";
import type { RecommendService, ServingConfig, ServingState } from "../recsys/index.js";
import { adminGuard } from "./plugins/auth.js";
import { trackInFlight } from "./plugins/drain.js";
import { registerErrorHandling } from "./plugins/errors.js";
import { registerMetrics } from "./plugins/metrics.js";
import { adminRoutes } from "./routes/admin.js";
import type { RouteContext } from "./routes/context.js";
import { infoRoutes } from "./routes/info.js";
import { pairingRoutes } from "./routes/pairing.js";
import { recommendRoutes } from "./routes/recommend.js";
import { reviewRoutes } from "./routes/review.js";

export { drainAndClose, markStopping } from "./plugins/drain.js";

export interface AppOptions {
  config: ServingConfig;
  service: RecommendService;
  /** Loads the registry's current best; throws if it cannot (the old model then keeps serving). */
  loadState: () => Promise<ServingState>;
  /** Batch pairing queue; by default created on first use from PAIR_QUEUE / PAIR_WORKERS. */
  jobQueue?: JobQueue;
  /** Called after POST /reload_model swapped the model, so other cluster workers can reload too. */
  onReloaded?: (modelId: string) => void;
  /** Start the pairing threads before the app is ready (a service about to listen), not on the first /pairing. */
  startPairingWorkers?: boolean;
  logger?: boolean;
}

/** Every area of the service, registered in this order; each documents its routes with their schemas. */
const ROUTES = [infoRoutes, recommendRoutes, adminRoutes, pairingRoutes, reviewRoutes] as const;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, service } = opts;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : { level: config.server.log_level, redact: ["req.headers.authorization"] },
    bodyLimit: config.server.body_limit_bytes,
    trustProxy: config.server.trust_proxy,
    // a client that sends its request slowly is cut off rather than holding a connection open
    requestTimeout: config.limits.request_timeout_ms,
  });
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the routes (and the tests check replies against them); replies are written as
  // plain JSON, so a hot route pays no schema walk.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandling(app);
  const drain = trackInFlight(app);
  const registry = registerMetrics(app, config, service);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Shelfwise",
        version: "0.2.0",
        description: "Cosmetics recommender and product-photo pairing service.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  let pool: Promise<PairingPool> | undefined;
  const pairingPool = () => {
    pool ??= PairingPool.start(loadPairingConfig().jobs.workers);
    return pool;
  };
  app.addHook("onClose", async () => {
    if (pool) await (await pool).close();
  });
  const trust = { token: config.server.auth_token, trustProxy: config.server.trust_proxy };
  const ctx: RouteContext = {
    config,
    service,
    registry,
    drain,
    started: Date.now(),
    trust,
    requireAdmin: adminGuard(trust),
    loadState: opts.loadState,
    onReloaded: opts.onReloaded,
    jobQueue: opts.jobQueue,
    startPairingWorkers: opts.startPairingWorkers ?? false,
    pairingPool,
  };
  for (const routes of ROUTES) routes(app, ctx);
  return app;
}
