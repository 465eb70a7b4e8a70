/**
 * The network as plain adjacency arrays for the resilience figures: every business, and either
 * every collaboration (default) or only those active in the `asOf` year (activity rule of
 * analysis/timeline/activity.ts), so "who is key" can be asked of today's network.
 */
import type { NetworkGraph } from '../domain.ts';
import { csrFromEdges } from '../metrics/csr.ts';
import { activeWeight, buildHistory, checkYear } from '../timeline/activity.ts';

export interface NetworkArrays {
  ids: string[];
  index: Map<string, number>;
  /** Undirected ties as index pairs. */
  edges: [number, number][];
  offsets: Int32Array;
  targets: Int32Array;
}

/** Adjacency (CSR, analysis/metrics/csr.ts) from an edge list over `n` nodes, with each edge's weight when given. */
export function adjacency(
  n: number,
  edges: readonly (readonly [number, number])[],
  edgeWeights?: readonly number[],
): { offsets: Int32Array; targets: Int32Array; weights: Float64Array } {
  const sources = new Int32Array(edges.length);
  const ends = new Int32Array(edges.length);
  edges.forEach(([a, b], e) => {
    sources[e] = a;
    ends[e] = b;
  });
  const { offsets, targets, weights } = csrFromEdges(n, sources, ends, edgeWeights);
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
