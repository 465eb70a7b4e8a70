/**
 * Compressed sparse row form of an undirected graph: the compact arrays every metric loop
 * runs over. Node i's neighbours are `targets[offsets[i] .. offsets[i+1])`, with the matching
 * edge weights in `weights`. Built once per graph; node order is graphology's node order.
 */
import type Graph from 'graphology';

export interface Csr {
  ids: string[];
  index: Map<string, number>;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/** The compact arrays of an edge list; `edgeAt[k]` is the edge whose end slot `k` is (when asked for, else empty). */
export interface CsrArrays {
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  edgeAt: Int32Array;
}

/**
 * The one graph→compact-array builder: the CSR of undirected edges `sources[e]`–`targets[e]`
 * over `n` nodes. Each edge fills one slot at both ends, in edge order, so a node's neighbours
 * come in the order of its edges (seeded Louvain depends on it); self-loops are left out.
 * `edgeWeights[e]` is edge e's weight (absent or NaN: 1); with `withEdgeAt`, `edgeAt` spreads
 * any other per-edge value.
 */
export function csrFromEdges(
  n: number,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
  edgeWeights?: ArrayLike<number>,
  withEdgeAt = false,
): CsrArrays {
  const m = sources.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = sources[e] as number;
    const t = targets[e] as number;
    if (s === t) continue;
    offsets[s + 1]!++;
    offsets[t + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const slots = offsets[n] as number;
  const out = new Int32Array(slots);
  const weights = new Float64Array(slots);
  const edgeAt = new Int32Array(withEdgeAt ? slots : 0);
  const cursor = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const s = sources[e] as number;
    const t = targets[e] as number;
    if (s === t) continue;
    const raw = edgeWeights ? (edgeWeights[e] as number) : 1;
    const w = raw === raw ? raw : 1;
    const ps = cursor[s] as number;
    const pt = cursor[t] as number;
    out[ps] = t;
    weights[ps] = w;
    if (withEdgeAt) edgeAt[ps] = e;
    cursor[s] = ps + 1;
    out[pt] = s;
    weights[pt] = w;
    if (withEdgeAt) edgeAt[pt] = e;
    cursor[t] = pt + 1;
  }
  return { offsets, targets: out, weights, edgeAt };
}

/** Convert an undirected graphology graph (edge attribute `weight`, default 1). */
export function toCsr(graph: Graph): Csr {
  const ids = graph.nodes();
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const m = graph.size;
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  const weights = new Float64Array(m);
  let e = 0;
  graph.forEachEdge((_key, attrs, source, target) => {
    sources[e] = index.get(source) as number;
    targets[e] = index.get(target) as number;
    weights[e++] = typeof attrs.weight === 'number' ? attrs.weight : 1;
  });
  const csr = csrFromEdges(ids.length, sources, targets, weights);
  return { ids, index, offsets: csr.offsets, targets: csr.targets, weights: csr.weights };
}

/** Map a per-node array back to ids. */
export function toRecord(csr: Csr, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  csr.ids.forEach((id, i) => (out[id] = values[i] as number));
  return out;
}
