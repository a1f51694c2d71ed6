/**
 * Aho–Corasick over a fixed set of ASCII literals: one pass over a text finds every occurrence of every literal,
 * where a regular expression per cue would pass over the text once per cue. Transitions are a dense table on
 * typed arrays (characters outside the literals' alphabet share one class), and the occurrences of a scan are
 * written to reusable typed arrays.
 */
export class LiteralAutomaton {
  /** char code (< 128) → character class; 0 for every character no literal contains, and for all of non-ASCII */
  private readonly classOf = new Uint8Array(128);
  private readonly classes: number;
  /** state × classes + class → next state */
  private readonly delta: Int32Array;
  /** per state, the range of `outputs` holding the literals that end there */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;
  /** the literal of each occurrence of the last scan */
  hitLiteral = new Int32Array(64);
  /** where each occurrence of the last scan starts */
  hitStart = new Int32Array(64);

  constructor(literals: readonly string[]) {
    let classes = 1;
    for (const lit of literals) {
      if (lit.length === 0) throw new Error("empty literal");
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c >= 128) throw new Error(`literal "${lit}" is not ASCII`);
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    this.classes = classes;
    this.lengths = Int32Array.from(literals, (l) => l.length);

    // the trie: children per state by class, and the literals ending at each state
    const children: Int32Array[] = [new Int32Array(classes).fill(-1)];
    const ends: number[][] = [[]];
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const k = this.classOf[lit.charCodeAt(i)];
        if (children[s][k] < 0) {
          children[s][k] = children.length;
          children.push(new Int32Array(classes).fill(-1));
          ends.push([]);
        }
        s = children[s][k];
      }
      ends[s].push(id);
    });

    // breadth first: failure links complete the transitions, and each state inherits its failure state's outputs
    const n = children.length;
    const delta = new Int32Array(n * classes);
    const fail = new Int32Array(n);
    const outs: number[][] = ends.map((e) => [...e]);
    const queue: number[] = [];
    for (let k = 0; k < classes; k++) {
      const t = children[0][k];
      if (t < 0) delta[k] = 0;
      else {
        delta[k] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const id of outs[fail[s]]) outs[s].push(id);
      for (let k = 0; k < classes; k++) {
        const t = children[s][k];
        const viaFail = delta[fail[s] * classes + k];
        if (t < 0) delta[s * classes + k] = viaFail;
        else {
          delta[s * classes + k] = t;
          fail[t] = viaFail;
          queue.push(t);
        }
      }
    }
    this.delta = delta;
    this.outStart = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) this.outStart[s + 1] = this.outStart[s] + outs[s].length;
    this.outputs = new Int32Array(this.outStart[n]);
    for (let s = 0; s < n; s++) this.outputs.set(outs[s], this.outStart[s]);
  }

  /**
   * Every occurrence of every literal in `text`, in order of where they end (and, ending together, longest
   * first): `hitLiteral[i]` and `hitStart[i]` for i below the count returned.
   */
  scan(text: string): number {
    const { classOf, delta, outStart, outputs, lengths, classes } = this;
    let hits = 0;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = delta[s * classes + (c < 128 ? classOf[c] : 0)];
      const o1 = outStart[s + 1];
      for (let o = outStart[s]; o < o1; o++) {
        if (hits === this.hitLiteral.length) this.growHits();
        const lit = outputs[o];
        this.hitLiteral[hits] = lit;
        this.hitStart[hits] = i + 1 - lengths[lit];
        hits++;
      }
    }
    return hits;
  }

  private growHits(): void {
    const lit = new Int32Array(2 * this.hitLiteral.length);
    lit.set(this.hitLiteral);
    this.hitLiteral = lit;
    const start = new Int32Array(2 * this.hitStart.length);
    start.set(this.hitStart);
    this.hitStart = start;
  }
}
