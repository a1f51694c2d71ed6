export {
  type AnalyzeOptions,
  type AnalyzeStats,
  analyzeFolder,
  defaultCacheDir,
  listPhotos,
} from "./analyze.js";
export { ANALYZER_NAME, type AnalysisDocument, buildAnalysis } from "./records.js";
export { renderReview } from "./review.js";
export { openAiVisionReader, type VisionReader } from "./vision.js";
