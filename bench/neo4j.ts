/**
 * Neo4j benchmark: import throughput (rows/s) and load time of generated networks, against a
 * plain `MATCH … RETURN` of the same rows with the same driver (no conversion, no validation),
 * with the Node process's memory after the load.
 *
 * Uses the server NEO4J_URI names (its database is CLEARED), else starts the local launcher
 * (neo4j/, `npm run neo4j:build` first) with the full JIT and stops it afterwards.
 * Run alone: `node --import tsx --expose-gc bench/neo4j.ts [--quick]`; results in bench/results/neo4j.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { buildGraph } from '../analysis/build-graph.ts';
import {
  createNeo4jDriver,
  type Neo4jConfig,
  neo4jConfigFrom,
  sessionConfig,
} from '../data/neo4j/connection.ts';
import { importNetwork } from '../data/neo4j/import.ts';
import { loadNetworkFromNeo4j } from '../data/neo4j/load-network.ts';
import {
  LOAD_BUSINESSES,
  LOAD_CAPABILITIES,
  LOAD_COLLABORATIONS,
  LOAD_NEEDS,
} from '../data/neo4j/queries.ts';
import { generateNetwork } from '../data/sample/generate.ts';
import { localNeo4jAvailability, startLocalNeo4j } from '../test/helpers/neo4j-server.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface Neo4jBenchOptions {
  /** Business counts of the generated networks (default [10_000, 100_000]). */
  sizes?: number[];
  /** Server to use (its database is cleared); default NEO4J_URI, else a local server started here. */
  config?: Neo4jConfig;
  /** Rows per write transaction (default the importer's, 2000). */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface Neo4jBenchResult {
  businesses: number;
  /** Rows written: businesses + capability nodes + capabilities held + needs + collaborations. */
  rows: number;
  collaborations: number;
  /** First import into an empty database. */
  importMs: number;
  importRowsPerSecond: number;
  /** The same import again (every MERGE matches). */
  reimportMs: number;
  /** `loadNetworkFromNeo4j`: 4 concurrent streamed queries, conversion and validation. */
  loadMs: number;
  /** The same 4 queries with `driver.executeQuery`, sequential, records kept raw. */
  plainQueryMs: number;
  /** `buildGraph` on the loaded records. */
  buildGraphMs: number;
  /** Node heap and RSS after the load (records held), MB. */
  heapAfterLoadMb: number;
  rssAfterLoadMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function clear(driver: Driver, database: string | undefined): Promise<void> {
  const session = driver.session(sessionConfig('write', database));
  try {
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

/**
 * Import, re-import and load generated networks of each size; returns plain results.
 * @param options sizes (default 10k and 100k businesses), config, batchSize, log (default console.log)
 */
export async function benchNeo4j(options: Neo4jBenchOptions = {}): Promise<Neo4jBenchResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  let config = options.config ?? neo4jConfigFrom();
  let stopLocal: (() => Promise<void>) | undefined;
  if (!config) {
    const availability = localNeo4jAvailability();
    if (!availability.ok) throw new Error(`Cannot benchmark Neo4j: ${availability.reason}`);
    const local = await startLocalNeo4j({ javaOpts: ['-Xmx1g', '-XX:+UseSerialGC'], pageCache: '512m' });
    config = local.config;
    stopLocal = () => local.stop();
  }
  const database = config.database;
  const driver = createNeo4jDriver(config);
  const results: Neo4jBenchResult[] = [];
  try {
    for (const size of options.sizes ?? [10_000, 100_000]) {
      const records = generateNetwork({ businesses: size });
      await clear(driver, database);
      const batch = options.batchSize !== undefined ? { batchSize: options.batchSize } : {};
      let t = performance.now();
      const summary = await importNetwork(driver, records, { database, ...batch });
      const importMs = performance.now() - t;
      t = performance.now();
      await importNetwork(driver, records, { database, ...batch });
      const reimportMs = performance.now() - t;
      const rows = Object.values(summary.written).reduce((a, b) => a + b, 0);

      t = performance.now();
      let plainRows = 0;
      for (const query of [LOAD_BUSINESSES, LOAD_CAPABILITIES, LOAD_NEEDS, LOAD_COLLABORATIONS]) {
        const result = await driver.executeQuery(query, {}, database !== undefined ? { database } : {});
        plainRows += result.records.length;
      }
      const plainQueryMs = performance.now() - t;

      collect();
      t = performance.now();
      const loaded = await loadNetworkFromNeo4j(driver, { database });
      const loadMs = performance.now() - t;
      collect();
      const memory = process.memoryUsage();
      t = performance.now();
      const graph = buildGraph(loaded);
      const buildGraphMs = performance.now() - t;

      const result: Neo4jBenchResult = {
        businesses: graph.order,
        rows,
        collaborations: records.collaborations.length,
        importMs: Math.round(importMs),
        importRowsPerSecond: Math.round(rows / (importMs / 1000)),
        reimportMs: Math.round(reimportMs),
        loadMs: Math.round(loadMs),
        plainQueryMs: Math.round(plainQueryMs),
        buildGraphMs: Math.round(buildGraphMs),
        heapAfterLoadMb: mb(memory.heapUsed),
        rssAfterLoadMb: mb(memory.rss),
      };
      log(
        `${String(size).padStart(7)} businesses, ${rows} rows (${plainRows} read back) | import ${result.importMs} ms (${result.importRowsPerSecond} rows/s), again ${result.reimportMs} ms | ` +
          `load ${result.loadMs} ms vs plain MATCH…RETURN ${result.plainQueryMs} ms | buildGraph ${result.buildGraphMs} ms | heap ${result.heapAfterLoadMb} MB, rss ${result.rssAfterLoadMb} MB`,
      );
      results.push(result);
    }
  } finally {
    await driver.close();
    await stopLocal?.();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const results = await benchNeo4j(quick ? { sizes: [10_000] } : {});
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/results/neo4j.json'),
    `${JSON.stringify({ date: new Date().toISOString(), neo4j: '5.26.30 Community (local launcher, -Xmx1g, page cache 512m)', results }, null, 2)}\n`,
  );
}
