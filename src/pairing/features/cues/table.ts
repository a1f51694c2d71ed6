/** What the cue automata are built from: literals with the boundary each asks for on either side. */
import { LiteralAutomaton } from "../../../lib/literal-automaton.js";

/** What must surround a literal: nothing, a regex word boundary (\b), or no letter / letter-or-hyphen. */
export const NONE = 0;
export const WORD = 1;
export const NOT_LETTER = 2;
export const NOT_LETTER_OR_HYPHEN = 3;
export type Bound = typeof NONE | typeof WORD | typeof NOT_LETTER | typeof NOT_LETTER_OR_HYPHEN;

interface Literal {
  text: string;
  kind: number;
  /** the kind's own value: a bit, a packaging, a colour family, a domain */
  arg: number;
  /** place among alternatives, where the first one that matches wins (packaging, INCI names) */
  order: number;
  left: Bound;
  right: Bound;
}

export class CueTable {
  readonly literals: Literal[] = [];
  add(kind: number, arg: number, left: Bound, right: Bound, texts: readonly string[]): void {
    for (const text of texts)
      this.literals.push({ text, kind, arg, order: this.literals.length, left, right });
  }
  build(): {
    automaton: LiteralAutomaton;
    kind: Int8Array;
    arg: Int16Array;
    order: Int32Array;
    bounds: Int8Array;
    /** each literal's text and length, by literal: a hit at `start` ends at `start + lengths[lit]` */
    texts: string[];
    lengths: Int32Array;
  } {
    const ls = this.literals;
    return {
      automaton: new LiteralAutomaton(ls.map((l) => l.text)),
      texts: ls.map((l) => l.text),
      lengths: Int32Array.from(ls, (l) => l.text.length),
      kind: Int8Array.from(ls, (l) => l.kind),
      arg: Int16Array.from(ls, (l) => l.arg),
      order: Int32Array.from(ls, (l) => l.order),
      bounds: Int8Array.from(ls, (l) => l.left * 4 + l.right),
    };
  }
}

const IS_WORD = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
  IS_WORD[c.charCodeAt(0)] = 1;

function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c < 128 && IS_WORD[c] === 1;
}

/** regex `\b` at position `p` of `s` */
export function wordBoundary(s: string, p: number): boolean {
  return isWordAt(s, p - 1) !== isWordAt(s, p);
}

export function isLetterAt(s: string, i: number, hyphenToo: boolean): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return (c >= 97 && c <= 122) || (hyphenToo && c === 45);
}

function boundOk(s: string, p: number, bound: number, side: "left" | "right"): boolean {
  switch (bound) {
    case WORD:
      return wordBoundary(s, p);
    case NOT_LETTER:
      return !isLetterAt(s, side === "left" ? p - 1 : p, false);
    case NOT_LETTER_OR_HYPHEN:
      return !isLetterAt(s, side === "left" ? p - 1 : p, true);
    default:
      return true;
  }
}

/** Whether the literal found at [start, end) of `s` has what its `bounds` (left × 4 + right) ask on both sides. */
export function fits(s: string, start: number, end: number, bounds: number): boolean {
  return bounds === 0 || (boundOk(s, start, bounds >> 2, "left") && boundOk(s, end, bounds & 3, "right"));
}
