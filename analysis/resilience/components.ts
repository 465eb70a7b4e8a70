/**
 * Connected components on compact arrays: a union–find with union by size and path halving
 * (Tarjan 1975, "Efficiency of a good but not linear set union algorithm") that can be reset
 * cheaply for the nodes it touched, and the component statistics the timeline, key-player and
 * what-if figures share (largest component, pairs of businesses connected).
 */

export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x] as number] as number;
      x = p[x] as number;
    }
    return x;
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
  }
  /** Make the given nodes singletons again. */
  reset(nodes: Iterable<number>): void {
    for (const v of nodes) {
      this.parent[v] = v;
      this.size[v] = 1;
    }
  }
}

export interface ComponentStats {
  components: number;
  largest: number;
  /** Unordered pairs of nodes in the same component: Σ s(s−1)/2. */
  connectedPairs: number;
}

/** Statistics of the components of `nodes` (after their unions). */
export function componentStats(uf: UnionFind, nodes: Iterable<number>): ComponentStats {
  let components = 0;
  let largest = 0;
  let connectedPairs = 0;
  for (const v of nodes) {
    if (uf.find(v) !== v) continue;
    const s = uf.size[v] as number;
    components++;
    largest = Math.max(largest, s);
    connectedPairs += (s * (s - 1)) / 2;
  }
  return { components, largest, connectedPairs };
}

/** Share of the unordered pairs of `n` nodes that are connected (1 for fewer than two nodes). */
export function reachability(connectedPairs: number, n: number): number {
  return n < 2 ? 1 : connectedPairs / ((n * (n - 1)) / 2);
}
