/**
 * Candidate recall: of a batch's true pairs, how many the engine could reach (it took the front for a front and
 * the back for a back), how many of those it scored, and how many the matching kept. A pair lost before the
 * matching is lost to every rule and tie-break after it.
 */
import type { CandidateTrace } from "../../src/pairing/index.js";
import type { TruthPairs } from "./truth.js";

export interface CandidateCounts {
  pairs: number;
  /** the engine took the front (or a re-take of it) for a front and the back for a back */
  reachable: number;
  /** reachable, and the back was scored against the front */
  scored: number;
  /** scored, and among the front's kept candidates (top candidateK at or above minPrescore) */
  kept: number;
  /** kept, and the assignment gave the front that back */
  matched: number;
  /** matched, and the auto rule accepted it */
  auto: number;
  /** unreachable pairs by the roles the engine gave them, "front→back" meaning as it should */
  roleMisses: Record<string, number>;
}

export function emptyCounts(): CandidateCounts {
  return { pairs: 0, reachable: 0, scored: 0, kept: 0, matched: 0, auto: 0, roleMisses: {} };
}

/** Adds one batch's counts to `acc`. */
export function countCandidates(truth: TruthPairs, trace: CandidateTrace, acc: CandidateCounts): void {
  for (const [front, back] of truth.pairs) {
    acc.pairs++;
    const faces = [front, ...(truth.alternates?.[front] ?? [])];
    const asFront = faces.filter((u) => trace.role.get(u) === "front");
    const backRole = trace.role.get(back) ?? "missing";
    if (asFront.length === 0 || backRole !== "back") {
      const key = `${trace.role.get(front) ?? "missing"}→${backRole}`;
      acc.roleMisses[key] = (acc.roleMisses[key] ?? 0) + 1;
      continue;
    }
    acc.reachable++;
    if (asFront.some((u) => trace.scored.get(u)?.has(back))) acc.scored++;
    if (asFront.some((u) => trace.kept.get(u)?.has(back))) acc.kept++;
    const match = asFront.map((u) => trace.matched.get(u)).find((m) => m?.back === back);
    if (match) acc.matched++;
    if (match?.auto) acc.auto++;
  }
}

export function addCounts(acc: CandidateCounts, x: CandidateCounts): void {
  acc.pairs += x.pairs;
  acc.reachable += x.reachable;
  acc.scored += x.scored;
  acc.kept += x.kept;
  acc.matched += x.matched;
  acc.auto += x.auto;
  for (const [k, v] of Object.entries(x.roleMisses)) acc.roleMisses[k] = (acc.roleMisses[k] ?? 0) + v;
}

/** Shares of a count set, rounded for tables and JSON. */
export function candidateShares(c: CandidateCounts) {
  const r = (x: number, n: number) => (n === 0 ? null : Math.round((x / n) * 10000) / 10000);
  return {
    pairs: c.pairs,
    reachable: c.reachable,
    reachableShare: r(c.reachable, c.pairs),
    scoredOfReachable: r(c.scored, c.reachable),
    keptOfReachable: r(c.kept, c.reachable),
    matchedOfReachable: r(c.matched, c.reachable),
    autoOfReachable: r(c.auto, c.reachable),
    roleMisses: c.roleMisses,
  };
}
