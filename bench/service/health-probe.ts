/**
 * Soak's /health prober, on a thread of its own as a balancer's check would be: the load generator's loop stalls
 * while it sends and reads heavy bodies, and probes timed on that loop would blame the service for it.
 * Asks /health on a new connection every `everyMs` and posts each probe's start (epoch ms), latency and status.
 */
import { get } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

export interface ProbeSample {
  at: number;
  ms: number;
  status: number;
}

const { url, everyMs, untilEpochMs } = workerData as { url: string; everyMs: number; untilEpochMs: number };
const now = () => performance.timeOrigin + performance.now();
const timer = setInterval(() => {
  const at = now();
  if (at > untilEpochMs) {
    clearInterval(timer);
    // the last probes may still be answering: give them a moment before the thread ends
    setTimeout(() => parentPort?.postMessage("done"), 2000);
    return;
  }
  const t = performance.now();
  get(url, { agent: false }, (res) => {
    res.resume();
    res.on("end", () =>
      parentPort?.postMessage({ at, ms: performance.now() - t, status: res.statusCode ?? 0 } as ProbeSample),
    );
  }).on("error", () => parentPort?.postMessage({ at, ms: performance.now() - t, status: 0 } as ProbeSample));
}, everyMs);
