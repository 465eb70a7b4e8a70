/**
 * The analytics engine runner of the report, the summary and the suggestions' communities:
 * `local` (the injected local runner: worker threads in the service, api/analytics-engine.ts;
 * in the CLI too, compute/worker-runner.ts), `gds` (Neo4j Graph Data Science, gds.ts, with
 * what GDS lacks computed by the local runner) or `auto` (the policy of
 * analysis/engine-policy.ts). When GDS fails during a run, the local runner answers and the
 * provenance says why: a request never fails because GDS did. docs/neo4j.md.
 */
import type Graph from 'graphology';
import type { Driver } from 'neo4j-driver';
import {
  chooseEngine,
  engineProvenance,
  gdsSummaryPaths,
  type EngineChoice,
} from '../../analysis/engine-policy.ts';
import { PartnerAtlasError } from '../../analysis/errors.ts';
import type { NetworkStructure } from '../../analysis/partnering/structure.ts';
import type { ComputedColumns } from '../../analysis/report/complete-analysis.ts';
import type {
  AnalysisOptions,
  EngineProvenance,
  NetworkAnalysis,
} from '../../analysis/report/network-analysis.ts';
import { toSourceError } from './connection.ts';
import { computeGdsMetrics, gdsVersion, GDS_COLUMNS, type GdsColumn, type GdsMetrics } from './gds.ts';

/** The Neo4j server GDS runs on: the source's driver (one per process). */
export interface GdsTarget {
  driver: Driver;
  uri: string;
  database?: string | undefined;
  version: string;
}

export interface AnalyticsEngine {
  choice: EngineChoice;
  gds?: GdsTarget;
  /** Why GDS cannot be used (auto without Neo4j, or a server without the plugin). */
  gdsMissing?: string;
  /** The last time GDS failed during a run and the local engine answered (for /api/health). */
  lastFallback?: { message: string; at: string };
}

/**
 * How the local engine computes: the whole analysis (or, with `computed`, the GDS engine's
 * columns by position in `graph.nodes()`, only what GDS lacks and the summary), and the
 * communities and constraint (with `communityAt`, only modularity and constraint).
 */
export interface LocalRunner {
  analysis(
    graph: Graph,
    options: Omit<AnalysisOptions, 'paths'>,
    computed?: { columns: ComputedColumns; betweenness: 'exact' | number },
  ): Promise<NetworkAnalysis>;
  structure(graph: Graph, communityAt?: Int32Array): Promise<NetworkStructure>;
}

export const localEngine = (): AnalyticsEngine => ({ choice: 'local' });

/**
 * The engine for `choice`, checking GDS once. `gds` without Neo4j, or on a server without the
 * plugin, is a PartnerAtlasError saying how to fix it (the service does not start); `auto`
 * then falls back to local and keeps the reason.
 */
export async function openEngine(
  choice: EngineChoice,
  neo4j?: { driver: Driver; uri: string; database?: string | undefined },
): Promise<AnalyticsEngine> {
  if (choice === 'local') return { choice };
  if (!neo4j) {
    const missing = 'the network is read from files, not from Neo4j (NEO4J_URI is not set)';
    if (choice === 'auto') return { choice, gdsMissing: missing };
    throw new PartnerAtlasError(
      `The GDS engine needs the Neo4j source, but ${missing}. Set NEO4J_URI to a Neo4j 5 server with Graph Data Science (npm run neo4j:start runs one), or use the local engine (ANALYTICS_ENGINE=local, --engine local).`,
    );
  }
  let version: string | undefined;
  try {
    version = await gdsVersion(neo4j.driver, neo4j.database);
  } catch (error) {
    const cause = toSourceError(
      error,
      { uri: neo4j.uri, database: neo4j.database },
      'check Graph Data Science',
    );
    if (choice === 'auto') return { choice, gdsMissing: (cause as Error).message };
    throw cause;
  }
  if (version === undefined) {
    const missing = `Neo4j at ${neo4j.uri} has no Graph Data Science plugin (gds.version() is unknown)`;
    if (choice === 'auto') return { choice, gdsMissing: missing };
    throw new PartnerAtlasError(
      `The GDS engine was asked for, but ${missing}. Install GDS 2.x as a server plugin (the local server of npm run neo4j:start has it; on Aura use AuraDS), or use the local engine (ANALYTICS_ENGINE=local, --engine local).`,
    );
  }
  return { choice, gds: { ...neo4j, version } };
}

export interface EngineRunOptions extends Pick<AnalysisOptions, 'seed' | 'betweennessSamples'> {
  /** Communities already found (the snapshot's structure), by position in `graph.nodes()`. */
  communities?: NonNullable<AnalysisOptions['communities']> & { by?: 'local' | 'gds' };
  /** Part of the GDS projection's name (the snapshot id). */
  snapshot?: string;
  /** Told when GDS failed and the local engine answered instead. */
  onFallback?: (error: unknown) => void;
}

const GDS_METRICS: ReadonlySet<string> = new Set<string>(GDS_COLUMNS);

function provenance(
  engine: AnalyticsEngine,
  used: 'local' | 'gds',
  reason: string,
  communitiesBy: 'local' | 'gds',
  extra: Partial<EngineProvenance> = {},
  localToo: readonly string[] = [],
): EngineProvenance {
  return engineProvenance(engine.choice, used, reason, communitiesBy, {
    gdsColumns: GDS_METRICS,
    gdsVersion: engine.gds?.version,
    extra,
    localToo,
  });
}

function fellBack(engine: AnalyticsEngine, error: unknown, onFallback?: (error: unknown) => void): string {
  const message = `GDS failed, the local engine answered instead: ${(error as Error).message}`;
  engine.lastFallback = { message, at: new Date().toISOString() };
  onFallback?.(error);
  return message;
}

/** GDS's per-id maps as arrays by position in `graph.nodes()`; a missing business is an error. */
function byPosition(
  graph: Graph,
  metrics: GdsMetrics,
  columns: readonly GdsColumn[],
): Partial<ComputedColumns> {
  const ids = graph.nodes();
  if (metrics.nodeCount !== ids.length)
    throw new Error(
      `Neo4j holds ${metrics.nodeCount} businesses and the snapshot ${ids.length}: the database changed since the last load (POST /api/reload).`,
    );
  const out: Partial<Record<GdsColumn, Float64Array | Int32Array>> = {};
  for (const column of columns) {
    const values = metrics.columns[column];
    const array = column === 'community' ? new Int32Array(ids.length) : new Float64Array(ids.length);
    ids.forEach((id, i) => {
      const v = values.get(id);
      if (v === undefined)
        throw new Error(
          `GDS returned no ${column} for business "${id}": the database changed since the last load (POST /api/reload).`,
        );
      array[i] = v;
    });
    out[column] = array;
  }
  return out as Partial<ComputedColumns>;
}

/**
 * The report and summary with the engine `engine` chooses for this graph. GDS computes the
 * GDS_COLUMNS (betweenness sampled with the same `betweennessSamples` and seed when given);
 * constraint, effective size, 2-step reach, modularity and the summary are `local`'s.
 */
export async function runEngineAnalysis(
  local: LocalRunner,
  graph: Graph,
  engine: AnalyticsEngine,
  options: EngineRunOptions = {},
): Promise<NetworkAnalysis> {
  const { used, reason } = chooseEngine(engine, graph);
  const { communities, onFallback, snapshot, ...rest } = options;
  const localAnalysis = async (extra: Partial<EngineProvenance>, why = reason) => {
    const analysis = await local.analysis(graph, {
      ...rest,
      ...(communities && {
        communities: {
          communityAt: communities.communityAt,
          modularity: communities.modularity,
          count: communities.count,
        },
      }),
    });
    analysis.parameters.engine = provenance(engine, 'local', why, communities?.by ?? 'local', extra);
    return analysis;
  };
  if (used === 'local' || !engine.gds) return localAnalysis({});
  const gds = engine.gds;
  const samples = rest.betweennessSamples;
  const sampled = samples !== undefined && samples < graph.order;
  // Sampled runs leave closeness to the local sampled pass: GDS's is exact for everyone, O(nm).
  const wanted = GDS_COLUMNS.filter(
    (c) => !(c === 'community' && communities) && !(c === 'closeness' && sampled),
  );
  let columns: ComputedColumns;
  try {
    const metrics = await computeGdsMetrics(gds.driver, {
      uri: gds.uri,
      database: gds.database,
      ...(snapshot !== undefined && { snapshot }),
      ...(rest.seed !== undefined && { seed: rest.seed }),
      ...(rest.betweennessSamples !== undefined && { betweennessSamples: rest.betweennessSamples }),
      columns: wanted,
    });
    columns = { ...byPosition(graph, metrics, wanted) } as ComputedColumns;
    if (communities) columns.community = communities.communityAt;
  } catch (error) {
    const fallback = fellBack(engine, error, onFallback);
    return localAnalysis({ fallback }, `${reason}; ${fallback}`);
  }
  const analysis = await local.analysis(graph, rest.seed !== undefined ? { seed: rest.seed } : {}, {
    columns,
    betweenness: sampled ? (samples as number) : 'exact',
  });
  analysis.parameters.engine = provenance(
    engine,
    'gds',
    reason,
    communities?.by ?? 'gds',
    { summaryPaths: gdsSummaryPaths(graph.order) },
    sampled ? ['closeness'] : [],
  );
  return analysis;
}

/**
 * The communities and constraint partnering needs, with the engine's communities: GDS's
 * seeded Leiden (modularity and constraint computed by `local`) or `local`'s Louvain.
 */
export async function runEngineStructure(
  local: LocalRunner,
  graph: Graph,
  engine: AnalyticsEngine,
  options: Pick<EngineRunOptions, 'seed' | 'snapshot' | 'onFallback'> = {},
): Promise<NetworkStructure> {
  const { used } = chooseEngine(engine, graph);
  if (used === 'local' || !engine.gds) return local.structure(graph);
  let communityAt: Int32Array;
  try {
    const metrics = await computeGdsMetrics(engine.gds.driver, {
      uri: engine.gds.uri,
      database: engine.gds.database,
      ...(options.snapshot !== undefined && { snapshot: options.snapshot }),
      ...(options.seed !== undefined && { seed: options.seed }),
      columns: ['community'],
    });
    communityAt = byPosition(graph, metrics, ['community']).community as Int32Array;
  } catch (error) {
    fellBack(engine, error, options.onFallback);
    return local.structure(graph);
  }
  return local.structure(graph, communityAt);
}
