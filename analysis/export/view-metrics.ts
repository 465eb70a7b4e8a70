/**
 * The metrics the map sizes nodes by and the communities it colours them by, for the graph
 * view: degree, weighted degree (strength), PageRank, betweenness and Louvain communities
 * (seeded). Computed with graphology-metrics and graphology-communities-louvain.
 *
 * References: Brandes (2001) for betweenness; Page et al. (1999) for PageRank; Blondel et al.
 * (2008) for Louvain.
 */
import louvain from 'graphology-communities-louvain';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import type { NetworkGraph } from '../domain.ts';
import { createRng } from '../rng.ts';
import type { MetricTable } from './graph-view.ts';

export interface ViewMetricsOptions {
  /** Seed of the Louvain community detection. Default 42. */
  seed?: number;
  /**
   * Above this many businesses, betweenness (O(n·m)) is left out so the map stays quick to
   * load. Default 5,000.
   */
  maxBetweennessOrder?: number;
}

export const VIEW_METRICS_DEFAULTS = { seed: 42, maxBetweennessOrder: 5_000 } as const;

export interface ViewMetrics {
  metrics: MetricTable;
  communities: Record<string, number>;
}

/** Compute the map's metrics and communities. Pure; the graph is not modified. */
export function computeViewMetrics(graph: NetworkGraph, options: ViewMetricsOptions = {}): ViewMetrics {
  const seed = options.seed ?? VIEW_METRICS_DEFAULTS.seed;
  const maxBetweennessOrder = options.maxBetweennessOrder ?? VIEW_METRICS_DEFAULTS.maxBetweennessOrder;
  const degree: Record<string, number> = {};
  const strength: Record<string, number> = {};
  graph.forEachNode((id) => {
    degree[id] = graph.degree(id);
    let s = 0;
    graph.forEachEdge(id, (_e, a) => {
      s += a.weight;
    });
    strength[id] = s;
  });
  const metrics: MetricTable = { degree, weightedDegree: strength };
  if (graph.size > 0) {
    metrics.pagerank = pagerank(graph, { getEdgeWeight: 'weight' });
    if (graph.order <= maxBetweennessOrder) {
      metrics.betweenness = betweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
    }
  }
  const communities: Record<string, number> =
    graph.size > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: createRng(seed) }) : {};
  // Number communities by size, largest first, so colours are stable and the big ones get the
  // first (most distinct) palette entries.
  const sizes = new Map<number, number>();
  for (const c of Object.values(communities)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const rank = new Map(order.map((c, i) => [c, i]));
  const renumbered: Record<string, number> = {};
  graph.forEachNode((id) => {
    const c = communities[id];
    renumbered[id] = c === undefined ? order.length : (rank.get(c) ?? 0);
  });
  return { metrics, communities: renumbered };
}
