export {
  ConfigError,
  defaultPairingConfig,
  loadPairingConfig,
  type PairingConfig,
  pairEnvSchema,
} from "./config.js";
export { type AmbiguousFront, ENGINE_VERSION, type PairingRun, pairAnalysis } from "./engine.js";
export { AnalysisFileError, parseAnalysis } from "./input.js";
export { thresholdsOf } from "./metrics.js";
export { SINGLETON_REASON_CODES, SINGLETON_REASONS, type SingletonReason } from "./reasons.js";
export type { PairingMetrics, PairingResult } from "./types.js";
