export { defaultPairingConfig, loadPairingConfig, ConfigError, pairEnvSchema, type PairingConfig } from "./config.js";
export { ENGINE_VERSION, pairAnalysis, type PairingRun } from "./engine.js";
export { AnalysisFileError, parseAnalysis } from "./input.js";
export { thresholdsOf } from "./metrics.js";
export { SINGLETON_REASONS, SINGLETON_REASON_CODES, type SingletonReason } from "./reasons.js";
export type { PairingMetrics, PairingResult } from "./types.js";
