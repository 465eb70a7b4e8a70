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

/** Convert an undirected graphology graph (edge attribute `weight`, default 1). */
export function toCsr(graph: Graph): Csr {
  const ids = graph.nodes();
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++)
    offsets[i + 1] = (offsets[i] as number) + graph.degreeWithoutSelfLoops(ids[i] as string);
  const targets = new Int32Array(offsets[n] as number);
  const weights = new Float64Array(offsets[n] as number);
  const cursor = offsets.slice(0, n);
  graph.forEachEdge((_key, attrs, source, target) => {
    if (source === target) return;
    const s = index.get(source) as number;
    const t = index.get(target) as number;
    const w = typeof attrs.weight === 'number' ? attrs.weight : 1;
    const ps = cursor[s] as number;
    const pt = cursor[t] as number;
    targets[ps] = t;
    weights[ps] = w;
    cursor[s] = ps + 1;
    targets[pt] = s;
    weights[pt] = w;
    cursor[t] = pt + 1;
  });
  return { ids, index, offsets, targets, weights };
}

/** Map a per-node array back to ids. */
export function toRecord(csr: Csr, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  csr.ids.forEach((id, i) => (out[id] = values[i] as number));
  return out;
}
