/**
 * Maximum-weight bipartite matching on a sparse graph (fronts × backs), exact.
 *
 * Each front also gets a private "stay unmatched" option of weight 0, which turns the problem into a
 * min-cost assignment in which every front is assigned. Fronts are added one by one with a Dijkstra search
 * for the cheapest augmenting path over reduced costs (Jonker–Volgenant style potentials), so the cost per
 * front is bounded by the part of the graph its component reaches, not by the batch size.
 */
export interface WeightedEdge {
  front: number;
  back: number;
  weight: number;
}

export function maxWeightMatching(
  nFronts: number,
  nBacks: number,
  edges: readonly WeightedEdge[],
): Int32Array {
  // adjacency in CSR form; right nodes are backs [0, nBacks) then one dummy per front
  const nRight = nBacks + nFronts;
  const deg = new Int32Array(nFronts + 1);
  for (const e of edges) if (e.weight > 0) deg[e.front + 1]++;
  for (let i = 0; i < nFronts; i++) deg[i + 1] += deg[i];
  const adjTo = new Int32Array(deg[nFronts]);
  const adjCost = new Float64Array(deg[nFronts]);
  const fill = deg.slice(0, nFronts);
  for (const e of edges) {
    if (e.weight <= 0) continue;
    const k = fill[e.front]++;
    adjTo[k] = e.back;
    adjCost[k] = -e.weight;
  }

  // Feasible start: reduced costs >= 0 with every right node at potential 0. Free right nodes must share one
  // potential, or the search would compare targets on the wrong scale; matched ones only ever move down.
  const u = new Float64Array(nFronts);
  const v = new Float64Array(nRight);
  for (let f = 0; f < nFronts; f++)
    for (let k = deg[f]; k < deg[f + 1]; k++) if (adjCost[k] < u[f]) u[f] = adjCost[k];

  const matchF = new Int32Array(nFronts).fill(-1);
  const matchR = new Int32Array(nRight).fill(-1);
  const dist = new Float64Array(nRight).fill(Number.POSITIVE_INFINITY);
  const prevF = new Int32Array(nRight).fill(-1);
  const done = new Uint8Array(nRight);
  const touched: number[] = [];
  const heap = new MinHeap();

  for (let f0 = 0; f0 < nFronts; f0++) {
    touched.length = 0;
    heap.clear();
    const relax = (f: number, base: number) => {
      for (let k = deg[f]; k < deg[f + 1]; k++) {
        const r = adjTo[k];
        if (done[r]) continue;
        const d = base + adjCost[k] - u[f] - v[r];
        if (d < dist[r]) {
          if (dist[r] === Number.POSITIVE_INFINITY) touched.push(r);
          dist[r] = d;
          prevF[r] = f;
          heap.push(d, r);
        }
      }
      const dummy = nBacks + f;
      if (!done[dummy]) {
        const d = base - u[f] - v[dummy];
        if (d < dist[dummy]) {
          if (dist[dummy] === Number.POSITIVE_INFINITY) touched.push(dummy);
          dist[dummy] = d;
          prevF[dummy] = f;
          heap.push(d, dummy);
        }
      }
    };
    relax(f0, 0);
    let target = -1;
    const popped: number[] = [];
    while (heap.size > 0) {
      const [d, r] = heap.pop();
      if (done[r] || d > dist[r]) continue;
      done[r] = 1;
      popped.push(r);
      if (matchR[r] === -1) {
        target = r;
        break;
      }
      relax(matchR[r], d);
    }
    // the private dummy is always free, so a target always exists
    const dStar = dist[target];
    for (const r of popped) {
      const delta = dStar - dist[r];
      v[r] -= delta;
      if (matchR[r] !== -1) u[matchR[r]] += delta;
    }
    u[f0] += dStar;
    for (let r = target; r !== -1; ) {
      const f = prevF[r];
      const next = matchF[f];
      matchF[f] = r;
      matchR[r] = f;
      r = f === f0 ? -1 : next;
    }
    for (const r of touched) {
      dist[r] = Number.POSITIVE_INFINITY;
      done[r] = 0;
      prevF[r] = -1;
    }
  }
  for (let f = 0; f < nFronts; f++) if (matchF[f] >= nBacks) matchF[f] = -1;
  return matchF;
}

/** Binary min-heap of (key, value) pairs on typed arrays. */
class MinHeap {
  private keys = new Float64Array(64);
  private vals = new Int32Array(64);
  size = 0;
  clear() {
    this.size = 0;
  }
  push(k: number, x: number) {
    if (this.size === this.keys.length) {
      const nk = new Float64Array(this.size * 2);
      nk.set(this.keys);
      this.keys = nk;
      const nv = new Int32Array(this.size * 2);
      nv.set(this.vals);
      this.vals = nv;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= k) break;
      this.keys[i] = this.keys[p];
      this.vals[i] = this.vals[p];
      i = p;
    }
    this.keys[i] = k;
    this.vals[i] = x;
  }
  pop(): [number, number] {
    const k0 = this.keys[0];
    const v0 = this.vals[0];
    const k = this.keys[--this.size];
    const x = this.vals[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= k) break;
      this.keys[i] = this.keys[c];
      this.vals[i] = this.vals[c];
      i = c;
    }
    this.keys[i] = k;
    this.vals[i] = x;
    return [k0, v0];
  }
}
