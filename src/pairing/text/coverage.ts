import type { TokenSet } from "./token-set.js";

/**
 * IDF-weighted share of `tokens` that `pool` contains; null when `tokens` is empty. With `oneSlip`, a word of five
 * letters or more also counts when the pool holds it with one letter dropped, added or misread (a scan of the
 * pool: only for the few comparisons that need it). Tokens and pool are ids of one lexicon, `idf` their rarity.
 */
export function weightedCoverage(
  tokens: readonly number[],
  pool: TokenSet,
  idf: Float64Array,
  oneSlip = false,
): number | null {
  if (tokens.length === 0) return null;
  let total = 0;
  let hit = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = idf[t] ?? 1;
    total += w;
    if (pool.has(t) || (oneSlip && pool.lex.length(t) >= 5 && pool.hasWithinOneEdit(pool.lex.words[t])))
      hit += w;
  }
  if (total <= 0) return null;
  return hit / total;
}
