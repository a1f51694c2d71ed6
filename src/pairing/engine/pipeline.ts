import { resetTextCaches } from "../../lib/text.js";
import { captureRanks } from "../features/capture-order/filename.js";
import { extractFeatures } from "../features/extract.js";
import { parseAnalysis } from "../input.js";
import { startBatchLexicon } from "../text/lexicon.js";
import { inferBrandsFromText, keepMakersNoFrontShows } from "./batch-brands.js";
import { FeatureIndex } from "./candidates.js";
import type { PairingConfig } from "./config.js";
import { checkContract } from "./contract.js";
import { type AmbiguousFront, decidePairs } from "./decide.js";
import { attachExtras } from "./extras.js";
import { type Candidate, candidateOf, matchFrontsToBacks } from "./match.js";
import { buildMetrics } from "./metrics.js";
import { calibrateOrder, interpolatedProximity } from "./order.js";
import { buildResult } from "./output.js";
import { groupRetakes, sameProductFronts } from "./retakes.js";
import { inverseDocumentFrequency, type ScoreContext } from "./score.js";
import type { PairingMetrics, PairingResult } from "./types.js";
import { ENGINE_VERSION } from "./version.js";

export { type AmbiguousFront, ENGINE_VERSION };

/**
 * What the engine saw on the way to its pairs, for the accuracy bench's candidate recall: a pair the matching
 * never scored cannot be found by any rule or tie-break after it.
 */
export interface CandidateTrace {
  /** each image's role as the engine decided it (front, back, extra, …) */
  role: Map<string, string>;
  /** front url → the back urls it was scored against (first and second look) */
  scored: Map<string, Set<string>>;
  /** front url → the back urls the matching kept for it (top candidateK at or above minPrescore) */
  kept: Map<string, Set<string>>;
  /** front url → the back the assignment gave it, and whether the auto rule accepted the pair */
  matched: Map<string, { back: string; auto: boolean }>;
}

export interface PairingRun {
  result: PairingResult;
  metrics: PairingMetrics;
  /** fronts whose best pair did not clear the auto-accept gap, with the backs they may take: tie-break input */
  ambiguous: AmbiguousFront[];
}

/** Backs scored per front on the first look (the blocking index's best-connected ones). */
export const FIRST_LOOK_BACKS = 64;
/**
 * The most backs a front scores on its second look. On dev no front's index reaches it (512 and no cap give the
 * same pairs); it bounds the work on a batch whose brand and name lists are all long.
 */
export const SECOND_LOOK_BACKS = 512;

/** Runs the whole engine on a parsed-or-raw analysis object. Throws AnalysisFileError only for whole-file problems. */
export function pairAnalysis(
  raw: unknown,
  config: PairingConfig,
  file = "<input>",
  /** validated tie-break answers (front url -> back url) for fronts the engine held back as ambiguous */
  decisions?: ReadonlyMap<string, string | null>,
  /** filled in when given; costs nothing otherwise */
  trace?: CandidateTrace,
): PairingRun {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  let tPhase = t0;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round((now - tPhase) * 1000) / 1000;
    tPhase = now;
  };
  resetTextCaches();
  startBatchLexicon();
  const parsed = parseAnalysis(raw, file);
  phase("validate");
  const feats = parsed.records.map(extractFeatures);
  inferBrandsFromText(feats);
  keepMakersNoFrontShows(feats);
  phase("features");
  const ranks = captureRanks(feats.map((f) => f.capture));
  feats.forEach((f, i) => {
    f.captureRank = ranks[i];
  });
  const captureOrder = feats
    .map((_, i) => i)
    .filter((i) => ranks[i] !== null)
    .sort((a, b) => (ranks[a] as number) - (ranks[b] as number));
  const captureIndexOf = new Map(captureOrder.map((img, pos) => [img, pos]));

  const ctx: ScoreContext = {
    weights: config.weights,
    idf: inverseDocumentFrequency(feats),
    extraOrderWeight: 0,
  };

  const frontPos = feats.map((_, i) => i).filter((i) => feats[i].role === "front");
  const backPos = feats.map((_, i) => i).filter((i) => feats[i].role === "back");
  const fronts = frontPos.map((i) => feats[i]);
  const backs = backPos.map((i) => feats[i]);
  const backIndex = new FeatureIndex(
    backs,
    captureOrder,
    new Map(backPos.map((img, slot) => [img, slot])),
    fronts,
    true,
  );
  const cands: Candidate[][] = fronts.map((f, k) =>
    backIndex
      .candidatesFor(f, captureIndexOf.get(frontPos[k]), config.candidateK, FIRST_LOOK_BACKS)
      .map((slot) => candidateOf(f, backs[slot], slot, ctx)),
  );

  phase("candidates");
  const order = calibrateOrder(fronts, backs, cands, captureOrder.length / Math.max(1, feats.length), config);
  ctx.extraOrderWeight = order.extraWeight;
  // under the interpolated model a pair's proximity is its closeness to where the front's neighbours put the back
  const interpolate = (k: number, c: Candidate) => {
    if (order.model === "interpolated")
      c.proximity = interpolatedProximity(order.anchors, fronts[k].captureRank, backs[c.back].captureRank);
  };
  cands.forEach((list, k) => {
    for (const c of list) interpolate(k, c);
  });
  const sameCache = new Map<number, boolean>();
  const sameProduct = (a: number, b: number) => {
    const key = a < b ? a * fronts.length + b : b * fronts.length + a;
    let v = sameCache.get(key);
    if (v === undefined) {
      v = sameProductFronts(fronts[a], fronts[b], ctx);
      sameCache.set(key, v);
    }
    return v;
  };
  // two photos of one front must not compete for its back: each re-take group enters the matching once
  let groups = groupRetakes(fronts, cands, ctx, order.weight);
  let outcome = matchFrontsToBacks(fronts, backs, groups.cands, order.weight, config, sameProduct);
  phase("match");
  // Fronts the matching could not pair with confidence get a second look: every back the blocking index connects
  // them to (up to SECOND_LOOK_BACKS), not only the best-connected FIRST_LOOK_BACKS. On a 5,000-photo batch a back re-shot in a later
  // session, or one whose brand was not read, can rank below that many of a big brand's siblings.
  const confident = new Set(outcome.pairs.filter((p) => p.auto).map((p) => p.front));
  const secondLook = { fronts: 0, candidates: 0 };
  fronts.forEach((f, k) => {
    if (confident.has(k)) return;
    secondLook.fronts++;
    const have = new Set(cands[k].map((c) => c.back));
    for (const slot of backIndex.candidatesFor(
      f,
      captureIndexOf.get(frontPos[k]),
      config.candidateK,
      SECOND_LOOK_BACKS,
    )) {
      if (have.has(slot)) continue;
      const c = candidateOf(f, backs[slot], slot, ctx);
      interpolate(k, c);
      cands[k].push(c);
      secondLook.candidates++;
    }
  });
  if (secondLook.candidates > 0) {
    groups = groupRetakes(fronts, cands, ctx, order.weight);
    outcome = matchFrontsToBacks(fronts, backs, groups.cands, order.weight, config, sameProduct);
  }
  phase("secondLook");
  if (trace) {
    for (const f of feats) trace.role.set(f.url, f.role);
    fronts.forEach((f, k) => {
      trace.scored.set(f.url, new Set(cands[k].map((c) => backs[c.back].url)));
      trace.kept.set(f.url, new Set(outcome.kept[k].map((c) => backs[c.back].url)));
    });
    for (const p of outcome.pairs)
      trace.matched.set(fronts[p.front].url, { back: backs[p.back].url, auto: p.auto });
  }

  const decision = decidePairs(outcome, frontPos, backPos, fronts, backs, config, decisions);
  const { paired, decided, usedBacks, heldBack, ambiguous, reason } = decision;
  const pairedFronts = new Set(paired.map((p) => p.front));
  outcome.kept.forEach((candidates, k) => {
    const f = frontPos[k];
    if (!pairedFronts.has(f) && !reason.has(f))
      reason.set(f, candidates.length === 0 ? "no_back_found" : "low_match_score");
  });

  const retakes = [...groups.retakeOf].map(([m, rep]) => ({ image: frontPos[m], of: frontPos[rep] }));
  const retakeImages = new Set(retakes.map((r) => r.image));
  const leftoverFronts = frontPos.filter(
    (f) => !pairedFronts.has(f) && !heldBack.has(f) && !retakeImages.has(f),
  );
  const leftoverBacks = backPos.filter((b) => !usedBacks.has(b) && !heldBack.has(b));
  const extraShots = feats.map((_, i) => i).filter((i) => feats[i].role === "extra");
  for (const i of extraShots) reason.set(i, "unattached_extra");
  for (const b of leftoverBacks) if (!reason.has(b)) reason.set(b, "orphan_back");
  feats.forEach((f, i) => {
    if (f.role === "nonproduct") reason.set(i, "non_product");
    if (f.role === "multi") reason.set(i, "multi_product_shot");
  });

  const ext = attachExtras({
    feats,
    paired,
    leftoverFronts,
    heldFronts: frontPos.filter((f) => heldBack.has(f)),
    retakes,
    leftoverBacks,
    extraShots,
    captureOrder,
    captureIndexOf,
    ctx,
    config,
  });
  for (const [i, r] of ext.rejected) reason.set(i, r);
  phase("extras");

  const result = buildResult(feats, ext.products, decided, reason, parsed, ctx, config, order);
  const contract = checkContract(
    [...parsed.records.map((r) => r.url), ...parsed.invalid.map((x) => x.url)],
    result,
  );
  phase("output");
  const durationMs = performance.now() - t0;
  const metrics = buildMetrics({
    engineVersion: ENGINE_VERSION,
    result,
    feats,
    frontPos,
    backCount: backPos.length,
    candidates: outcome.keptCandidates,
    ambiguousFronts: ambiguous.length,
    secondLook,
    order,
    config,
    contract,
    durationMs,
    images: parsed.records.length + parsed.invalid.length,
    phases,
  });
  return { result, metrics, ambiguous };
}
