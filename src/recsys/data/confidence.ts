/**
 * Interaction confidence = rating + a comment-quality bonus, capped at 6. A long, specific, positive comment
 * (or one with emoji) says more about the purchase than a bare star; negative words pull the bonus down.
 */
import { foldText } from "../../lib/text.js";
import { EMOJI_NAMES, NEGATIVE_WORDS, POSITIVE_WORDS } from "./vocab.js";

export const CONFIDENCE_CAP = 6;

// Lexicon phrases compared on folded text with "_" joins removed, so "giao_hàng nhanh" and "giao hang nhanh" agree.
const norm = (s: string) => ` ${foldText(s.replace(/_/g, " ")).replace(/\s+/g, " ").trim()} `;
const POSITIVE = [
  ...new Set(
    [...POSITIVE_WORDS, "rat thich", "xuat sac", "dang tien", "chuan", "tot lam", "se mua lai", "thom"].map(
      norm,
    ),
  ),
];
const NEGATIVE = [
  ...new Set(
    [...NEGATIVE_WORDS, "that vong", "khong tot", "te hai", "hang nhai", "nổi mẩn", "khong giong"].map(norm),
  ),
];
const EMOJI_WORDS = EMOJI_NAMES.map((e) => e.replace(/_/g, " "));
const EMOJI_RE = /\p{Extended_Pictographic}/u;

export interface CommentQuality {
  bonus: number;
  positives: number;
  negatives: number;
  emoji: boolean;
  length: number;
}

export function commentQuality(text: string | null | undefined): CommentQuality {
  const raw = (text ?? "").trim();
  if (!raw) return { bonus: 0, positives: 0, negatives: 0, emoji: false, length: 0 };
  const folded = norm(raw);
  let positives = 0;
  let negatives = 0;
  for (const w of NEGATIVE) if (folded.includes(w)) negatives++;
  for (const w of POSITIVE) if (folded.includes(w)) positives++;
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
