import type { ImageFeatures } from "../features/extract.js";
import type { ParsedAnalysis } from "../input.js";
import { pairConfidence } from "./confidence.js";
import type { PairingConfig } from "./config.js";
import type { DecidedPair } from "./decide.js";
import type { ProductDraft } from "./extras.js";
import type { OrderCalibration } from "./order.js";
import type { SingletonReason } from "./reasons.js";
import { round } from "./round.js";
import { type ScoreContext, scoreExtra, scorePair } from "./score.js";
import type { PairingResult, PairOut, ProductOut, SingletonOut } from "./types.js";
import { ENGINE_VERSION } from "./version.js";

/** The output contract: products in input order, their pairs, every other image with its reason. */
export function buildResult(
  feats: readonly ImageFeatures[],
  drafts: readonly ProductDraft[],
  decided: ReadonlyMap<number, DecidedPair>,
  reason: ReadonlyMap<number, SingletonReason>,
  parsed: ParsedAnalysis,
  ctx: ScoreContext,
  config: PairingConfig,
  order: OrderCalibration,
): PairingResult {
  const sorted = [...drafts].sort((a, b) => feats[a.front].index - feats[b.front].index);
  const inProduct = new Set<number>();
  const products: ProductOut[] = sorted.map((d, k) => {
    const f = feats[d.front];
    const b = d.back !== null ? feats[d.back] : null;
    const info = decided.get(d.front)?.match;
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
        `runner-up ${round(info.runnerUp, 2)} (${decided.get(d.front)?.rival}), lead ${round(info.regret, 2)}`,
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
      confidence: info ? pairConfidence(info.score, info.regret, config) : 0,
      decidedBy: info ? (decided.get(d.front)?.by ?? "auto") : "none",
      evidence,
    };
  });
  const singletons: SingletonOut[] = [];
  feats.forEach((f, i) => {
    if (inProduct.has(i)) return;
    singletons.push({ url: f.url, role: f.visionRole, reason: reason.get(i) ?? defaultReason(f) });
  });
  for (const x of parsed.invalid) singletons.push({ url: x.url, role: x.role, reason: x.reason });
  return {
    engineVersion: ENGINE_VERSION,
    products,
    pairs: pairsOfProducts(products),
    singletons,
    errors: parsed.errors,
  };
}

/** The contract's `pairs`: every product with a back, as its pair (the review app's corrected result too). */
export function pairsOfProducts(products: readonly ProductOut[]): PairOut[] {
  return products
    .filter((p) => p.backUrl !== null)
    .map((p) => ({
      frontUrl: p.frontUrl,
      backUrl: p.backUrl as string,
      matchScore: p.matchScore,
      confidence: p.confidence,
      decidedBy: p.decidedBy,
      evidence: p.evidence,
    }));
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
