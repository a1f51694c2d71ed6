/** What the engine is configured with: tuning values (from the tuning file) and deployment settings (PAIR_*). */
import type { SignalWeights } from "../features/registry.js";

export type { SignalWeights };

/** The tuning file's values: every threshold and weight the engine scores and decides with. */
export interface PairingTuning {
  /** side/detail shots attached to one product at most */
  extrasMax: number;
  /** candidate backs kept per front (from the blocking index) */
  candidateK: number;
  /** a candidate back must score at least this to be kept */
  minPrescore: number;
  /** auto-accept rule: score and lead over the runner-up */
  autoScore: number;
  autoGap: number;
  /** the same for hair and cosmetics */
  autoHairScore: number;
  autoHairGap: number;
  /** a pair below the auto rule is still suggested for review ("review") at this confidence or more; 1 = never */
  suggestMin: number;
  /** the most fronts of a batch the tie-break may ask the model about, as a share of its fronts (the SLO) */
  modelFrontShare: number;
  /** confidence calibration: P(right) = sigmoid(slope · logit(raw) + shift) */
  confidenceSlope: number;
  confidenceShift: number;
  /** an extra must score at least this against its product, and lead the next product by extraGap */
  extraMinScore: number;
  extraGap: number;
  /** use capture order: auto (only when the batch shows it is reliable), on or off */
  orderSignal: "auto" | "on" | "off";
  weights: SignalWeights;
}

/** Where the tuning values came from, quoted in every run's metrics. */
export interface TuningSource {
  version: number;
  file: string;
}

/** The optional model tie-break for ambiguous fronts (OPENAI_API_KEY is read by its client, not here). */
export interface TieBreakConfig {
  model: string;
  temperature: number;
  /** OpenAI-compatible endpoint; empty means the SDK's default. */
  baseUrl: string;
  maxTextChars: number;
  maxRetries: number;
  timeoutMs: number;
  /** at most this many images of context per call */
  maxChunk: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

export interface PairingConfig extends PairingTuning {
  tuning: TuningSource;
  disableTiebreak: boolean;
  tieBreak: TieBreakConfig;
  /** JSON-lines file every run's metrics are appended to (empty = no history) */
  historyPath: string;
  jobs: { workers: number; maxWallMs: number; queue: string };
}
