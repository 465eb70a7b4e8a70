/**
 * The service with ANALYTICS_ENGINE=gds against the real local Neo4j 5.26 + GDS 2.13 plugin:
 * /api/health says the engine, the report's provenance says which engine computed each column
 * and the values agree with the local engine; suggestions use GDS's communities; when GDS
 * fails mid-run the local engine answers (never a 500). ANALYTICS_ENGINE=gds without Neo4j
 * stops the service at start with how to fix it.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, PartnerAtlasError } from '../../analysis/errors.ts';
import { buildGraph } from '../../analysis/build-graph.ts';
import { analyseNetwork, type CentralityRow } from '../../analysis/report/network-analysis.ts';
import { chooseEngine, GDS_AUTO_BASIS, GDS_AUTO_COLLABORATIONS } from '../../analysis/engine-policy.ts';
import { openEngine, type AnalyticsEngine } from '../../data/neo4j/analytics-engine.ts';
import { createApp } from '../../api/app.ts';
import { readConfig } from '../../api/config.ts';
import { neo4jAccess } from '../../api/load-source.ts';
import { createSnapshot, SnapshotStore } from '../../api/snapshot.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';
import { createNeo4jDriver } from '../../data/neo4j/connection.ts';
import { importNetwork } from '../../data/neo4j/import.ts';
import { loadRecordsFromNeo4j } from '../../data/neo4j/load-network.ts';
import {
  localGdsAvailability,
  neo4jRequired,
  startLocalNeo4j,
  type LocalNeo4j,
} from '../helpers/neo4j-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = resolve(ROOT, 'data/sample');

describe('analytics engine › configuration', () => {
  it('refuses an unknown ANALYTICS_ENGINE, naming the variable and the choices', () => {
    expect(() => readConfig({ ANALYTICS_ENGINE: 'fast' })).toThrow(InvalidInputError);
    expect(() => readConfig({ ANALYTICS_ENGINE: 'fast' })).toThrow(/ANALYTICS_ENGINE.*local, gds or auto/);
    expect(readConfig({}).engine).toBe('local');
  });

  it('refuses gds without the Neo4j source, saying how to fix it', async () => {
    await expect(openEngine('gds')).rejects.toThrow(PartnerAtlasError);
    await expect(openEngine('gds')).rejects.toThrow(/needs the Neo4j source.*NEO4J_URI/);
  });

  it('auto without Neo4j computes locally and says why', async () => {
    const engine = await openEngine('auto');
    const chosen = chooseEngine(engine, { size: 10 * GDS_AUTO_COLLABORATIONS });
    expect(chosen.used).toBe('local');
    expect(chosen.reason).toMatch(/GDS is not available: the network is read from files/);
  });

  it('auto with GDS present uses it from GDS_AUTO_COLLABORATIONS collaborations on, local below, and says why', () => {
    const engine = {
      choice: 'auto',
      gds: { driver: undefined as never, uri: 'bolt://x', version: '2.13.9' },
    } satisfies AnalyticsEngine;
    const below = chooseEngine(engine, { size: GDS_AUTO_COLLABORATIONS - 1 });
    expect(below.used).toBe('local');
    expect(below.reason).toContain(
      `${GDS_AUTO_COLLABORATIONS - 1} collaborations < ${GDS_AUTO_COLLABORATIONS}`,
    );
    expect(below.reason).toContain(GDS_AUTO_BASIS);
    const from = chooseEngine(engine, { size: GDS_AUTO_COLLABORATIONS });
    expect(from.used).toBe('gds');
    expect(from.reason).toContain(`${GDS_AUTO_COLLABORATIONS} collaborations ≥ ${GDS_AUTO_COLLABORATIONS}`);
    expect(from.reason).toContain(GDS_AUTO_BASIS);
    expect(chooseEngine({ ...engine, choice: 'gds' }, { size: 1 })).toMatchObject({ used: 'gds' });
    expect(
      chooseEngine({ ...engine, choice: 'local' }, { size: 10 * GDS_AUTO_COLLABORATIONS }),
    ).toMatchObject({
      used: 'local',
    });
  });

  it('the service does not start with ANALYTICS_ENGINE=gds on files, and says why', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', NEO4J_URI: '', PORT: '0', ANALYTICS_ENGINE: 'gds' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(out).toMatch(/cannot start\.\nThe GDS engine needs the Neo4j source/);
  }, 30_000);
});

const availability = localGdsAvailability();
const skip = neo4jRequired || availability.ok ? undefined : availability.reason;
if (skip !== undefined) console.warn(`GDS API tests skipped: ${skip} (REQUIRE_NEO4J=1 makes this a failure)`);

describe.skipIf(skip !== undefined)('analytics engine › ANALYTICS_ENGINE=gds on the real server', () => {
  let server: LocalNeo4j;
  let driver: Driver;
  let engine: AnalyticsEngine;
  let url: string;
  let close: () => Promise<void>;
  let local: Map<string, CentralityRow>;

  const startService = async (withEngine: AnalyticsEngine) => {
    const config = { ...server.config, database: 'neo4j' };
    const load = () => loadRecordsFromNeo4j(config, driver);
    const { records, source } = await load();
    const store = new SnapshotStore(createSnapshot(records, source, new Date(), withEngine), load);
    const app = createApp({
      store,
      logger: pino({ level: 'silent' }),
      engine: withEngine,
      neo4j: neo4jAccess(driver, config),
    });
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    return {
      url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      close: () => new Promise<void>((r) => http.close(() => r())),
    };
  };

  beforeAll(async () => {
    if (!availability.ok) throw new Error(`REQUIRE_NEO4J=1 but ${availability.reason}`);
    server = await startLocalNeo4j();
    driver = createNeo4jDriver(server.config);
    const records = await readBundle(SAMPLE);
    await importNetwork(driver, records, { uri: server.config.uri });
    local = new Map(analyseNetwork(buildGraph(records)).rows.map((r) => [r.id, r]));
    const config = readConfig({ ANALYTICS_ENGINE: 'gds', NEO4J_URI: server.config.uri });
    engine = await openEngine(config.engine, { driver, uri: server.config.uri });
    ({ url, close } = await startService(engine));
  }, 240_000);
  afterAll(async () => {
    await close?.();
    await driver?.close();
    await server?.stop();
  });

  it('/api/health says GDS is the engine in use, with its version', async () => {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { engine: Record<string, unknown> };
    expect(health.engine).toMatchObject({ requested: 'gds', inUse: 'gds', gdsVersion: '2.13.9' });
    expect(health.engine.lastFallback).toBeUndefined();
  });

  it('the report says which engine computed each column, and GDS agrees with the local engine', async () => {
    const response = await fetch(`${url}/api/reports/centrality?format=json`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      provenance: { parameters: { engine: { used: string; columns: Record<string, string> } } };
      rows: CentralityRow[];
    };
    const { engine: used } = body.provenance.parameters;
    expect(used.used).toBe('gds');
    for (const column of ['community', 'degree', 'betweenness', 'closeness', 'pagerank', 'core'])
      expect(used.columns[column]).toBe('gds');
    for (const column of ['constraint', 'effective_size', 'reach_2'])
      expect(used.columns[column]).toBe('local');
    expect(body.rows).toHaveLength(local.size);
    let worstBetweenness = 0;
    let worstPagerank = 0;
    for (const row of body.rows) {
      const mine = local.get(row.id) as CentralityRow;
      expect(row.degree).toBe(mine.degree);
      expect(row.core).toBe(mine.core);
      expect(row.constraint).toBe(mine.constraint);
      expect(row.reach_2).toBe(mine.reach_2);
      worstBetweenness = Math.max(worstBetweenness, Math.abs(row.betweenness - mine.betweenness));
      worstPagerank = Math.max(worstPagerank, Math.abs(row.pagerank - mine.pagerank));
    }
    expect(worstBetweenness).toBeLessThanOrEqual(1e-9);
    expect(worstPagerank).toBeLessThanOrEqual(1e-4);
  });

  it('the summary is computed on GDS communities, with their modularity', async () => {
    const body = (await (await fetch(`${url}/api/reports/summary`)).json()) as {
      parameters: { engine: { used: string; summaryPaths: string | number } };
      summary: { businesses: number; modularity: number; communities: number };
    };
    expect(body.parameters.engine.used).toBe('gds');
    expect(body.summary.businesses).toBe(local.size);
    expect(body.summary.communities).toBeGreaterThan(1);
    expect(body.summary.modularity).toBeGreaterThan(0.2);
  });

  it('suggestions answer on the GDS communities', async () => {
    const id = [...local.values()].sort((a, b) => b.degree - a.degree)[0]?.id as string;
    const response = await fetch(`${url}/api/businesses/${encodeURIComponent(id)}/suggestions?limit=5`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { suggestions: unknown[] };
    expect(body.suggestions.length).toBeGreaterThan(0);
  });

  it('when GDS fails mid-run the local engine answers, and the report and health say so', async () => {
    // A driver to a port nobody listens on: every GDS call fails, as when the server goes away mid-run.
    const broken = createNeo4jDriver({ ...server.config, uri: 'bolt://127.0.0.1:1' });
    const failing: AnalyticsEngine = {
      ...engine,
      gds: { ...(engine.gds as NonNullable<AnalyticsEngine['gds']>), driver: broken },
    };
    const other = await startService(failing);
    try {
      const response = await fetch(`${other.url}/api/reports/centrality?format=json`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        provenance: {
          parameters: { engine: { used: string; fallback: string; columns: Record<string, string> } };
        };
        rows: CentralityRow[];
      };
      expect(body.provenance.parameters.engine.used).toBe('local');
      expect(body.provenance.parameters.engine.fallback).toMatch(/GDS failed, the local engine answered/);
      expect(body.provenance.parameters.engine.columns.betweenness).toBe('local');
      expect(body.rows).toHaveLength(local.size);
      const health = (await (await fetch(`${other.url}/api/health`)).json()) as {
        engine: { lastFallback?: { message: string } };
      };
      expect(health.engine.lastFallback?.message).toMatch(/GDS failed/);
    } finally {
      await other.close();
      await broken.close();
    }
  });
});
