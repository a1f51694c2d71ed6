/**
 * The pairing engine's one import path for the CLI, the server and the benches: the entry point (pairWithTieBreak,
 * or pairAnalysis for the engine alone), its configuration, and the adapters around it.
 */
export {
  createJobQueue,
  type JobItem,
  type JobQueue,
  JobRequestSchema,
  type JobStatus,
  jobItems,
  PairingPool,
  PairingTimeoutError,
  QueueFullError,
  startRedisWorker,
} from "./adapters/jobs/index.js";
export { metricsLine, renderGroups, renderPhases, renderSummary, sloChecks } from "./adapters/report.js";
export {
  ALERT_RULES,
  type Alert,
  DAY_MS,
  evaluateAlerts,
  type GroupRollup,
  readHistory,
  recordRun,
  rollup,
  SMALL_BATCH_IMAGES,
} from "./adapters/slo/index.js";
export { CircuitBreaker, modelConfigured, TieBreakClient } from "./adapters/tiebreak/index.js";
export {
  ConfigError,
  DEFAULT_TUNING_FILE,
  defaultPairingConfig,
  loadPairingConfig,
  pairEnvSchema,
} from "./config.js";
export type { PairingConfig, PairingTuning, TieBreakConfig } from "./engine/config.js";
export { diffPairing } from "./engine/golden.js";
export { settingsOf, tuningOf } from "./engine/metrics.js";
export { pairsOfProducts } from "./engine/output.js";
export {
  type AmbiguousFront,
  type CandidateTrace,
  ENGINE_VERSION,
  type PairingRun,
  pairAnalysis,
} from "./engine/pipeline.js";
export { SINGLETON_REASON_CODES, SINGLETON_REASONS, type SingletonReason } from "./engine/reasons.js";
export type { PairingMetrics, PairingResult, TieBreakMetrics } from "./engine/types.js";
export { AnalysisFileError, parseAnalysis } from "./input.js";
export {
  type AnalyzeStats,
  analyzeFolder,
  defaultCacheDir,
  openAiVisionReader,
  renderReview,
  type VisionReader,
} from "./photos/index.js";
export { listingName } from "./photos/review.js";
export { pairWithTieBreak, type TieBreakDeps } from "./run.js";
