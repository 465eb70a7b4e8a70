/**
 * `npm run bench -- --only engines --sizes 10k,100k,300k`: the full centrality report (rows +
 * summary) with each engine, local and GDS (the real local Neo4j 5.26 + GDS 2.13, started
 * here), on the generated networks of --sizes and on the converted CORDIS semiconductor-EV
 * data, each in a fresh process (bench/engine-run.ts: time of the report after loading, peak
 * memory of the process and of the server), against igraph's betweenness alone in the same
 * run (bench/peers/betweenness.py). Past 30,000 businesses both engines sample betweenness
 * from 2,000 seeded sources, as the service does (api/derived.ts), and igraph searches from
 * 2,000 sources too (distances only: see bench/peers/betweenness.py), not extrapolated. Then GDS's own memory estimates
 * (gds.*.stream.estimate on fictitious graphs) per million ties, for docs/neo4j.md.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_LIMIT } from '../api/derived.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { writeBundle } from '../data/bundle/write-bundle.ts';
import { convertCordis } from '../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../data/cordis/read-cordis.ts';
import { createNeo4jDriver } from '../data/neo4j/connection.ts';
import { importNetwork } from '../data/neo4j/import.ts';
import { localGdsAvailability, startLocalNeo4j } from '../test/helpers/neo4j-server.ts';
import type { EngineRun } from './engine-run.ts';
import { loadDataset, type BenchDataset, type SectionOptions } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CORDIS_EV = resolve(ROOT, '../shared/data/cordis-semiconductor-ev');
const run = promisify(execFile);

/** Fictitious graphs GDS estimates its memory for: ~3.3 ties per node, as the generated ones. */
const ESTIMATE_SIZES = [
  { nodes: 300_000, ties: 1_000_000 },
  { nodes: 3_000_000, ties: 10_000_000 },
  { nodes: 30_000_000, ties: 100_000_000 },
];
const ESTIMATED = [
  'gds.degree',
  'gds.betweenness',
  'gds.closeness',
  'gds.eigenvector',
  'gds.pageRank',
  'gds.localClusteringCoefficient',
  'gds.kcore',
  'gds.leiden',
] as const;

async function engineRun(args: string[], env: NodeJS.ProcessEnv): Promise<EngineRun> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/engine-run.ts'), ...args],
    {
      cwd: ROOT,
      env,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as EngineRun;
}

async function igraphBetweenness(edgesFile: string, n: number, sources?: number) {
  const out = join(tmpdir(), `pa-bench-igraph-${process.pid}.json`);
  await run('/usr/bin/python3', [
    join(ROOT, 'bench/peers/betweenness.py'),
    edgesFile,
    String(n),
    out,
    ...(sources !== undefined ? ['--sources', String(sources)] : []),
  ]);
  const result = JSON.parse(readFileSync(out, 'utf8')) as { ms: number; sources: number; kind: string };
  rmSync(out, { force: true });
  return result;
}

function cordisDataset(): { dataset: BenchDataset; cleanup: () => void } | undefined {
  if (!existsSync(join(CORDIS_EV, 'organization.json'))) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pa-bench-cordis-'));
  return {
    dataset: { name: 'cordis-ev', dir, businesses: 0, collaborations: 0 },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function benchEngines(options: SectionOptions): Promise<unknown> {
  const gds = localGdsAvailability();
  if (!gds.ok) throw new Error(`the GDS engine cannot run here: ${gds.reason}`);
  const cordis = cordisDataset();
  if (cordis) {
    const records = convertCordis({
      participations: (await readCordisFile(join(CORDIS_EV, 'organization.json'))).rows,
      participationsFile: 'organization.json',
      projects: (await readCordisFile(join(CORDIS_EV, 'project.json'))).rows,
      projectsFile: 'project.json',
    }).records;
    writeBundle(cordis.dataset.dir, records);
  }
  const datasets = [
    ...(cordis ? [cordis.dataset] : []),
    ...options.datasets.filter((d) => d.name !== 'sample'),
  ];
  // The server as a production one would run: full JIT, 4 GB of heap for the projections.
  const server = await startLocalNeo4j({ javaOpts: ['-Xmx4g'], pageCache: '1g' });
  const driver = createNeo4jDriver(server.config);
  const env = {
    ...process.env,
    NEO4J_URI: server.config.uri,
    NEO4J_USER: server.config.user,
    NEO4J_PASSWORD: server.config.password,
  };
  const rows: Record<string, unknown>[] = [];
  try {
    for (const d of datasets) {
      const records = await readBundle(d.dir);
      const started = performance.now();
      await importNetwork(driver, records, { uri: server.config.uri, replace: true });
      const importMs = performance.now() - started;
      const loaded = await loadDataset(d);
      const n = loaded.graph.order;
      const samples = n > EXACT_BETWEENNESS_LIMIT ? BETWEENNESS_SAMPLES : undefined;
      const sampleArgs = samples !== undefined ? ['--samples', String(samples)] : [];
      options.log(
        `${d.name}: ${n} businesses, ${loaded.graph.size} ties (imported in ${(importMs / 1000).toFixed(1)} s)`,
      );
      const local = await engineRun(['--engine', 'local', '--data', d.dir, ...sampleArgs], env);
      options.log(`  local ${(local.reportMs / 1000).toFixed(1)} s, peak ${local.peakRssMb} MB`);
      const viaGds = await engineRun(
        ['--engine', 'gds', '--data', d.dir, '--java-pid', String(server.pid()), ...sampleArgs],
        env,
      );
      options.log(
        `  gds ${(viaGds.reportMs / 1000).toFixed(1)} s, peak ${viaGds.peakRssMb} MB + server ${viaGds.serverPeakRssMb} MB (heap ${viaGds.serverHeapBeforeMb} → ${viaGds.serverHeapPeakMb} MB)${viaGds.fallback ? ` (FELL BACK: ${viaGds.fallback})` : ''}`,
      );
      const igraph = await igraphBetweenness(loaded.edgesFile, n, samples);
      options.log(`  igraph ${igraph.kind} (${igraph.sources} sources) ${(igraph.ms / 1000).toFixed(1)} s`);
      rows.push({
        network: d.name,
        businesses: n,
        ties: loaded.graph.size,
        betweenness: samples !== undefined ? `sampled, ${samples} sources` : 'exact',
        localMs: local.reportMs,
        localPeakMb: local.peakRssMb,
        gdsMs: viaGds.reportMs,
        gdsUsed: viaGds.used,
        gdsPeakMb: viaGds.peakRssMb,
        serverPeakMb: viaGds.serverPeakRssMb,
        serverHeapBeforeMb: viaGds.serverHeapBeforeMb,
        serverHeapPeakMb: viaGds.serverHeapPeakMb,
        igraphMs: Math.round(igraph.ms),
        igraphWork:
          igraph.kind === 'betweenness'
            ? 'exact betweenness'
            : `BFS distances from ${igraph.sources} sources`,
        localOverIgraph: Math.round((local.reportMs / igraph.ms) * 100) / 100,
        gdsOverIgraph: Math.round((viaGds.reportMs / igraph.ms) * 100) / 100,
        loadMs: local.loadMs,
        importMs: Math.round(importMs),
      });
    }
    // GDS's memory estimates per fictitious graph size (the server's own figures).
    const session = driver.session();
    try {
      for (const size of ESTIMATE_SIZES) {
        const graph = {
          nodeProjection: 'Business',
          relationshipProjection: {
            COLLABORATED_WITH: { orientation: 'UNDIRECTED', properties: { weight: { defaultValue: 1.0 } } },
          },
          nodeCount: neo4j.int(size.nodes),
          relationshipCount: neo4j.int(size.ties),
        };
        const row: Record<string, unknown> = { estimate: `${size.nodes} nodes / ${size.ties} ties` };
        for (const procedure of ESTIMATED) {
          // Procedure names from the fixed list above; everything else is a parameter.
          try {
            const result = await session.run(
              `CALL ${procedure}.stream.estimate($graph, {}) YIELD bytesMin, bytesMax, requiredMemory RETURN toFloat(bytesMax) AS bytesMax, requiredMemory`,
              { graph },
            );
            row[procedure] = result.records[0]?.get('requiredMemory');
            row[`${procedure}.maxMb`] = Math.round(Number(result.records[0]?.get('bytesMax')) / 1e6);
          } catch (error) {
            row[procedure] = `not available: ${(error as Error).message.split('\n')[0]}`;
          }
        }
        options.log(`  estimate ${JSON.stringify(row)}`);
        rows.push(row);
      }
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
    await server.stop();
    cordis?.cleanup();
  }
  return rows;
}
