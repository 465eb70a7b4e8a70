/**
 * The GDS engine on a real network: the CORDIS semiconductor-EV export (765 organisations,
 * 38,733 pairs, Newman-weighted; read from ../shared/data, converted in memory by
 * data/cordis), imported into the real local Neo4j 5.26 with GDS 2.13. Every column GDS
 * computes agrees with the local engine (itself equal to networkx, test/analysis/metrics)
 * within the tolerance stated per column; communities differ by algorithm (GDS's seeded
 * Leiden against the local Louvain), so their modularity is compared instead. The CLI's
 * `report --engine gds` gives the same report. Source: CORDIS, © European Union, CC BY 4.0.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { toCsr } from '../../../analysis/metrics/csr.ts';
import { modularity } from '../../../analysis/metrics/louvain.ts';
import {
  analyseNetwork,
  type CentralityRow,
  type NetworkAnalysis,
} from '../../../analysis/report/network-analysis.ts';
import { analyseWithEngine, openEngine } from '../../../api/analytics-engine.ts';
import { convertCordis } from '../../../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../../../data/cordis/read-cordis.ts';
import { createNeo4jDriver } from '../../../data/neo4j/connection.ts';
import { computeGdsMetrics, type GdsMetrics } from '../../../data/neo4j/gds.ts';
import { importNetwork } from '../../../data/neo4j/import.ts';
import {
  localGdsAvailability,
  neo4jRequired,
  startLocalNeo4j,
  type LocalNeo4j,
} from '../../helpers/neo4j-server.ts';
import { HAS_SHARED_DATA, SHARED_DATA } from '../../helpers/shared-data.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const EV = join(SHARED_DATA, 'cordis-semiconductor-ev');
const availability = localGdsAvailability();
const skip = !HAS_SHARED_DATA
  ? `${SHARED_DATA} is absent`
  : neo4jRequired || availability.ok
    ? undefined
    : availability.reason;
if (skip !== undefined) console.warn(`GDS CORDIS tests skipped: ${skip}`);

/**
 * Largest absolute difference allowed per column, and why (docs/neo4j.md, "Agreement").
 * Relative to the column's scale: betweenness ≤ 1, closeness ≤ 1, pagerank sums to 1.
 */
const TOLERANCE: Record<string, number> = {
  degree: 0, // integer counts
  weighted_degree: 1e-9, // sums of Newman weights (1/(members − 1)), in a different order
  betweenness: 1e-9, // exact Brandes on both sides; GDS's unnormalised value rescaled
  closeness: 1e-9, // Wasserman–Faust on both sides
  clustering: 1e-9, // unweighted triangles / pairs on both sides
  core: 0, // integer core numbers
  eigenvector: 1e-4, // both power iterations stop at a tolerance
  pagerank: 1e-4, // GDS stops at its tolerance; dangling mass is spread alike (no isolated here)
};

describe.skipIf(skip !== undefined)('GDS engine on the CORDIS semiconductor-EV network', () => {
  let server: LocalNeo4j;
  let driver: Driver;
  let records: NetworkRecords;
  let local: NetworkAnalysis;
  let gds: GdsMetrics;

  beforeAll(async () => {
    if (!availability.ok) throw new Error(`REQUIRE_NEO4J=1 but ${availability.reason}`);
    records = convertCordis({
      participations: (await readCordisFile(join(EV, 'organization.json'))).rows,
      participationsFile: 'organization.json',
      projects: (await readCordisFile(join(EV, 'project.json'))).rows,
      projectsFile: 'project.json',
    }).records;
    server = await startLocalNeo4j();
    driver = createNeo4jDriver(server.config);
    await importNetwork(driver, records, { uri: server.config.uri });
    local = analyseNetwork(buildGraph(records));
    gds = await computeGdsMetrics(driver, { uri: server.config.uri, snapshot: 'cordis-ev' });
  }, 600_000);
  afterAll(async () => {
    await driver?.close();
    await server?.stop();
  });

  it('projects all 765 organisations and 38,733 pairs', () => {
    expect(gds.nodeCount).toBe(765);
    expect(gds.relationshipCount).toBe(2 * 38_733);
    expect(local.rows).toHaveLength(765);
  });

  for (const column of Object.keys(TOLERANCE)) {
    it(`agrees with the local engine on ${column} within ${TOLERANCE[column]}`, () => {
      const values = gds.columns[column as keyof GdsMetrics['columns']];
      expect(values.size).toBe(local.rows.length);
      let worst = 0;
      let nonZero = 0;
      for (const row of local.rows) {
        const mine = row[column as keyof CentralityRow] as number;
        if (mine !== 0) nonZero++;
        worst = Math.max(worst, Math.abs((values.get(row.id) as number) - mine));
      }
      expect(nonZero).toBeGreaterThan(100); // a column of zeros would agree trivially
      expect(worst).toBeLessThanOrEqual(TOLERANCE[column] as number);
    });
  }

  it("GDS's seeded Leiden finds communities as modular as the local Louvain (within 0.02)", () => {
    const graph = buildGraph(records);
    const csr = toCsr(graph);
    const membership = Int32Array.from(csr.ids, (id) => gds.columns.community.get(id) as number);
    const leiden = modularity(csr, membership);
    expect(new Set(membership).size).toBeGreaterThan(1);
    // Two different heuristics of one objective: partitions differ, their quality nearly not.
    expect(Math.abs(leiden - local.summary.modularity)).toBeLessThanOrEqual(0.02);
  });

  it('the gds engine report keeps constraint, effective size and 2-step reach local and equal', async () => {
    const engine = await openEngine('gds', { driver, uri: server.config.uri });
    const analysis = await analyseWithEngine(buildGraph(records), engine, { snapshot: 'cordis-ev' });
    expect(analysis.parameters.engine).toMatchObject({ used: 'gds', gdsVersion: '2.13.9' });
    const mine = new Map(local.rows.map((r) => [r.id, r]));
    for (const row of analysis.rows) {
      const l = mine.get(row.id) as CentralityRow;
      expect(row.constraint).toBe(l.constraint);
      expect(row.effective_size).toBe(l.effective_size);
      expect(row.reach_2).toBe(l.reach_2);
      expect(Math.abs(row.betweenness - l.betweenness)).toBeLessThanOrEqual(1e-9);
    }
    // The summary: diameter and average path from 500 of 765 sources (stated in summaryPaths).
    expect(analysis.parameters.engine?.summaryPaths).toBe(500);
    expect(analysis.summary.components).toBe(local.summary.components);
    expect(analysis.summary.density).toBe(local.summary.density);
    expect(
      Math.abs(
        (analysis.summary.averageShortestPath as number) - (local.summary.averageShortestPath as number),
      ),
    ).toBeLessThanOrEqual(0.05);
  }, 120_000);

  it('the CLI report --engine gds writes the same report, with the engines in its provenance', () => {
    const run = spawnSync(
      process.execPath,
      ['bin/partner-atlas.js', 'report', '--neo4j', '--engine', 'gds', '--format', 'json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          NEO4J_URI: server.config.uri,
          NEO4J_USER: server.config.user,
          NEO4J_PASSWORD: server.config.password,
          ANALYTICS_ENGINE: '',
        },
        timeout: 180_000,
      },
    );
    expect(run.stderr).not.toMatch(/GDS failed/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      provenance: { parameters: { engine: { used: string; columns: Record<string, string> } } };
      rows: CentralityRow[];
    };
    expect(report.provenance.parameters.engine.used).toBe('gds');
    expect(report.provenance.parameters.engine.columns).toMatchObject({
      betweenness: 'gds',
      constraint: 'local',
    });
    expect(report.rows).toHaveLength(765);
  }, 200_000);
});
