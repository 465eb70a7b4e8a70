/**
 * Neo4j benchmark: import throughput (rows/s) and load time of generated networks, against a
 * plain `MATCH … RETURN` of the same rows with the same driver (no conversion, no validation,
 * no ordering), with the Node process's memory during and after the load.
 *
 * Networks: 10k and 100k businesses by default (3.3 collaboration rows per business); a size
 * of 300k businesses or more is generated with 1,000,000 collaboration rows in all (issue 3's
 * goal: a million collaborations into the graph in under 15 s). From the harness:
 * `npm run bench -- --only neo4j --sizes 10k,100k,300k`.
 *
 * Neo4j → graph is timed twice: in this process after the import, and as `npm start` does it,
 * in a fresh process with the service's Node flags (bench/neo4j-start.ts).
 * Uses the server NEO4J_URI names (its database is CLEARED), else starts the local launcher
 * (neo4j/, `npm run neo4j:build` first) with the full JIT and stops it afterwards.
 * Run alone: `node --import tsx --expose-gc bench/neo4j.ts [--quick] [--sizes 10k,100k,300k]`;
 * results in bench/results/neo4j.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { buildGraph } from '../analysis/build-graph.ts';
import {
  createNeo4jDriver,
  type Neo4jConfig,
  neo4jConfigFrom,
  sessionConfig,
} from '../data/neo4j/connection.ts';
import { importNetwork } from '../data/neo4j/import.ts';
import { LOAD_DEFAULTS, loadNetworkFromNeo4j } from '../data/neo4j/load-network.ts';
import { FLAT_LOAD_QUERIES, LOAD_CAPABILITY_NODES, LOAD_NETWORK_PART } from '../data/neo4j/queries.ts';
import { generateNetwork } from '../data/sample/generate.ts';
import { localNeo4jAvailability, startLocalNeo4j } from '../test/helpers/neo4j-server.ts';
import { parseSizes } from './harness.ts';
import type { FreshStart } from './neo4j-start.ts';
import { SERVICE_NODE_FLAGS } from './node-flags.ts';

const run = promisify(execFile);

const ROOT = resolve(import.meta.dirname, '..');

/** The local server's settings: the store of the 1M network (about 600 MB) fits the page cache. */
export const BENCH_SERVER = { javaOpts: ['-Xmx2g', '-XX:+UseParallelGC'], pageCache: '1g' } as const;
/** From this many businesses on, a network has this many collaboration rows in all. */
const MILLION = { fromBusinesses: 300_000, collaborations: 1_000_000 } as const;

export interface Neo4jBenchOptions {
  /** Business counts of the generated networks (default [10_000, 100_000]); ≥ 300k: 1M collaborations. */
  sizes?: number[];
  /** Server to use (its database is cleared); default NEO4J_URI, else a local server started here. */
  config?: Neo4jConfig;
  /** Rows per write transaction (default the importer's). */
  batchSize?: number;
  /** Also time the previous loader's four flat, server-ordered queries (default true). */
  flatReference?: boolean;
  log?: (line: string) => void;
}

export interface Neo4jBenchResult {
  businesses: number;
  /** Rows written: businesses + capability nodes + capabilities held + needs + collaborations. */
  rows: number;
  collaborations: number;
  /** 1-minute load average of the machine when this network's runs began. */
  loadAverage: number;
  /** First import into an empty database. */
  importMs: number;
  importRowsPerSecond: number;
  /** The same import again (every MERGE matches). */
  reimportMs: number;
  /** `loadNetworkFromNeo4j`: partitioned streamed queries, conversion, validation, ordering. */
  loadMs: number;
  /** The loader's queries (same partitions, concurrently) with `driver.executeQuery`, records kept raw. */
  plainQueryMs: number;
  /** loadMs / plainQueryMs. */
  loadVsPlain: number;
  /** The previous loader's four flat queries, ordered on the server, one after another, raw. */
  flatQueryMs?: number;
  /** `buildGraph` on the loaded records. */
  buildGraphMs: number;
  /** Neo4j → graph: loadMs + buildGraphMs, in this process after the import. */
  toGraphMs: number;
  /**
   * Neo4j → graph as `npm start` does it: a fresh process with the service's Node flags
   * (bench/neo4j-start.ts), the stricter reading of issue 3's goal (under 15 s for 1M).
   */
  atStart?: FreshStart & { serverCpuMs?: number };
  /** CPU time of this process during the load (conversion, validation, driver), ms. */
  loadClientCpuMs: number;
  /** CPU time of the local server during the load, ms (absent with NEO4J_URI). */
  loadServerCpuMs?: number;
  /** Highest RSS sampled during the load and buildGraph, MB. */
  peakRssMb: number;
  /** Node heap and RSS after the load (records held, garbage collected), MB. */
  heapAfterLoadMb: number;
  rssAfterLoadMb: number;
  /** Node heap with the graph built (records and graph held), MB. */
  heapWithGraphMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const load1 = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;

/** CPU time (user + system) of a local process so far, ms; undefined when unknown. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // /proc/PID/stat: utime and stime are fields 14 and 15, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

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

/** The loader's statements, read raw: the capability nodes, then every partition concurrently. */
async function plainRead(driver: Driver, database: string | undefined): Promise<number> {
  const on = database !== undefined ? { database } : {};
  const partitions = LOAD_DEFAULTS.partitions;
  const capabilities = await driver.executeQuery(LOAD_CAPABILITY_NODES, {}, on);
  const parts = await Promise.all(
    Array.from({ length: partitions }, (_, partition) =>
      driver.executeQuery(
        LOAD_NETWORK_PART,
        { partition: neo4j.int(partition), partitions: neo4j.int(partitions) },
        on,
      ),
    ),
  );
  return capabilities.records.length + parts.reduce((sum, r) => sum + r.records.length, 0);
}

/** The previous loader's queries, one after another, raw. */
async function flatRead(driver: Driver, database: string | undefined): Promise<number> {
  let rows = 0;
  for (const query of FLAT_LOAD_QUERIES) {
    const result = await driver.executeQuery(query, {}, database !== undefined ? { database } : {});
    rows += result.records.length;
  }
  return rows;
}

/** Highest RSS seen while `work` runs (sampled every 25 ms, and at the end). */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

/** Load and build in a fresh process with the service's flags, as `npm start` does (bench/neo4j-start.ts). */
async function startInFreshProcess(config: Neo4jConfig): Promise<FreshStart> {
  const { stdout } = await run(
    process.execPath,
    [...SERVICE_NODE_FLAGS, '--import', 'tsx', join(ROOT, 'bench/neo4j-start.ts')],
    {
      cwd: ROOT,
      maxBuffer: 1 << 20,
      env: {
        ...process.env,
        NEO4J_URI: config.uri,
        NEO4J_USER: config.user,
        NEO4J_PASSWORD: config.password,
        NEO4J_DATABASE: config.database ?? '',
      },
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as FreshStart;
}

/** The network generated for a size (see the module comment). */
export function benchNetworkFor(businesses: number) {
  return generateNetwork({
    businesses,
    ...(businesses >= MILLION.fromBusinesses && {
      rowsPerBusiness: MILLION.collaborations / businesses,
    }),
  });
}

/**
 * Import, re-import and load generated networks of each size; returns plain results.
 * @param options sizes (default 10k and 100k businesses), config, batchSize, flatReference
 *   (default true), log (default console.log)
 */
export async function benchNeo4j(options: Neo4jBenchOptions = {}): Promise<Neo4jBenchResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  let config = options.config ?? neo4jConfigFrom();
  let stopLocal: (() => Promise<void>) | undefined;
  let serverPid: () => number | undefined = () => undefined;
  if (!config) {
    const availability = localNeo4jAvailability();
    if (!availability.ok) throw new Error(`Cannot benchmark Neo4j: ${availability.reason}`);
    const local = await startLocalNeo4j({
      javaOpts: [...BENCH_SERVER.javaOpts],
      pageCache: BENCH_SERVER.pageCache,
    });
    config = local.config;
    stopLocal = () => local.stop();
    serverPid = () => local.pid();
  }
  const database = config.database;
  const driver = createNeo4jDriver(config);
  const results: Neo4jBenchResult[] = [];
  try {
    // A freshly started server compiles its hot paths during the first import (the 10k
    // import took 30-46 s cold, 5-10 s warm): warm it with a small network first.
    await clear(driver, database);
    await importNetwork(driver, generateNetwork({ businesses: 2_000, seed: 7 }), { database });
    await loadNetworkFromNeo4j(driver, { database });
    for (const size of options.sizes ?? [10_000, 100_000]) {
      const loadAverage = load1();
      let records: ReturnType<typeof generateNetwork> | undefined = benchNetworkFor(size);
      const collaborations = records.collaborations.length;
      await clear(driver, database);
      const batch = options.batchSize !== undefined ? { batchSize: options.batchSize } : {};
      let t = performance.now();
      const summary = await importNetwork(driver, records, { database, ...batch });
      const importMs = performance.now() - t;
      t = performance.now();
      await importNetwork(driver, records, { database, ...batch });
      const reimportMs = performance.now() - t;
      const rows = Object.values(summary.written).reduce((a, b) => a + b, 0);
      records = undefined;

      // Warm the page cache and the query plans once, as a long-running service would be.
      await plainRead(driver, database);
      collect();
      t = performance.now();
      const plainRecords = await plainRead(driver, database);
      const plainQueryMs = performance.now() - t;
      let flatQueryMs: number | undefined;
      if (options.flatReference !== false) {
        collect();
        t = performance.now();
        await flatRead(driver, database);
        flatQueryMs = performance.now() - t;
      }

      collect();
      const measured = await withPeakRss(async () => {
        const serverCpu = processCpuMs(serverPid());
        const clientCpu = process.cpuUsage();
        const start = performance.now();
        const loaded = await loadNetworkFromNeo4j(driver, { database });
        const loadMs = performance.now() - start;
        const cpu = process.cpuUsage(clientCpu);
        const serverAfter = processCpuMs(serverPid());
        const loadClientCpuMs = (cpu.user + cpu.system) / 1000;
        const loadServerCpuMs =
          serverCpu !== undefined && serverAfter !== undefined ? serverAfter - serverCpu : undefined;
        collect();
        const afterLoad = process.memoryUsage();
        const built = performance.now();
        const graph = buildGraph(loaded);
        const buildGraphMs = performance.now() - built;
        collect();
        return {
          loadMs,
          loadClientCpuMs,
          loadServerCpuMs,
          buildGraphMs,
          afterLoad,
          order: graph.order,
          heapWithGraph: process.memoryUsage().heapUsed,
        };
      });
      const { loadMs, buildGraphMs, afterLoad, loadClientCpuMs, loadServerCpuMs } = measured.value;
      const serverBefore = processCpuMs(serverPid());
      const started = await startInFreshProcess(config);
      const serverAfterStart = processCpuMs(serverPid());
      const atStart = {
        ...started,
        ...(serverBefore !== undefined &&
          serverAfterStart !== undefined && { serverCpuMs: serverAfterStart - serverBefore }),
      };

      const result: Neo4jBenchResult = {
        businesses: measured.value.order,
        rows,
        collaborations,
        loadAverage,
        importMs: Math.round(importMs),
        importRowsPerSecond: Math.round(rows / (importMs / 1000)),
        reimportMs: Math.round(reimportMs),
        loadMs: Math.round(loadMs),
        plainQueryMs: Math.round(plainQueryMs),
        loadVsPlain: Math.round((loadMs / plainQueryMs) * 100) / 100,
        ...(flatQueryMs !== undefined && { flatQueryMs: Math.round(flatQueryMs) }),
        loadClientCpuMs: Math.round(loadClientCpuMs),
        ...(loadServerCpuMs !== undefined && { loadServerCpuMs: Math.round(loadServerCpuMs) }),
        buildGraphMs: Math.round(buildGraphMs),
        toGraphMs: Math.round(loadMs + buildGraphMs),
        atStart,
        peakRssMb: mb(measured.peakRss),
        heapAfterLoadMb: mb(afterLoad.heapUsed),
        rssAfterLoadMb: mb(afterLoad.rss),
        heapWithGraphMb: mb(measured.value.heapWithGraph),
      };
      log(
        `${String(size).padStart(7)} businesses, ${collaborations} collaborations, ${rows} rows (load average ${loadAverage}) | ` +
          `import ${result.importMs} ms (${result.importRowsPerSecond} rows/s), again ${result.reimportMs} ms | ` +
          `load ${result.loadMs} ms (cpu: client ${result.loadClientCpuMs} ms, server ${result.loadServerCpuMs ?? '?'} ms) vs plain read ${result.plainQueryMs} ms (${plainRecords} records; x${result.loadVsPlain})` +
          `${flatQueryMs !== undefined ? `, flat ordered read ${result.flatQueryMs} ms` : ''} | ` +
          `buildGraph ${result.buildGraphMs} ms, Neo4j → graph ${result.toGraphMs} ms | ` +
          `as npm start (fresh process): load ${atStart.loadMs} ms + buildGraph ${atStart.buildGraphMs} ms = ${atStart.toGraphMs} ms ` +
          `(cpu: client ${atStart.clientCpuMs} ms, server ${atStart.serverCpuMs ?? '?'} ms; peak rss ${atStart.peakRssMb} MB) | ` +
          `peak rss ${result.peakRssMb} MB, heap ${result.heapAfterLoadMb} MB after load, ${result.heapWithGraphMb} MB with the graph`,
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
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, sizes: { type: 'string' } },
  });
  const sizes = values.quick ? [10_000] : parseSizes(values.sizes ?? '10k,100k');
  const started = new Date().toISOString();
  const results = await benchNeo4j({ sizes });
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/results/neo4j.json'),
    `${JSON.stringify(
      {
        date: started,
        command: `node --import tsx --expose-gc bench/neo4j.ts${values.sizes ? ` --sizes ${values.sizes}` : ''}`,
        neo4j: `5.26.30 Community (local launcher, ${BENCH_SERVER.javaOpts.join(' ')}, page cache ${BENCH_SERVER.pageCache})`,
        results,
      },
      null,
      2,
    )}\n`,
  );
}
