/**
 * The GDS engine: the network projected into Neo4j Graph Data Science (the plugin of the local
 * launcher, AuraDS, or any server with GDS 2.x), the centralities run there and streamed back
 * per business, converted to the local engine's conventions (networkx's, docs/metrics.md):
 *   - betweenness: GDS gives the unnormalised value (each unordered pair once, as networkx's
 *     `normalized=False`); we multiply by 2 / ((n − 1)(n − 2)), networkx's `normalized=True`.
 *     Sampled (`samplingSize`), GDS sums over its k sources unscaled: we multiply by n / k too.
 *     Its sources are drawn with probability proportional to degree (RandomDegreeSelection-
 *     Strategy), not uniformly as the local engine and networkx draw them: hubs are
 *     over-represented, so the estimate is biased (docs/neo4j.md, "Agreement").
 *   - pagerank: GDS's scores sum to about n; we divide by their sum (networkx sums to 1).
 *   - closeness: GDS's Wasserman–Faust variant, as networkx's `wf_improved=True`.
 *   - communities: Leiden with a seed (GDS's Louvain takes none); ids are renumbered 0..k−1 by
 *     size, largest first, as the local engine numbers its Louvain communities.
 * Burt constraint, effective size and 2-step reach have no GDS procedure: the caller computes
 * them locally. The projection is named per call (snapshot label + random suffix, so two
 * reloads never collide) and dropped after use, also when a procedure fails.
 * Only Cypher procedure calls over Bolt: no GDS class is linked (GPLv3, docs/neo4j.md).
 */
import { randomUUID } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { SourceUnavailableError } from '../../analysis/errors.ts';
import { describeNeo4jSource, sessionConfig, toSourceError } from './connection.ts';
import { GDS_DROP, GDS_PROJECT, GDS_STREAMS, GDS_VERSION } from './queries.ts';

/** The columns GDS computes; the rest of the report stays local. */
export const GDS_COLUMNS = [
  'community',
  'degree',
  'weighted_degree',
  'betweenness',
  'closeness',
  'eigenvector',
  'pagerank',
  'clustering',
  'core',
] as const;
export type GdsColumn = (typeof GDS_COLUMNS)[number];

export interface GdsOptions {
  database?: string | undefined;
  uri?: string | undefined;
  user?: string | undefined;
  /** Part of the projection's name, e.g. the snapshot's data hash (default `network`). */
  snapshot?: string;
  /** Seed of Leiden and of the betweenness sample (default 42). */
  seed?: number;
  /** Sampled betweenness: this many source nodes (default exact). */
  betweennessSamples?: number;
  /** Only these columns (default all of GDS_COLUMNS); the others come back empty. */
  columns?: readonly GdsColumn[];
}

export interface GdsMetrics {
  /** GDS's version string, e.g. `2.13.9`. */
  version: string;
  nodeCount: number;
  relationshipCount: number;
  /** The projection's name (already dropped). */
  graphName: string;
  /** Per column, business id → value in the local engine's conventions. */
  columns: Record<GdsColumn, Map<string, number>>;
  /** Milliseconds per step (projection, each stream). */
  timings: Record<string, number>;
}

/** The GDS version the server has, or undefined when it has no GDS plugin. */
export async function gdsVersion(driver: Driver, database?: string): Promise<string | undefined> {
  const session = driver.session(sessionConfig('read', database));
  try {
    const result = await session.run(GDS_VERSION);
    return String(result.records[0]?.get('version'));
  } catch (error) {
    if (/Unknown function 'gds\.version'/i.test(String((error as Error).message))) return undefined;
    throw error;
  } finally {
    await session.close();
  }
}

const projectionName = (snapshot: string) =>
  `partner-atlas-${snapshot.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40)}-${randomUUID().slice(0, 8)}`;

/**
 * Project, run every GDS column, drop the projection.
 * @throws SourceUnavailableError when the server cannot be reached or has no GDS
 */
export async function computeGdsMetrics(driver: Driver, options: GdsOptions = {}): Promise<GdsMetrics> {
  const target = { uri: options.uri, user: options.user, database: options.database };
  const graphName = projectionName(options.snapshot ?? 'network');
  const seed = options.seed ?? 42;
  const session = driver.session(sessionConfig('read', options.database));
  const timings: Record<string, number> = {};
  let projected = false;
  try {
    const version = await gdsVersion(driver, options.database);
    if (version === undefined) {
      throw new SourceUnavailableError(
        `Neo4j at ${options.uri ?? 'NEO4J_URI'} has no Graph Data Science plugin (gds.version() is unknown). Use the local engine, or install GDS 2.x (the local server of npm run neo4j:start has it).`,
        describeNeo4jSource({ uri: options.uri ?? 'unknown', database: options.database }),
      );
    }
    let t = performance.now();
    const head = (await session.run(GDS_PROJECT, { graphName })).records[0];
    projected = true;
    const nodeCount = Number(head?.get('nodeCount') ?? 0);
    const relationshipCount = Number(head?.get('relationshipCount') ?? 0);
    timings.project = performance.now() - t;
    const betweennessConfig =
      options.betweennessSamples !== undefined && options.betweennessSamples < nodeCount
        ? { samplingSize: neo4j.int(Math.floor(options.betweennessSamples)), samplingSeed: neo4j.int(seed) }
        : {};
    const columns = {} as Record<GdsColumn, Map<string, number>>;
    for (const column of GDS_COLUMNS) columns[column] = new Map();
    for (const column of options.columns ?? GDS_COLUMNS) {
      t = performance.now();
      const config = column === 'betweenness' ? betweennessConfig : { seed: neo4j.int(seed) };
      const result = await session.run(GDS_STREAMS[column], { graphName, config });
      const values = new Map<string, number>();
      for (const record of result.records) values.set(String(record.get('id')), Number(record.get('value')));
      columns[column] = values;
      timings[column] = performance.now() - t;
    }
    const sampled =
      'samplingSize' in betweennessConfig ? Math.floor(options.betweennessSamples as number) : 0;
    convert(columns, nodeCount, sampled);
    return { version, nodeCount, relationshipCount, graphName, columns, timings };
  } catch (error) {
    throw toSourceError(error, target, 'run Graph Data Science');
  } finally {
    if (projected) await session.run(GDS_DROP, { graphName }).catch(() => undefined);
    await session.close();
  }
}

/** GDS's values into networkx's conventions (see the header). */
function convert(columns: Record<GdsColumn, Map<string, number>>, n: number, sampled: number): void {
  const scale = (values: Map<string, number>, factor: number) => {
    for (const [id, v] of values) values.set(id, v * factor);
  };
  // A sampled run sums the dependencies of `sampled` sources only and does not scale them up:
  // × n / k, as networkx's estimate with k sources.
  scale(columns.betweenness, (n > 2 ? 2 / ((n - 1) * (n - 2)) : 0) * (sampled > 0 ? n / sampled : 1));
  let sum = 0;
  for (const v of columns.pagerank.values()) sum += v;
  scale(columns.pagerank, sum > 0 ? 1 / sum : 0);
  const sizes = new Map<number, number>();
  for (const c of columns.community.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  // Largest first; equal sizes by GDS's id, so the numbering is reproducible.
  const order = [...sizes.keys()].sort(
    (a, b) => (sizes.get(b) as number) - (sizes.get(a) as number) || a - b,
  );
  const renumber = new Map(order.map((c, i) => [c, i]));
  for (const [id, c] of columns.community) columns.community.set(id, renumber.get(c) as number);
}
