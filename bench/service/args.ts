/** The running service that `npm run smoke` and `npm run load` talk to, checked before their work starts. */

/** `--host` and `--port` as a base URL; a port that is not a whole number from 1 to 65535 is one line and exit 2. */
export function serviceBase(host: string, port: string): string {
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) {
    console.error(`error: --port must be a whole number from 1 to 65535, got "${port}"`);
    process.exit(2);
  }
  return `http://${host}:${n}`;
}

/**
 * Why a request to the service failed, in a few words: fetch's own message ("fetch failed") hides the cause
 * (ECONNREFUSED, a host that does not resolve, a timeout) one level down.
 */
export function requestFailure(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError") return "no answer within the time allowed";
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

/**
 * Asks `/health` once: nothing answering at `base` is one line and exit 2, before a script spends minutes
 * failing every call (a smoke test) or measuring nothing (a load test) with a stack trace at the end.
 */
export async function serviceOrExit(base: string, timeoutMs = 10_000): Promise<void> {
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
  } catch (e) {
    console.error(
      `error: no service answers at ${base} (${requestFailure(e)}); start one with \`npm start\`, or give --host and --port`,
    );
    process.exit(2);
  }
}
