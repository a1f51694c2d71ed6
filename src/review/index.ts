/**
 * The review app's core and store: a seller's corrections to a paired batch, kept in SQLite, and what the batch
 * becomes (listing rows, the corrected pairing, bench truth). The server's /review routes and the corrections
 * CLI import it only from here.
 */
export {
  analyzeBatch,
  batchFromAnalysis,
  batchFromResult,
  newBatchId,
  type PairFn,
  photoPath,
  type ReviewLimits,
  savePhoto,
  UploadError,
} from "./batches.js";
export { benchTruth, correctedPairing, listingCsv, listingRows, listingTitle } from "./export.js";
export { type FixPlan, type FixTarget, matchesTarget, planFixes } from "./fix-plan.js";
export {
  applyEdit,
  photosOf,
  type ReviewEdit,
  ReviewEditError,
  ReviewEditSchema,
  type ReviewProduct,
  type ReviewState,
  reviewContract,
  reviewOrder,
  stateFromPairing,
} from "./state.js";
export { type BatchInfo, ReviewStore, UnknownBatch, VersionConflict } from "./store.js";
