/**
 * The network as plain adjacency arrays for the resilience figures: every business, and either
 * every collaboration (default) or only those active in the `asOf` year (activity rule of
 * analysis/timeline/activity.ts), so "who is key" can be asked of today's network.
 */
import type { NetworkGraph } from '../domain.ts';
import { activeWeight, buildHistory, checkYear } from '../timeline/activity.ts';

export interface NetworkArrays {
  ids: string[];
  index: Map<string, number>;
  /** Undirected ties as index pairs. */
  edges: [number, number][];
  offsets: Int32Array;
  targets: Int32Array;
}

/** Adjacency (CSR) from an edge list over `n` nodes, with each edge's weight when given. */
export function adjacency(
  n: number,
  edges: readonly (readonly [number, number])[],
  edgeWeights?: readonly number[],
): { offsets: Int32Array; targets: Int32Array; weights: Float64Array } {
  const offsets = new Int32Array(n + 1);
  for (const [a, b] of edges) {
    offsets[a + 1] = (offsets[a + 1] as number) + 1;
    offsets[b + 1] = (offsets[b + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const targets = new Int32Array(offsets[n] as number);
  const weights = new Float64Array(offsets[n] as number);
  const cursor = offsets.slice(0, n);
  edges.forEach(([a, b], e) => {
    const w = edgeWeights?.[e] ?? 1;
    const pa = cursor[a] as number;
    const pb = cursor[b] as number;
    targets[pa] = b;
    weights[pa] = w;
    targets[pb] = a;
    weights[pb] = w;
    cursor[a] = pa + 1;
    cursor[b] = pb + 1;
  });
  return { offsets, targets, weights };
}

/** Every business and its ties (all of them, or those active in `asOf`). */
export function networkArrays(graph: NetworkGraph, options: { asOf?: number } = {}): NetworkArrays {
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges: [number, number][] = [];
  if (options.asOf === undefined) {
    graph.forEachEdge((_k, _a, s, t) => {
      edges.push([index.get(s) as number, index.get(t) as number]);
    });
  } else {
    const asOf = checkYear(options.asOf, 'asOf');
    for (const t of buildHistory(graph, { asOf }).ties)
      if (t.last >= asOf && activeWeight(t, asOf, asOf) > 0) edges.push([t.a, t.b]);
  }
  const { offsets, targets } = adjacency(ids.length, edges);
  return { ids, index, edges, offsets, targets };
}
