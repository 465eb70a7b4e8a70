/**
 * The analytics engine of the report, the summary and the suggestions' communities: `local`
 * (analysis/, in worker threads), `gds` (Neo4j Graph Data Science, data/neo4j/gds.ts, with
 * what GDS lacks computed locally) or `auto` (GDS from GDS_AUTO_COLLABORATIONS collaborations
 * on, when the source is Neo4j with GDS). Chosen by ANALYTICS_ENGINE (service) or --engine
 * (CLI). When GDS fails during a run, the local engine answers and the provenance says why:
 * a request never fails because GDS did. docs/neo4j.md.
 */
import type Graph from 'graphology';
import type { Driver } from 'neo4j-driver';
import { PartnerAtlasError } from '../analysis/errors.ts';
import type { NetworkStructure } from '../analysis/partnering/structure.ts';
import { METRIC_COLUMNS } from '../analysis/report/centrality-report.ts';
import type { ComputedColumns } from '../analysis/report/complete-analysis.ts';
import { summarySamples } from '../analysis/report/complete-analysis.ts';
import type {
  AnalysisOptions,
  EngineProvenance,
  NetworkAnalysis,
} from '../analysis/report/network-analysis.ts';
import { toSourceError } from '../data/neo4j/connection.ts';
import {
  computeGdsMetrics,
  gdsVersion,
  GDS_COLUMNS,
  type GdsColumn,
  type GdsMetrics,
} from '../data/neo4j/gds.ts';
import { runAnalysis } from './compute/run-analysis.ts';
import { runStructure } from './compute/run-structure.ts';

export const ENGINE_CHOICES = ['local', 'gds', 'auto'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/**
 * `auto` uses GDS from this many collaborations (pairs) on. Chosen from memory, not time
 * (`npm run bench -- --only engines`, docs/benchmarks.md): with Neo4j on the service's 2-core
 * machine GDS was slower at every size measured (2.9–10x the local report), so time never
 * justifies it there. The local engine's peak resident memory was 4.4 KB per tie on the
 * 300k / 841k network (3.7 GB), which puts the whole local report at the service process's default V8
 * heap budget (4.3 GB) at about a million ties: from there GDS, on a database machine with its
 * own memory, is the way to keep the report within budget. Below it auto stays local.
 */
export const GDS_AUTO_COLLABORATIONS = 1_000_000;

/** Why GDS_AUTO_COLLABORATIONS is where it is, for /api/health and the report's provenance. */
export const GDS_AUTO_BASIS =
  "below it the local engine was faster at every measured size; from it its peak memory (4.4 KB per tie measured) would reach the service process's default 4.3 GB V8 heap limit (docs/benchmarks.md, engines)";

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

/** Which engine computes a network of this size, and why. */
export function chooseEngine(
  engine: AnalyticsEngine,
  graph: { size: number },
): { used: 'local' | 'gds'; reason: string } {
  if (engine.choice === 'local') return { used: 'local', reason: 'the local engine was asked for' };
  if (!engine.gds)
    return { used: 'local', reason: `auto, and GDS is not available: ${engine.gdsMissing ?? 'unknown'}` };
  if (engine.choice === 'gds') return { used: 'gds', reason: 'the GDS engine was asked for' };
  return graph.size >= GDS_AUTO_COLLABORATIONS
    ? {
        used: 'gds',
        reason: `auto: ${graph.size} collaborations ≥ ${GDS_AUTO_COLLABORATIONS}, so GDS (the threshold: ${GDS_AUTO_BASIS})`,
      }
    : {
        used: 'local',
        reason: `auto: ${graph.size} collaborations < ${GDS_AUTO_COLLABORATIONS}, so local (the threshold: ${GDS_AUTO_BASIS})`,
      };
}

export interface EngineRunOptions extends Pick<AnalysisOptions, 'seed' | 'betweennessSamples'> {
  /** Communities already found (the snapshot's structure), by position in `graph.nodes()`. */
  communities?: NonNullable<AnalysisOptions['communities']> & { by?: 'local' | 'gds' };
  /** Part of the GDS projection's name (the snapshot id). */
  snapshot?: string;
  /** Told when GDS failed and the local engine answered instead. */
  onFallback?: (error: unknown) => void;
}

const GDS_METRICS = new Set<string>(GDS_COLUMNS);

function provenance(
  engine: AnalyticsEngine,
  used: 'local' | 'gds',
  reason: string,
  communitiesBy: 'local' | 'gds',
  extra: Partial<EngineProvenance> = {},
  localToo: readonly string[] = [],
): EngineProvenance {
  const columns: Record<string, 'local' | 'gds'> = { community: communitiesBy };
  for (const column of METRIC_COLUMNS)
    columns[column] =
      used === 'gds' && GDS_METRICS.has(column) && !localToo.includes(column) ? 'gds' : 'local';
  return {
    requested: engine.choice,
    used,
    reason,
    columns,
    ...(used === 'gds' && engine.gds && { gdsVersion: engine.gds.version }),
    ...extra,
  };
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
 * constraint, effective size, 2-step reach, modularity and the summary are local.
 */
export async function analyseWithEngine(
  graph: Graph,
  engine: AnalyticsEngine,
  options: EngineRunOptions = {},
): Promise<NetworkAnalysis> {
  const { used, reason } = chooseEngine(engine, graph);
  const { communities, onFallback, snapshot, ...rest } = options;
  const local = async (extra: Partial<EngineProvenance>, why = reason) => {
    const analysis = await runAnalysis(graph, {
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
  if (used === 'local' || !engine.gds) return local({});
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
    return local({ fallback }, `${reason}; ${fallback}`);
  }
  const analysis = await runAnalysis(graph, rest.seed !== undefined ? { seed: rest.seed } : {}, {
    columns,
    betweenness: sampled ? (samples as number) : 'exact',
  });
  analysis.parameters.engine = provenance(
    engine,
    'gds',
    reason,
    communities?.by ?? 'gds',
    { summaryPaths: summarySamples(graph.order) ?? 'exact' },
    sampled ? ['closeness'] : [],
  );
  return analysis;
}

/**
 * The communities and constraint partnering needs, with the engine's communities: GDS's
 * seeded Leiden (modularity and constraint computed locally) or the local Louvain.
 */
export async function structureWithEngine(
  graph: Graph,
  engine: AnalyticsEngine,
  options: Pick<EngineRunOptions, 'seed' | 'snapshot' | 'onFallback'> = {},
): Promise<NetworkStructure> {
  const { used } = chooseEngine(engine, graph);
  if (used === 'local' || !engine.gds) return runStructure(graph);
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
    return runStructure(graph);
  }
  return runStructure(graph, communityAt);
}
