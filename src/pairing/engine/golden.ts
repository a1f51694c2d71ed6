import type { PairingMetrics, PairingResult } from "./types.js";

/**
 * Differences between a pairing result and the expected one, on what the contract fixes: exact pairs,
 * pairs and who decided them, products with their extras, singletons with their reasons, and the metrics totals. Scores, evidence,
 * timings and ids are free to change.
 */
export function diffPairing(
  actual: PairingResult,
  expected: PairingResult,
  actualMetrics?: PairingMetrics,
  expectedMetrics?: Pick<PairingMetrics, "totals">,
): string[] {
  const diffs: string[] = [];
  // who decided is part of the contract: a pair to review is not one the engine vouches for
  const pairKey = (p: { frontUrl: string; backUrl: string | null; decidedBy: string }) =>
    `${p.frontUrl} + ${p.backUrl ?? "(no back)"} (${p.decidedBy})`;
  diffSets("pair", new Set(actual.pairs.map(pairKey)), new Set(expected.pairs.map(pairKey)), diffs);

  const prod = (r: PairingResult) =>
    new Map(
      r.products.map((p) => [
        p.frontUrl,
        `${p.backUrl ?? "(no back)"} | extras [${[...p.extras].sort().join(", ")}]`,
      ]),
    );
  const ap = prod(actual);
  const ep = prod(expected);
  for (const [front, want] of ep) {
    const got = ap.get(front);
    if (got === undefined) diffs.push(`product ${front}: missing (expected ${want})`);
    else if (got !== want) diffs.push(`product ${front}: got ${got}, expected ${want}`);
  }
  for (const [front, got] of ap) if (!ep.has(front)) diffs.push(`product ${front}: unexpected (${got})`);

  const sing = (r: PairingResult) => new Map(r.singletons.map((s) => [s.url, s.reason]));
  const as = sing(actual);
  const es = sing(expected);
  for (const [url, reason] of es) {
    const got = as.get(url);
    if (got === undefined) diffs.push(`singleton ${url}: missing (expected reason ${reason})`);
    else if (got !== reason) diffs.push(`singleton ${url}: reason ${got}, expected ${reason}`);
  }
  for (const [url, reason] of as)
    if (!es.has(url)) diffs.push(`singleton ${url}: unexpected (reason ${reason})`);

  if (actualMetrics && expectedMetrics) {
    for (const [k, want] of Object.entries(expectedMetrics.totals)) {
      const got = (actualMetrics.totals as Record<string, number>)[k];
      if (got !== want) diffs.push(`metrics.totals.${k}: got ${got}, expected ${want}`);
    }
  }
  return diffs;
}

function diffSets(what: string, actual: Set<string>, expected: Set<string>, out: string[]) {
  for (const x of expected) if (!actual.has(x)) out.push(`${what} missing: ${x}`);
  for (const x of actual) if (!expected.has(x)) out.push(`${what} unexpected: ${x}`);
}
