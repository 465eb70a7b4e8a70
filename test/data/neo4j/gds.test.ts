/**
 * The GDS engine against the real local Neo4j 5.26 with the Graph Data Science 2.13 plugin:
 * every column GDS computes agrees with the local engine (itself checked against networkx) on
 * the sample network, within the tolerances stated per column; the projection is dropped.
 */
import { resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { analyseNetwork } from '../../../analysis/report/network-analysis.ts';
import type { CentralityRow } from '../../../analysis/report/centrality-report.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { createNeo4jDriver } from '../../../data/neo4j/connection.ts';
import { computeGdsMetrics, type GdsMetrics } from '../../../data/neo4j/gds.ts';
import { importNetwork } from '../../../data/neo4j/import.ts';
import {
  localGdsAvailability,
  neo4jRequired,
  startLocalNeo4j,
  type LocalNeo4j,
} from '../../helpers/neo4j-server.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');
const availability = localGdsAvailability();
const skip = neo4jRequired || availability.ok ? undefined : availability.reason;
if (skip !== undefined) console.warn(`GDS tests skipped: ${skip} (REQUIRE_NEO4J=1 makes this a failure)`);

/** Absolute tolerance per column, and why (docs/neo4j.md). */
const TOLERANCE: Record<string, number> = {
  degree: 0,
  weighted_degree: 1e-9,
  betweenness: 1e-9, // exact Brandes both sides; only the normalisation differs (converted)
  closeness: 1e-9,
  clustering: 1e-9,
  core: 0,
  eigenvector: 1e-4, // both iterate to a tolerance
  pagerank: 1e-4, // GDS stops at its tolerance; networkx's dangling rule differs for isolated businesses
};

describe.skipIf(skip !== undefined)('GDS engine on the sample network', () => {
  let server: LocalNeo4j;
  let driver: Driver;
  let gds: GdsMetrics;
  let rows: CentralityRow[];

  beforeAll(async () => {
    if (!availability.ok) throw new Error(`REQUIRE_NEO4J=1 but ${availability.reason}`);
    server = await startLocalNeo4j();
    driver = createNeo4jDriver(server.config);
    const records = await readBundle(SAMPLE);
    await importNetwork(driver, records, { uri: server.config.uri });
    rows = analyseNetwork(buildGraph(records)).rows;
    gds = await computeGdsMetrics(driver, { uri: server.config.uri, snapshot: 'sample' });
  }, 240_000);
  afterAll(async () => {
    await driver?.close();
    await server?.stop();
  });

  it('projects every business and every pair of partners once', () => {
    expect(gds.version).toBe('2.13.9');
    expect(gds.nodeCount).toBe(rows.length);
    const pairs = rows.reduce((s, r) => s + r.degree, 0) / 2;
    expect(gds.relationshipCount).toBe(pairs * 2); // undirected: GDS counts both directions
  });

  for (const column of Object.keys(TOLERANCE)) {
    it(`agrees with the local engine on ${column} within ${TOLERANCE[column]}`, () => {
      const values = gds.columns[column as keyof GdsMetrics['columns']];
      expect(values.size).toBe(rows.length);
      let worst = 0;
      for (const row of rows) {
        const local = row[column as keyof CentralityRow] as number;
        worst = Math.max(worst, Math.abs((values.get(row.id) as number) - local));
      }
      expect(worst).toBeLessThanOrEqual(TOLERANCE[column] as number);
    });
  }

  it('drops its projection after use', async () => {
    const session = driver.session();
    try {
      const listed = await session.run('CALL gds.graph.list() YIELD graphName RETURN graphName');
      expect(listed.records.map((r) => r.get('graphName'))).not.toContain(gds.graphName);
    } finally {
      await session.close();
    }
  });
});
