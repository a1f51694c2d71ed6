import { withinOneEditOfAny } from "../../lib/text.js";
import type { Lexicon } from "./lexicon.js";

/**
 * A photo's words as a set of lexicon ids: an open-addressing table on a typed array, probed far faster than a
 * `Set<string>` (a pair's name coverage asks it a dozen times), and the ids in the order first added.
 */
export class TokenSet {
  readonly ids: number[] = [];
  private table: Int32Array;
  private shift: number;

  constructor(
    readonly lex: Lexicon,
    expected = 8,
  ) {
    let bits = 3;
    while (1 << bits < 2 * expected) bits++;
    this.table = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  /** A set of the given skeletons, each given an id in `lex` when new. */
  static of(lex: Lexicon, skeletons: Iterable<string>): TokenSet {
    const set = new TokenSet(lex);
    for (const w of skeletons) set.add(lex.id(w));
    return set;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds `id`; false when it was in already. */
  add(id: number): boolean {
    const mask = this.table.length - 1;
    for (let slot = Math.imul(id + 1, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const v = this.table[slot];
      if (v === 0) break;
      if (v === id + 1) return false;
    }
    if (2 * (this.ids.length + 1) > this.table.length) this.rehash();
    this.insert(id);
    this.ids.push(id);
    return true;
  }

  has(id: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    for (let slot = Math.imul(id + 1, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const v = table[slot];
      if (v === id + 1) return true;
      if (v === 0) return false;
    }
  }

  /** Whether the set holds this skeleton. */
  hasWord(skeleton: string): boolean {
    const id = this.lex.find(skeleton);
    return id >= 0 && this.has(id);
  }

  /** Whether a word of the set is within one edit of `skeleton` (a letter dropped, added or misread). */
  hasWithinOneEdit(skeleton: string): boolean {
    return withinOneEditOfAny(
      skeleton,
      this.ids.map((id) => this.lex.words[id]),
    );
  }

  private insert(id: number): void {
    const mask = this.table.length - 1;
    let slot = Math.imul(id + 1, 0x9e3779b1) >>> this.shift;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = id + 1;
  }

  private rehash(): void {
    this.table = new Int32Array(2 * this.table.length);
    this.shift--;
    for (const id of this.ids) this.insert(id);
  }
}
