export { UserError } from "./errors.js";
export {
  JsonFileError,
  jsonText,
  OutputFileError,
  readJsonFile,
  writeFileAtomic,
  writeFilesAtomic,
  writeJsonAtomic,
} from "./fs.js";
export { decodeNpy, encodeNpy, readNpy, writeNpy } from "./npy.js";
export { NO_PROGRESS, type Progress, progressBar } from "./progress.js";
export { Rng, WeightedSampler } from "./rng.js";
export {
  compactSkeleton,
  escapeMarkup,
  foldText,
  jaccard,
  ocrSkeleton,
  resetTextCaches,
  skeletonTokens,
  trigrams,
  withinEdits,
  withinOneEditOfAny,
  words,
} from "./text.js";
