/**
 * Interaction confidence = rating + a comment-quality bonus, capped at 6. A long, specific, positive comment
 * (or one with emoji) says more about the purchase than a bare star; negative words pull the bonus down.
 */
import { foldText } from "../../lib/text.js";
import { EMOJI_NAMES, NEGATIVE_WORDS, POSITIVE_WORDS } from "./vocab.js";

export const CONFIDENCE_CAP = 6;

// Phrases are compared as whole words on lower-cased text with "_" joins and punctuation removed. Comments are
// often typed without diacritics, so multi-syllable phrases also match on folded text; single syllables must match
// exactly, because folding merges distinct words ("ưng" = satisfied, "ứng" in "kích ứng" = irritation).
const clean = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/_/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
interface Phrase {
  exact: string;
  folded?: string;
}
const phrase = (w: string): Phrase => {
  const exact = clean(w);
  return exact.trim().includes(" ") ? { exact, folded: foldText(exact) } : { exact };
};
const escapeRegExp = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** One pass per text: an alternation of all phrases (longest first), each match mapped back to its phrase. */
class Lexicon {
  private readonly exact: Map<string, number>;
  private readonly folded: Map<string, number>;
  private readonly exactRe: RegExp;
  private readonly foldedRe: RegExp;

  constructor(words: string[]) {
    const phrases = [...new Map(words.map((w) => [clean(w), phrase(w)])).values()];
    this.exact = new Map(phrases.map((p, i) => [p.exact.trim(), i]));
    this.folded = new Map(
      phrases.flatMap((p, i) => (p.folded ? [[p.folded.trim(), i] as [string, number]] : [])),
    );
    const re = (keys: string[]) =>
      new RegExp(
        `(?<= )(?:${keys
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join("|")})(?= )`,
        "gu",
      );
    this.exactRe = re([...this.exact.keys()]);
    this.foldedRe = re([...this.folded.keys()]);
  }

  count(text: string, folded: string): number {
    const hit = new Set<number>();
    for (const m of text.matchAll(this.exactRe)) hit.add(this.exact.get(m[0])!);
    for (const m of folded.matchAll(this.foldedRe)) hit.add(this.folded.get(m[0])!);
    return hit.size;
  }
}
const POSITIVE = new Lexicon([
  ...POSITIVE_WORDS,
  "rất thích",
  "xuất sắc",
  "đáng tiền",
  "chuẩn",
  "tốt lắm",
  "sẽ mua lại",
]);
const NEGATIVE = new Lexicon([
  ...NEGATIVE_WORDS,
  "không tốt",
  "tệ hại",
  "hàng nhái",
  "nổi mẩn",
  "không giống",
]);
const EMOJI_WORDS = EMOJI_NAMES.map((e) => e.replace(/_/g, " "));
const EMOJI_RE = /\p{Extended_Pictographic}/u;

export interface CommentQuality {
  bonus: number;
  positives: number;
  negatives: number;
  emoji: boolean;
  length: number;
}

export function commentQuality(comment: string | null | undefined): CommentQuality {
  const raw = (comment ?? "").trim();
  if (!raw) return { bonus: 0, positives: 0, negatives: 0, emoji: false, length: 0 };
  const text = clean(raw);
  const folded = foldText(text);
  const positives = POSITIVE.count(text, folded);
  const negatives = NEGATIVE.count(text, folded);
  const emoji = EMOJI_RE.test(raw) || EMOJI_WORDS.some((e) => folded.includes(e));
  const length = raw.length;
  let bonus = 0;
  if (length >= 20) bonus += 0.25;
  if (length >= 80) bonus += 0.25;
  bonus += Math.min(3, positives) * 0.2;
  bonus -= Math.min(3, negatives) * 0.3;
  if (emoji) bonus += 0.15;
  return { bonus, positives, negatives, emoji, length };
}

export function confidenceOf(rating: number, text: string | null | undefined): number {
  return Math.max(0.5, Math.min(CONFIDENCE_CAP, rating + commentQuality(text).bonus));
}
