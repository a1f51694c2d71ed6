import { resetTextCaches } from "../lib/text.js";
import { FeatureIndex } from "./candidates.js";
import type { PairingConfig } from "./config.js";
import { checkContract } from "./contract.js";
import { attachExtras, type ProductDraft } from "./extras.js";
import { extractFeatures, type ImageFeatures } from "./features.js";
import { parseAnalysis } from "./input.js";
import { type Candidate, type MatchedPair, matchFrontsToBacks } from "./match.js";
import { buildMetrics } from "./metrics.js";
import { calibrateOrder, interpolatedProximity, type OrderCalibration } from "./order.js";
import type { SingletonReason } from "./reasons.js";
import { type ScoreContext, sameProductFronts, scoreExtra, scorePair } from "./score.js";
import { captureRanks } from "./signals/filename.js";
import type { PairingMetrics, PairingResult, ProductOut, SingletonOut } from "./types.js";

export const ENGINE_VERSION = "shelfwise-pairing/0.1.0";

export interface PairingRun {
  result: PairingResult;
  metrics: PairingMetrics;
  /** fronts whose best pair did not clear the auto-accept gap, with the backs they may take: tie-break input */
  ambiguous: AmbiguousFront[];
}

export interface AmbiguousFront {
  frontUrl: string;
  /** the back the assignment gave it */
  backUrl: string;
  score: number;
  lead: number;
  /** its candidate backs, best first */
  candidates: { backUrl: string; score: number }[];
}

/** Runs the whole engine on a parsed-or-raw analysis object. Throws AnalysisFileError only for whole-file problems. */
export function pairAnalysis(raw: unknown, config: PairingConfig, file = "<input>"): PairingRun {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  let tPhase = t0;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round((now - tPhase) * 1000) / 1000;
    tPhase = now;
  };
  resetTextCaches();
  const parsed = parseAnalysis(raw, file);
  phase("validate");
  const feats = parsed.records.map(extractFeatures);
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
    orderWeight: 0,
    otherBackPenalty: config.otherBackPenalty,
  };

  const frontPos = feats.map((_, i) => i).filter((i) => feats[i].role === "front");
  const backPos = feats.map((_, i) => i).filter((i) => feats[i].role === "back");
  const fronts = frontPos.map((i) => feats[i]);
  const backs = backPos.map((i) => feats[i]);
  const backIndex = new FeatureIndex(
    backs,
    captureOrder,
    new Map(backPos.map((img, slot) => [img, slot])),
    true,
  );
  const cands: Candidate[][] = fronts.map((f, k) =>
    backIndex
      .candidatesFor(f, captureIndexOf.get(frontPos[k]), config.candidateK)
      .map((slot) => ({ back: slot, sig: scorePair(f, backs[slot], ctx) })),
  );

  phase("candidates");
  const order = calibrateOrder(fronts, backs, cands, captureOrder.length / Math.max(1, feats.length), config);
  ctx.orderWeight = order.weight;
  if (order.model === "interpolated") {
    // the pair's proximity becomes closeness to where its front's neighbours put the back
    cands.forEach((list, k) => {
      for (const c of list) {
        c.sig.proximity = interpolatedProximity(
          order.anchors,
          fronts[k].captureRank,
          backs[c.back].captureRank,
        );
      }
    });
  }
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
  const outcome = matchFrontsToBacks(fronts, backs, cands, order.weight, config, sameProduct);
  phase("match");

  // decisions
  const reason = new Map<number, SingletonReason>();
  const paired: ProductDraft[] = [];
  const pairInfo = new Map<number, MatchedPair>();
  const rivals = new Map<number, string>();
  const rivalText = (p: MatchedPair) =>
    p.rival === null
      ? "none"
      : p.rival.front === p.front
        ? `back ${backs[p.rival.back].url}`
        : `front ${fronts[p.rival.front].url}`;
  const usedBacks = new Set<number>();
  let ambiguousFronts = 0;
  const ambiguous: AmbiguousFront[] = [];
  for (const p of outcome.pairs) {
    const f = frontPos[p.front];
    const b = backPos[p.back];
    // Until the tie-break exists (and always with PAIR_DISABLE_TIEBREAK=1) an ambiguous pair is split into
    // singletons: a wrong listing costs the seller more than a missing one.
    if (p.auto) {
      paired.push({ front: f, back: b, extras: [], extraScores: [] });
      pairInfo.set(f, p);
      rivals.set(f, rivalText(p));
      usedBacks.add(b);
    } else {
      const why: SingletonReason = p.lowScore ? "low_match_score" : "ambiguous_match";
      if (why === "ambiguous_match") ambiguousFronts++;
      reason.set(f, why);
      reason.set(b, why);
      if (why === "ambiguous_match") {
        ambiguous.push({
          frontUrl: fronts[p.front].url,
          backUrl: backs[p.back].url,
          score: round(p.score),
          lead: round(p.regret),
          candidates: outcome.kept[p.front].map((c) => ({
            backUrl: backs[c.back].url,
            score: round(c.score),
          })),
        });
      }
    }
  }
  const pairedFronts = new Set(paired.map((p) => p.front));
  outcome.bestScore.forEach((s, k) => {
    const f = frontPos[k];
    if (!pairedFronts.has(f) && !reason.has(f))
      reason.set(f, s === null ? "no_back_found" : "low_match_score");
  });

  // a front or back the assignment matched but did not accept is its own product's face, never an extra
  const heldBack = new Set(
    outcome.pairs.filter((p) => !p.auto).flatMap((p) => [frontPos[p.front], backPos[p.back]]),
  );
  const leftoverFronts = frontPos.filter((f) => !pairedFronts.has(f) && !heldBack.has(f));
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
    leftoverBacks,
    extraShots,
    captureOrder,
    captureIndexOf,
    ctx,
    config,
  });
  for (const [i, r] of ext.rejected) reason.set(i, r);
  phase("extras");

  const result = buildResult(feats, ext.products, pairInfo, rivals, reason, parsed, ctx, config, order);
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
    ambiguousFronts,
    order,
    config,
    contract,
    durationMs,
    images: parsed.records.length + parsed.invalid.length,
    phases,
  });
  return { result, metrics, ambiguous };
}

function inverseDocumentFrequency(feats: readonly ImageFeatures[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const f of feats) for (const t of f.allTokens) df.set(t, (df.get(t) ?? 0) + 1);
  const n = feats.length;
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log((n + 1) / (d + 0.5)));
  return idf;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function confidenceOf(score: number, regret: number, config: PairingConfig): number {
  const s = 1 / (1 + Math.exp(-(score - config.autoScore)));
  const g = 1 / (1 + Math.exp(-2 * (regret - config.autoGap)));
  return round(s * g);
}

function buildResult(
  feats: readonly ImageFeatures[],
  drafts: readonly ProductDraft[],
  pairInfo: ReadonlyMap<number, MatchedPair>,
  rivals: ReadonlyMap<number, string>,
  reason: ReadonlyMap<number, SingletonReason>,
  parsed: ReturnType<typeof parseAnalysis>,
  ctx: ScoreContext,
  config: PairingConfig,
  order: OrderCalibration,
): PairingResult {
  const sorted = [...drafts].sort((a, b) => feats[a.front].index - feats[b.front].index);
  const inProduct = new Set<number>();
  const products: ProductOut[] = sorted.map((d, k) => {
    const f = feats[d.front];
    const b = d.back !== null ? feats[d.back] : null;
    const info = pairInfo.get(d.front);
    inProduct.add(d.front);
    if (d.back !== null) inProduct.add(d.back);
    for (const e of d.extras) inProduct.add(e);
    const sig = b ? scorePair(f, b, ctx, true) : null;
    const evidence = sig ? sig.evidence : [];
    if (sig && info && info.score - sig.base > 0.005) {
      evidence.push(`capture order, ${order.model} (+${(info.score - sig.base).toFixed(2)})`);
    }
    d.extras.forEach((e, i) => {
      const ex = scoreExtra(feats[e], f, ctx, true);
      evidence.push(
        `extra ${feats[e].url}: ${round(d.extraScores[i], 2)} (${ex.evidence.slice(0, 3).join("; ")})`,
      );
    });
    if (!b) evidence.push(`no back: ${reason.get(d.front) ?? "no_back_found"}`);
    if (info)
      evidence.push(
        `runner-up ${round(info.runnerUp, 2)} (${rivals.get(d.front)}), lead ${round(info.regret, 2)}`,
      );
    const src = f.brand || !b ? f : b;
    return {
      productId: `p${String(k + 1).padStart(4, "0")}`,
      frontUrl: f.url,
      backUrl: b ? b.url : null,
      extras: d.extras.map((e) => feats[e].url),
      brand: src.brandLabel,
      product: f.product || (b?.product ?? ""),
      variant: f.variant || (b?.variant ?? ""),
      size: f.size || (b?.size ?? ""),
      category: f.category !== "Unknown" ? f.category : (b?.category ?? "Unknown"),
      matchScore: info ? round(info.score) : 0,
      confidence: info ? confidenceOf(info.score, info.regret, config) : 0,
      decidedBy: info ? "auto" : "none",
      evidence,
    };
  });
  const singletons: SingletonOut[] = [];
  feats.forEach((f, i) => {
    if (inProduct.has(i)) return;
    singletons.push({ url: f.url, role: f.visionRole, reason: reason.get(i) ?? defaultReason(f) });
  });
  for (const x of parsed.invalid) singletons.push({ url: x.url, role: x.role, reason: "invalid_record" });
  const pairs = products
    .filter((p) => p.backUrl !== null)
    .map((p) => ({
      frontUrl: p.frontUrl,
      backUrl: p.backUrl as string,
      matchScore: p.matchScore,
      confidence: p.confidence,
      decidedBy: p.decidedBy,
      evidence: p.evidence,
    }));
  return { engineVersion: ENGINE_VERSION, products, pairs, singletons, errors: parsed.errors };
}

function defaultReason(f: ImageFeatures): SingletonReason {
  switch (f.role) {
    case "front":
      return "no_back_found";
    case "back":
      return "orphan_back";
    case "nonproduct":
      return "non_product";
    case "multi":
      return "multi_product_shot";
    default:
      return "unattached_extra";
  }
}
