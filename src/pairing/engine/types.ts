import type { RecordError, Role } from "../input.js";
import type { PairingTuning, TuningSource } from "./config.js";
import type { SingletonReason } from "./reasons.js";

/** Why a model decision for a front was not used. */
export interface Rejection {
  front: string;
  why: "not_answered" | "back_not_allowed" | "back_reused" | "declined" | "duplicate_answer";
}

/** What the model tie-break did for one run (attached to the run's metrics). */
export interface TieBreakMetrics {
  enabled: boolean;
  usedModel: boolean;
  safeMode: boolean;
  frontsAsked: number;
  frontsResolved: number;
  calls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  rejected: Rejection[];
  breaker: string;
  errors: string[];
}

/** auto: the engine's rule accepted the pair; model: the tie-break chose it; review: suggested for the seller to confirm */
export type DecidedBy = "auto" | "model" | "review" | "none";

export interface ProductOut {
  productId: string;
  frontUrl: string;
  backUrl: string | null;
  extras: string[];
  brand: string;
  product: string;
  variant: string;
  size: string;
  category: string;
  matchScore: number;
  confidence: number;
  decidedBy: DecidedBy;
  evidence: string[];
}

export interface PairOut {
  frontUrl: string;
  backUrl: string;
  matchScore: number;
  confidence: number;
  decidedBy: DecidedBy;
  evidence: string[];
}

export interface SingletonOut {
  url: string;
  role: Role;
  reason: SingletonReason;
}

export interface PairingResult {
  engineVersion: string;
  products: ProductOut[];
  pairs: PairOut[];
  singletons: SingletonOut[];
  errors: RecordError[];
}

export interface GroupRate {
  fronts: number;
  paired: number;
  pairRate: number;
}

export interface PairingMetrics {
  /** present when the run went through the tie-break (pairWithTieBreak) */
  tieBreak?: TieBreakMetrics;
  engineVersion: string;
  timestamp: string;
  durationMs: number;
  msPer100Images: number;
  /** wall time of each engine phase: validate, features, candidates, match, secondLook, extras, output */
  phasesMs: Record<string, number>;
  totals: {
    images: number;
    fronts: number;
    backs: number;
    sides: number;
    candidates: number;
    autoPairs: number;
    modelPairs: number;
    /** pairs below the auto rule, suggested for the seller to confirm */
    reviewPairs: number;
    singletons: number;
    extrasAttached: number;
    contractViolations: number;
    products: number;
    errors: number;
    /** fronts left for the tie-break (singletons while it is off) */
    ambiguousFronts: number;
  };
  rates: { pairRate: number; singletonRate: number; modelUseRate: number };
  byBrand: Record<string, GroupRate>;
  byCategory: Record<string, GroupRate>;
  singletonReasons: Record<string, number>;
  orderSignal: { mode: string; model: string; reliability: number | null; weight: number };
  /**
   * brands the engine read across the batch: fronts whose missing brand it found in their own text, and photos
   * whose brand field it took for a distributor named on their label (half a brand conflict); absent in
   * metrics files written before these rules
   */
  brands?: { readFromText: number; distributorsOnLabel: number };
  /**
   * fronts the first matching left without a confident pair, which then looked at every back the blocking index
   * connects them to (up to SECOND_LOOK_BACKS), and how many more candidate pairs that scored; absent in metrics
   * files written before it
   */
  secondLook?: { fronts: number; candidates: number };
  /** the tuning file (version, path) and every value the run used */
  tuning: PairingTuning & TuningSource;
  /** the PAIR_* deployment settings of the run */
  settings: Record<string, number | boolean | string>;
  contract: ContractReport;
}

export interface ContractReport {
  missingUrls: string[];
  duplicateUrls: string[];
  unknownUrls: string[];
  backReused: string[];
  frontEqualsBack: string[];
  violations: number;
}
