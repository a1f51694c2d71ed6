/**
 * Words (as char codes) to ids, in an open-addressing table whose words are kept in one pool of char codes: a
 * word seen before costs a probe and a comparison of its codes, and no string.
 */
export class WordTable {
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1 << 12);
  private starts = new Int32Array(1 << 12);
  private lengths = new Int32Array(1 << 12);
  private values = new Int32Array(1 << 12).fill(-1);
  private pool = new Uint16Array(1 << 15);
  private poolUsed = 0;
  private count = 0;

  /** The id of the word in `buf[0, len)` whose hash is `hash`, or -1. */
  find(buf: Uint16Array, len: number, hash: number): number {
    const { hashes, lengths, values, starts, pool, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const v = values[slot];
      if (v < 0) return -1;
      if (hashes[slot] !== hash || lengths[slot] !== len) continue;
      const at = starts[slot];
      let j = 0;
      while (j < len && pool[at + j] === buf[j]) j++;
      if (j === len) return v;
    }
  }

  add(buf: Uint16Array, len: number, hash: number, value: number): void {
    if (2 * (this.count + 1) > this.values.length) this.grow();
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint16Array(2 * (this.poolUsed + len));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(buf.subarray(0, len), this.poolUsed);
    this.insert(hash, this.poolUsed, len, value);
    this.poolUsed += len;
  }

  private insert(hash: number, start: number, len: number, value: number): void {
    let slot = hash & this.mask;
    while (this.values[slot] >= 0) slot = (slot + 1) & this.mask;
    this.hashes[slot] = hash;
    this.starts[slot] = start;
    this.lengths[slot] = len;
    this.values[slot] = value;
    this.count++;
  }

  private grow(): void {
    const { hashes, starts, lengths, values } = this;
    const n = 2 * values.length;
    this.mask = n - 1;
    this.hashes = new Int32Array(n);
    this.starts = new Int32Array(n);
    this.lengths = new Int32Array(n);
    this.values = new Int32Array(n).fill(-1);
    this.count = 0;
    for (let i = 0; i < values.length; i++)
      if (values[i] >= 0) this.insert(hashes[i], starts[i], lengths[i], values[i]);
  }
}

/** FNV-1a over the char codes in `buf[0, len)`: the hash `WordTable` expects. */
export function hashCodes(buf: Uint16Array, len: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < len; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
  return hash;
}
