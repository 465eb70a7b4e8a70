/**
 * The report and the summary completed around columns computed elsewhere (the GDS engine,
 * data/neo4j/gds.ts): what GDS has no procedure for (Burt's constraint and effective size,
 * 2-step reach), the community modularity, and the summary are computed here, under the same
 * conventions as `analyseNetwork` (docs/metrics.md). The summary's diameter and average path
 * come from a shortest-path pass over at most `summarySources` seeded sources (exact below
 * that), so the O(nm) pass GDS was asked to do is not repeated here.
 */
import type Graph from 'graphology';
import { InvalidInputError } from '../errors.ts';
import type { PathPartial, SourcePlan } from '../metrics/betweenness.ts';
import { closenessFromPaths } from '../metrics/closeness.ts';
import { toCsr } from '../metrics/csr.ts';
import { modularity } from '../metrics/louvain.ts';
import { reach2 } from '../metrics/reach.ts';
import { structuralHoles } from '../metrics/structural-holes.ts';
import { buildRows } from './centrality-report.ts';
import { fingerprintNetwork } from './fingerprint.ts';
import { ANALYSIS_DEFAULTS, type NetworkAnalysis } from './network-analysis.ts';
import { summariseNetwork } from './network-summary.ts';

/** The columns another engine can compute, by position in `graph.nodes()`. */
export interface ComputedColumns {
  community: Int32Array;
  degree: Float64Array;
  weighted_degree: Float64Array;
  betweenness: Float64Array;
  /**
   * Absent when betweenness was sampled: GDS's closeness is exact for every business, an
   * O(nm) pass; it then comes from this module's sampled pass (known for its sources only).
   */
  closeness?: Float64Array;
  eigenvector: Float64Array;
  pagerank: Float64Array;
  clustering: Float64Array;
  core: Float64Array;
}

export const COMPLETE_DEFAULTS = {
  /** The summary's diameter and average path: exact up to this many businesses, sampled above. */
  summarySources: 500,
};

export interface CompleteOptions {
  seed?: number;
  /** Sources of betweenness in the other engine: 'exact' or how many were sampled. */
  betweenness: 'exact' | number;
  /** The summary's shortest-path pass, run (possibly in threads) for `summaryPathPlan`. */
  paths: { plan: SourcePlan; partial: PathPartial };
}

/** How many sources the summary's path pass uses for `n` businesses (undefined: every one). */
export function summarySamples(n: number): number | undefined {
  return n > COMPLETE_DEFAULTS.summarySources ? COMPLETE_DEFAULTS.summarySources : undefined;
}

/**
 * Rows and summary from `computed` plus the local remainder. Pure; the graph is not modified.
 * @throws InvalidInputError when a column's length is not the graph's order
 */
export function completeAnalysis(
  graph: Graph,
  computed: ComputedColumns,
  options: CompleteOptions,
): NetworkAnalysis {
  const csr = toCsr(graph);
  const n = csr.ids.length;
  for (const [column, values] of Object.entries(computed) as [string, ArrayLike<number> | undefined][])
    if (values !== undefined && values.length !== n)
      throw new InvalidInputError(`column ${column} has ${values.length} values, the graph ${n}`, column);
  const holes = structuralHoles(csr);
  const communities: Record<string, number> = {};
  csr.ids.forEach((id, i) => (communities[id] = computed.community[i] as number));
  const count = new Set(computed.community).size;
  const rows = buildRows(graph, csr, {
    communities,
    degree: computed.degree,
    weightedDegree: computed.weighted_degree,
    betweenness: computed.betweenness,
    closeness: computed.closeness ?? closenessFromPaths(options.paths.partial),
    eigenvector: computed.eigenvector,
    pagerank: computed.pagerank,
    clustering: computed.clustering,
    core: computed.core,
    constraint: holes.constraint,
    effectiveSize: holes.effectiveSize,
    reach2: reach2(csr),
  });
  const summary = summariseNetwork(graph, {
    csr,
    partial: options.paths.partial,
    degree: computed.degree,
    clustering: computed.clustering,
    modularity: n > 0 ? modularity(csr, computed.community) : 0,
    communities: count,
  });
  return {
    rows,
    summary,
    parameters: {
      seed: options.seed ?? ANALYSIS_DEFAULTS.seed,
      betweenness: options.betweenness,
      alpha: 0.85,
      conventions: 'networkx defaults; docs/metrics.md',
    },
    dataHash: fingerprintNetwork(graph),
  };
}
