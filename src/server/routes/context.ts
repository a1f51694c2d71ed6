import type { FastifyReply, FastifyRequest } from "fastify";
import type client from "prom-client";
import type { JobQueue, JobStatus, PairingPool } from "../../pairing/index.js";
import type { RecommendService, ServingConfig, ServingState } from "../../recsys/index.js";
import type { TrustSettings } from "../plugins/auth.js";
import type { DrainState } from "../plugins/drain.js";

/** What every route module is given: the service, its config, the metrics registry and the guards. */
export interface RouteContext {
  config: ServingConfig;
  service: RecommendService;
  registry: client.Registry;
  drain: DrainState;
  started: number;
  /** the one trust model (token, trust_proxy) every admin check and disk access goes through */
  trust: TrustSettings;
  requireAdmin: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Loads the registry's current best; throws if it cannot (the old model then keeps serving). */
  loadState: () => Promise<ServingState>;
  onReloaded?: (modelId: string) => void;
  jobQueue?: JobQueue;
  startPairingWorkers: boolean;
  /** the service's pairing threads, started on first use (or before listening): /pairing, jobs and /review share them */
  pairingPool: () => Promise<PairingPool>;
  /** a batch pairing job by id (set by the pairing routes, which own the queue): the review app opens its results */
  findPairingJob?: (id: string) => Promise<JobStatus | undefined>;
}

/** The bearer scheme the admin routes declare in the OpenAPI document. */
export const ADMIN_SECURITY = [{ bearer: [] as string[] }];
