/**
 * Open-model load: requests are started on a fixed schedule (`rate` per second) whether or not earlier ones have
 * answered, and each latency is measured from the moment the request was due. A slow server then shows as slow
 * instead of quietly lowering the offered load (coordinated omission, which a fixed set of connections has).
 */
import { Agent, request } from "node:http";
export interface RouteStats {
  count: number;
  errors: number;
  /** ms from when each request was due to when its reply was read */
  latencies: number[];
}

export interface OpenLoad {
  /** resolves when the schedule has ended and every request has answered or failed */
  done: Promise<void>;
  stats: Map<string, RouteStats>;
  /** requests that were due but not yet started when the run ended (the generator itself fell behind) */
  behind: () => number;
}

export interface Planned {
  route: string;
  path: string;
  body?: unknown;
}

const TICK_MS = 5;

/**
 * Requests go over a bounded pool of keep-alive connections (node:http, cheaper per request than fetch): when all
 * are busy a request waits for one, and that wait counts in its latency.
 */
export function openLoad(
  base: string,
  rate: number,
  durationMs: number,
  next: () => Planned,
  connections = 64,
): OpenLoad {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const stats = new Map<string, RouteStats>();
  const statsOf = (route: string) => {
    const known = stats.get(route);
    if (known) return known;
    const fresh: RouteStats = { count: 0, errors: 0, latencies: [] };
    stats.set(route, fresh);
    return fresh;
  };
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  let issued = 0;
  const fire = (due: number) => {
    const p = next();
    const s = statsOf(p.route);
    s.count++;
    const body = p.body === undefined ? undefined : JSON.stringify(p.body);
    const req = new Promise<void>((resolve) => {
      const r = request(
        `${base}${p.path}`,
        {
          agent,
          method: body === undefined ? "GET" : "POST",
          headers:
            body === undefined
              ? {}
              : { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            if ((res.statusCode ?? 500) >= 400) s.errors++;
            else s.latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      r.on("error", () => {
        s.errors++;
        resolve();
      });
      r.end(body);
    }).finally(() => inFlight.delete(req));
    inFlight.add(req);
  };
  const done = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = Math.min(now - t0, durationMs);
      const due = Math.floor((elapsed * rate) / 1000);
      while (issued < due) {
        fire(t0 + (issued * 1000) / rate);
        issued++;
      }
      if (now - t0 >= durationMs) {
        clearInterval(timer);
        void Promise.allSettled([...inFlight]).then(() => {
          agent.destroy();
          resolve();
        });
      }
    }, TICK_MS);
  });
  return { done, stats, behind: () => Math.floor((durationMs * rate) / 1000) - issued };
}

/** The p-th percentile (0..100) of a list of ms, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
