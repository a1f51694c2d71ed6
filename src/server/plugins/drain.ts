import { Server as NetServer } from "node:net";
import type { FastifyInstance } from "fastify";

/** In-flight requests and whether the service is draining; /health reads it. */
export interface DrainState {
  inFlight: number;
  lastStart: number;
  /** this process is closing its connections */
  draining: boolean;
  /** the service as a whole is stopping: /health answers 503 (one cluster worker restarting alone is not that) */
  stopping: boolean;
}

const drains = new WeakMap<FastifyInstance, DrainState>();

/** Counts requests in flight and marks every response `connection: close` once draining has begun. */
export function trackInFlight(app: FastifyInstance): DrainState {
  const drain: DrainState = { inFlight: 0, lastStart: Date.now(), draining: false, stopping: false };
  drains.set(app, drain);
  app.addHook("onRequest", async (_req, reply) => {
    drain.inFlight++;
    drain.lastStart = Date.now();
    if (drain.draining) reply.header("connection", "close");
  });
  app.addHook("onResponse", async () => {
    drain.inFlight--;
  });
  return drain;
}

/** Marks the whole service as stopping: /health turns 503 so balancers stop sending. */
export function markStopping(app: FastifyInstance): void {
  const d = drains.get(app);
  if (d) d.stopping = true;
}

/** The longest a graceful stop waits for requests in flight before it closes anyway. */
export const DRAIN_MAX_MS = 10_000;

/**
 * Graceful stop: keep answering (with `connection: close`, and 503 on /health so balancers stop sending) until no
 * request is in flight and none has started for `quietMs`, then close. Closing at once would drop requests that
 * were already sent but not yet read off their sockets while the event loop was busy.
 */
export async function drainAndClose(
  app: FastifyInstance,
  quietMs = 200,
  maxMs = DRAIN_MAX_MS,
  serviceStopping = true,
): Promise<void> {
  const d = drains.get(app);
  // One cluster worker going away while the service stays: take no new connections (the primary hands them to
  // the other workers) so this one falls quiet; a whole-service stop keeps accepting and answers /health 503.
  // net's close, not http's: http's also drops idle keep-alive sockets a client may be sending on right now.
  if (!serviceStopping && app.server.listening) NetServer.prototype.close.call(app.server, () => {});
  if (d) {
    d.draining = true;
    if (serviceStopping) d.stopping = true;
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline && (d.inFlight > 0 || Date.now() - d.lastStart < quietMs)) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await app.close();
}
