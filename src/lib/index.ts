export { JsonFileError, readJsonFile, writeFileAtomic, writeJsonAtomic } from "./fs.js";
export {
  compactSkeleton,
  foldText,
  jaccard,
  ocrSkeleton,
  resetTextCaches,
  skeletonTokens,
  trigrams,
  words,
} from "./text.js";
