import type { ImageFeatures } from "../features/extract.js";
import type { PairingConfig } from "./config.js";
import type { OrderCalibration } from "./order.js";
import type { ContractReport, GroupRate, PairingMetrics, PairingResult } from "./types.js";

export interface MetricsInput {
  engineVersion: string;
  result: PairingResult;
  feats: readonly ImageFeatures[];
  frontPos: readonly number[];
  backCount: number;
  candidates: number;
  ambiguousFronts: number;
  secondLook: { fronts: number; candidates: number };
  order: OrderCalibration;
  config: PairingConfig;
  contract: ContractReport;
  durationMs: number;
  images: number;
  phases: Record<string, number>;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function buildMetrics(m: MetricsInput): PairingMetrics {
  const { result, feats, config } = m;
  const pairedFronts = new Set(result.pairs.map((p) => p.frontUrl));
  // a re-take or box front attached to a product is not a product of its own: it does not count as a front
  const asExtra = new Set(result.products.flatMap((p) => p.extras));
  const productFronts = m.frontPos.filter((i) => !asExtra.has(feats[i].url));
  // keyed by what the photos say: a brand read as "__proto__" or "constructor" must stay a plain row
  const byBrand = new Map<string, GroupRate>();
  const byCategory = new Map<string, GroupRate>();
  const brandName = new Map<string, string>();
  for (const i of productFronts) {
    const f = feats[i];
    // one row per brand whatever its spelling on this photo: the first spelling seen names it
    const key = f.brand?.key ?? "";
    if (!brandName.has(key)) brandName.set(key, f.brand ? f.brandLabel : "Unknown");
    bump(byBrand, brandName.get(key) as string, pairedFronts.has(f.url));
    bump(byCategory, f.domain ?? "unknown", pairedFronts.has(f.url));
  }
  for (const g of [byBrand, byCategory])
    for (const row of g.values()) row.pairRate = r4(row.paired / row.fronts);
  const singletonReasons: Record<string, number> = {};
  for (const s of result.singletons) singletonReasons[s.reason] = (singletonReasons[s.reason] ?? 0) + 1;
  const fronts = m.frontPos.length;
  const autoPairs = result.pairs.filter((p) => p.decidedBy === "auto").length;
  const modelPairs = result.pairs.filter((p) => p.decidedBy === "model").length;
  const reviewPairs = result.pairs.filter((p) => p.decidedBy === "review").length;
  const extrasAttached = result.products.reduce((n, p) => n + p.extras.length, 0);
  return {
    engineVersion: m.engineVersion,
    timestamp: new Date().toISOString(),
    durationMs: r4(m.durationMs),
    msPer100Images: r4(m.images > 0 ? (m.durationMs * 100) / m.images : 0),
    phasesMs: m.phases,
    totals: {
      images: m.images,
      fronts,
      backs: m.backCount,
      sides: feats.filter((f) => f.role === "extra").length,
      candidates: m.candidates,
      autoPairs,
      modelPairs,
      reviewPairs,
      singletons: result.singletons.length,
      extrasAttached,
      contractViolations: m.contract.violations,
      products: result.products.length,
      errors: result.errors.length,
      ambiguousFronts: m.ambiguousFronts,
    },
    rates: {
      // a batch with no front paired nothing: it does not count as a perfect run
      pairRate: r4(productFronts.length > 0 ? result.pairs.length / productFronts.length : 0),
      singletonRate: r4(m.images > 0 ? result.singletons.length / m.images : 0),
      // fronts sent to the model ÷ fronts: the tie-break run (pairWithTieBreak) sets it, the engine asks no one
      modelUseRate: 0,
    },
    byBrand: Object.fromEntries(byBrand),
    byCategory: Object.fromEntries(byCategory),
    singletonReasons,
    orderSignal: {
      mode: m.order.mode,
      model: m.order.model,
      reliability: m.order.reliability === null ? null : r4(m.order.reliability),
      weight: r4(m.order.weight),
    },
    brands: {
      readFromText: feats.filter((f) => f.brandFromText).length,
      distributorsOnLabel: feats.filter((f) => f.brandIsMaker).length,
    },
    secondLook: m.secondLook,
    tuning: tuningOf(config),
    settings: settingsOf(config),
    contract: m.contract,
  };
}

/** The tuning file's version and path with every value the run used: a metrics file says how it was tuned. */
export function tuningOf(c: PairingConfig): PairingMetrics["tuning"] {
  return {
    version: c.tuning.version,
    file: c.tuning.file,
    extrasMax: c.extrasMax,
    candidateK: c.candidateK,
    minPrescore: c.minPrescore,
    autoScore: c.autoScore,
    autoGap: c.autoGap,
    autoHairScore: c.autoHairScore,
    autoHairGap: c.autoHairGap,
    suggestMin: c.suggestMin,
    modelFrontShare: c.modelFrontShare,
    confidenceSlope: c.confidenceSlope,
    confidenceShift: c.confidenceShift,
    extraMinScore: c.extraMinScore,
    extraGap: c.extraGap,
    orderSignal: c.orderSignal,
    weights: { ...c.weights },
  };
}

/** The deployment settings (PAIR_*) that change what a run does. */
export function settingsOf(c: PairingConfig): Record<string, number | boolean | string> {
  return {
    PAIR_DISABLE_TIEBREAK: c.disableTiebreak,
    PAIR_MODEL: c.tieBreak.model,
    PAIR_TEMPERATURE: c.tieBreak.temperature,
    PAIR_MODEL_BASE_URL: c.tieBreak.baseUrl,
    PAIR_MAX_TEXT_CHARS: c.tieBreak.maxTextChars,
    PAIR_MAX_MODEL_RETRIES: c.tieBreak.maxRetries,
    PAIR_MODEL_TIMEOUT_MS: c.tieBreak.timeoutMs,
    PAIR_BATCH_MAX_CHUNK: c.tieBreak.maxChunk,
    PAIR_BREAKER_FAILURES: c.tieBreak.breakerFailures,
    PAIR_BREAKER_COOLDOWN_MS: c.tieBreak.breakerCooldownMs,
    PAIR_HISTORY_PATH: c.historyPath,
    PAIR_WORKERS: c.jobs.workers,
    PAIR_BATCH_MAX_WALL_MS: c.jobs.maxWallMs,
    PAIR_QUEUE: c.jobs.queue,
  };
}

function bump(g: Map<string, GroupRate>, key: string, paired: boolean) {
  const row = g.get(key) ?? { fronts: 0, paired: 0, pairRate: 0 };
  row.fronts++;
  if (paired) row.paired++;
  g.set(key, row);
}
