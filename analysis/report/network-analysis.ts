/**
 * The centrality report and the network summary, computed together from one compact form of
 * the graph and one breadth-first pass per source (betweenness, closeness, diameter and average
 * path share it). Conventions follow networkx's defaults so an analyst can compare figures
 * (docs/metrics.md). The shortest-path pass may be handed in, already run across worker
 * threads (compute); otherwise it runs here.
 */
import type Graph from 'graphology';
import { InvalidInputError } from '../errors.ts';
import {
  completeLeaves,
  accumulatePaths,
  normaliseBetweenness,
  planSources,
  type PathPartial,
  type SourcePlan,
} from '../metrics/betweenness.ts';
import { closenessFromPaths } from '../metrics/closeness.ts';
import { clustering } from '../metrics/clustering.ts';
import { detectCommunities } from '../metrics/communities.ts';
import { coreNumbers } from '../metrics/core-number.ts';
import { toCsr } from '../metrics/csr.ts';
import { degrees, weightedDegrees } from '../metrics/degree.ts';
import { eigenvector } from '../metrics/eigenvector.ts';
import { pagerank } from '../metrics/pagerank.ts';
import { reach2 } from '../metrics/reach.ts';
import { structuralHoles } from '../metrics/structural-holes.ts';
import { buildRows, type CentralityRow } from './centrality-report.ts';
import { fingerprintNetwork } from './fingerprint.ts';
import { summariseNetwork, type NetworkSummary } from './network-summary.ts';

export {
  REPORT_COLUMNS,
  METRIC_COLUMNS,
  sortRows,
  rankRows,
  rankRowsSteps,
  type CentralityRow,
  type MetricColumn,
  type ReportColumn,
} from './centrality-report.ts';
export type { NetworkSummary } from './network-summary.ts';

export interface AnalysisParameters {
  seed: number;
  /** 'exact', or the number of sampled sources. */
  betweenness: 'exact' | number;
  alpha: number;
  conventions: string;
  /** Which engine computed each column (absent: every column local). */
  engine?: EngineProvenance;
}

/** The analytics engines and what each computed (analysis/engine-policy.ts, data/neo4j/analytics-engine.ts, docs/neo4j.md). */
export interface EngineProvenance {
  /** What was asked for: ANALYTICS_ENGINE or --engine. */
  requested: 'local' | 'gds' | 'auto';
  /** What computed the GDS-capable columns. */
  used: 'local' | 'gds';
  /** Why this engine (the auto rule, or the fallback). */
  reason: string;
  /** Per report column: the engine that computed it. */
  columns: Record<string, 'local' | 'gds'>;
  /** GDS's version, when it was used. */
  gdsVersion?: string;
  /** Set when GDS failed during the run and the local engine answered instead. */
  fallback?: string;
  /** How the summary's diameter and average path were found ('exact' or sampled sources). */
  summaryPaths?: 'exact' | number;
}

export interface NetworkAnalysis {
  rows: CentralityRow[];
  summary: NetworkSummary;
  parameters: AnalysisParameters;
  /** Content fingerprint of the analysed network (fingerprint.ts). */
  dataHash: string;
}

export const ANALYSIS_DEFAULTS = {
  /** Seed of Louvain and of the betweenness sample. */
  seed: 42,
};

export interface AnalysisOptions {
  /** Seed of Louvain and of the betweenness sample (default 42). */
  seed?: number;
  /** Estimate betweenness from this many sampled sources (default: exact). */
  betweennessSamples?: number;
  /** The shortest-path pass already run elsewhere (worker threads) for `planPaths(...)`. */
  paths?: { plan: SourcePlan; partial: PathPartial };
  /**
   * Louvain communities already computed with the same seed (the API's per-snapshot structure,
   * analysis/partnering/structure.ts), by position in `graph.nodes()`: reused, not recomputed.
   */
  communities?: { communityAt: Int32Array; modularity: number; count: number };
}

/** The source plan the analysis uses for these options (for running the pass elsewhere). */
export function planPaths(
  graph: Graph,
  options: Pick<AnalysisOptions, 'seed' | 'betweennessSamples'> = {},
): SourcePlan {
  return planSources(toCsr(graph), {
    seed: options.seed ?? ANALYSIS_DEFAULTS.seed,
    ...(options.betweennessSamples !== undefined && { samples: options.betweennessSamples }),
  });
}

function reuseCommunities(
  ids: string[],
  given: NonNullable<AnalysisOptions['communities']>,
): { communities: Record<string, number>; modularity: number; count: number } {
  if (given.communityAt.length !== ids.length)
    throw new InvalidInputError(
      `communities has ${given.communityAt.length} businesses, the graph ${ids.length}`,
      'communities',
    );
  const communities: Record<string, number> = {};
  ids.forEach((id, i) => (communities[id] = given.communityAt[i] as number));
  return { communities, modularity: given.modularity, count: given.count };
}

/** Compute every metric of the report and the summary. Pure; the graph is not modified. */
export function analyseNetwork(graph: Graph, options: AnalysisOptions = {}): NetworkAnalysis {
  const seed = options.seed ?? ANALYSIS_DEFAULTS.seed;
  const samples = options.betweennessSamples;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 1)) {
    throw new InvalidInputError(
      `betweennessSamples must be a whole number of at least 1 (got ${samples})`,
      'betweennessSamples',
    );
  }
  if (!Number.isInteger(seed))
    throw new InvalidInputError(`seed must be a whole number (got ${seed})`, 'seed');
  const csr = toCsr(graph);
  let paths = options.paths;
  if (!paths) {
    const plan = planPaths(graph, options);
    paths = {
      plan,
      partial: completeLeaves(plan, accumulatePaths(plan.graph, plan.sources, plan.multiplicity)),
    };
  }
  const degree = degrees(csr);
  const cc = clustering(csr);
  const holes = structuralHoles(csr);
  const { communities, modularity, count } = options.communities
    ? reuseCommunities(csr.ids, options.communities)
    : detectCommunities(graph, { seed, csr });
  const rows = buildRows(graph, csr, {
    communities,
    degree,
    weightedDegree: weightedDegrees(csr),
    betweenness: normaliseBetweenness(paths.partial, paths.plan),
    closeness: closenessFromPaths(paths.partial),
    eigenvector: eigenvector(csr),
    pagerank: pagerank(csr),
    clustering: cc,
    core: coreNumbers(csr),
    constraint: holes.constraint,
    effectiveSize: holes.effectiveSize,
    reach2: reach2(csr),
  });
  const summary = summariseNetwork(graph, {
    csr,
    partial: paths.partial,
    degree,
    clustering: cc,
    modularity,
    communities: count,
  });
  return {
    rows,
    summary,
    parameters: {
      seed,
      betweenness: paths.plan.sampled ? paths.plan.sources.length : 'exact',
      alpha: 0.85,
      conventions: 'networkx defaults; docs/metrics.md',
    },
    dataHash: fingerprintNetwork(graph),
  };
}
