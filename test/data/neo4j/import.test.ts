/**
 * The Neo4j importer against a real Neo4j 5.26: a bad bundle writes nothing, a second import
 * changes nothing, --replace starts over, and an import cut short by a server crash is marked
 * incomplete and finished by running it again (docs/neo4j.md, "Import").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { BundleError, SourceUnavailableError } from '../../../analysis/errors.ts';
import { main } from '../../../cli/main.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { writeBundle } from '../../../data/bundle/write-bundle.ts';
import { createNeo4jDriver } from '../../../data/neo4j/connection.ts';
import { countStored, importBundle, type ImportProgress } from '../../../data/neo4j/import.ts';
import { loadNetworkFromNeo4j } from '../../../data/neo4j/load-network.ts';
import { MERGE_COLLABORATIONS } from '../../../data/neo4j/queries.ts';
import { generateNetwork } from '../../../data/sample/generate.ts';
import { bundleDir, MINIMAL } from '../../helpers/bundle-dir.ts';
import {
  clearNeo4j,
  neo4jRequired,
  neo4jSkipReason,
  startNeo4jForSuite,
  type SuiteNeo4j,
} from '../../helpers/neo4j-server.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');
// The crash test kills and restarts the server, so it always needs the local one.
const skip = neo4jRequired ? undefined : neo4jSkipReason({ needsLocal: true });
if (skip !== undefined) console.warn(`Neo4j tests skipped: ${skip} (REQUIRE_NEO4J=1 makes this a failure)`);

const EMPTY = { businesses: 0, capabilities: 0, held: 0, needs: 0, collaborations: 0 };

/** Every node and relationship with its element id and properties, in a stable order. */
async function snapshot(driver: Driver, database: string | undefined) {
  const { records } = await driver.executeQuery(
    `CALL { MATCH (n) WHERE NOT n:AtlasImport RETURN elementId(n) AS id, labels(n) AS kind, properties(n) AS p
            UNION ALL
            MATCH ()-[r]->() RETURN elementId(r) AS id, [type(r)] AS kind, properties(r) AS p }
     RETURN id, kind, p ORDER BY id`,
    {},
    database !== undefined ? { database } : {},
  );
  return records.map((r) => r.toObject());
}

describe.skipIf(skip !== undefined)(`importBundle${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: SuiteNeo4j;
  let driver: Driver;
  let database: string | undefined;
  const made: string[] = [];

  beforeAll(async () => {
    server = await startNeo4jForSuite({ needsLocal: true });
    // Short retries: a dead server should fail the import in seconds, not after 15 s.
    driver = createNeo4jDriver(server.config, { maxTransactionRetryTime: 1000, connectionTimeout: 3000 });
    database = server.config.database;
  }, 180_000);
  afterAll(async () => {
    await driver?.close();
    await server?.stop();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await clearNeo4j(driver, database);
  });

  it('writes nothing when the bundle has a problem', async () => {
    const bad = bundleDir({
      ...MINIMAL,
      'collaborations.csv': 'source,target,weight\nb1,b2,1\nb2,b9,1\n',
    });
    const error = await importBundle(driver, bad, { database }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues).toEqual([
      {
        file: 'collaborations.csv',
        line: 3,
        column: 'target',
        message: 'unknown business id "b9"; add the business or fix the id',
      },
    ]);
    expect(await countStored(driver, database)).toEqual(EMPTY);
    expect(await snapshot(driver, database)).toEqual([]);
  });

  it('refuses a bundle column named like a property the store keeps for itself', async () => {
    const clash = bundleDir({ ...MINIMAL, 'businesses.csv': 'id,name,seq\nb1,A,1\nb2,B,2\nb3,C,3\n' });
    const error = await importBundle(driver, clash, { database }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toContain('column "seq" is reserved by the Neo4j store');
    expect(await countStored(driver, database)).toEqual(EMPTY);
  });

  it('refuses a business id or capability name too long for Neo4j to index, before writing anything', async () => {
    const long = 'x'.repeat(9000);
    const bundle = bundleDir({
      'businesses.csv': `id,name\nb1,A\nb2,B\n${long},Long\n`,
      'collaborations.csv': 'source,target\nb1,b2\n',
      'capabilities.csv': `business_id,capability\nb1,cnc\nb2,${'é'.repeat(4100)}\n`,
    });
    // The files alone are a valid network: only Neo4j's index cannot hold those keys.
    await expect(readBundle(bundle)).resolves.toBeDefined();
    const error = await importBundle(driver, bundle, { database }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues).toEqual([
      {
        file: 'businesses.csv',
        record: 'row 3',
        column: 'id',
        message: `business id "${'x'.repeat(24)}…" is 9,000 bytes long; Neo4j indexes at most 8,000: shorten it`,
      },
      {
        file: 'capabilities.csv',
        record: 'row 2',
        column: 'capability',
        message: `capability name "${'é'.repeat(24)}…" is 8,200 bytes long; Neo4j indexes at most 8,000: shorten it`,
      },
    ]);
    expect(await countStored(driver, database)).toEqual(EMPTY);
    expect(await snapshot(driver, database)).toEqual([]);
  });

  it('says Neo4j refused the import, what was written and that the network is incomplete, when the server refuses a row', async () => {
    // A database of one's own may carry constraints of its own: here, unique business names.
    await driver.executeQuery(
      'CREATE CONSTRAINT test_business_name IF NOT EXISTS FOR (b:Business) REQUIRE b.name IS UNIQUE',
      {},
      database !== undefined ? { database } : {},
    );
    try {
      const bundle = bundleDir({ ...MINIMAL, 'businesses.csv': 'id,name\nb1,Same\nb2,Same\nb3,Gamma\n' });
      const error = await importBundle(driver, bundle, { database, uri: server.config.uri }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceUnavailableError);
      expect((error as Error).message).toMatch(
        /^Neo4j at bolt:\/\/.* refused the import \(Neo\.ClientError\.Schema\.ConstraintValidationFailed: .*'Same'\); 0 of \d+ rows were written and the network is marked incomplete until an import finishes\. Fix the bundle and import it again \(--replace starts over\)\.$/,
      );
      await expect(loadNetworkFromNeo4j(driver, { database, uri: server.config.uri })).rejects.toThrow(
        /is incomplete/,
      );
    } finally {
      await driver.executeQuery(
        'DROP CONSTRAINT test_business_name IF EXISTS',
        {},
        database !== undefined ? { database } : {},
      );
    }
  });

  it('stores every row of the sample, and a second import changes nothing', async () => {
    const records = await readBundle(SAMPLE);
    const first = await importBundle(driver, SAMPLE, { database, batchSize: 100 });
    const expected = {
      businesses: records.businesses.length,
      capabilities: new Set([...records.capabilities, ...records.needs].map((c) => c.capability)).size,
      held: new Set(records.capabilities.map((c) => `${c.businessId}\u0000${c.capability}`)).size,
      needs: new Set(records.needs.map((n) => `${n.businessId}\u0000${n.capability}`)).size,
      collaborations: records.collaborations.length,
    };
    expect(first.stored).toEqual(expected);
    expect(first.written).toEqual(expected);
    const before = await snapshot(driver, database);

    const second = await importBundle(driver, SAMPLE, { database, batchSize: 77 });
    expect(second.stored).toEqual(expected);
    // Same element ids and properties: MERGE matched every node and relationship again.
    expect(await snapshot(driver, database)).toEqual(before);
  });

  it('merges each row between the two businesses it found, never by scanning every collaboration', async () => {
    // An earlier version kept an index on COLLABORATED_WITH.key; with it the planner merged
    // each row by scanning the whole index, and re-importing 10k businesses took minutes.
    const on = database !== undefined ? { database } : {};
    await driver.executeQuery(
      'CREATE INDEX collaboration_key IF NOT EXISTS FOR ()-[r:COLLABORATED_WITH]-() ON (r.key)',
      {},
      on,
    );
    await importBundle(driver, SAMPLE, { database });
    const indexes = await driver.executeQuery(
      'SHOW INDEXES YIELD name RETURN collect(name) AS names',
      {},
      on,
    );
    expect(indexes.records[0]?.get('names')).not.toContain('collaboration_key');

    const plan = await driver.executeQuery(`EXPLAIN ${MERGE_COLLABORATIONS}`, { rows: [] }, on);
    const operators: string[] = [];
    const walk = (step: { operatorType: string; children: unknown[] }) => {
      operators.push(step.operatorType.split('@')[0] as string);
      for (const child of step.children) walk(child as typeof step);
    };
    walk(plan.summary.plan as unknown as { operatorType: string; children: unknown[] });
    expect(operators).toContain('Expand(Into)');
    expect(operators.filter((o) => /Scan/.test(o))).toEqual([]);
  });

  it('keeps what is not in the bundle unless --replace', async () => {
    await importBundle(driver, SAMPLE, { database });
    const small = bundleDir(MINIMAL);
    const merged = await importBundle(driver, small, { database });
    expect(merged.stored.businesses).toBe(150 + 3);

    const replaced = await importBundle(driver, small, { database, replace: true });
    expect(replaced.stored).toEqual({ businesses: 3, capabilities: 0, held: 0, needs: 0, collaborations: 3 });
    const loaded = await loadNetworkFromNeo4j(driver, { database });
    expect(buildGraph(loaded).export()).toEqual(buildGraph(await readBundle(small)).export());
  });

  it('runs as `partner-atlas import` and prints a summary', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { uri, user, password } = server.config;
      const args = [
        '--uri',
        uri,
        '--user',
        user,
        '--password',
        password,
        ...(database ? ['--database', database] : []),
      ];
      expect(await main(['import', '--data', bundleDir(MINIMAL), ...args])).toBe(0);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
        /Neo4j now holds 3 businesses, 0 capabilities \(0 held\), 0 needs, 3 collaborations/,
      );
      expect(await main(['import', '--data', bundleDir({ 'businesses.csv': 'id\nb1\n' }), ...args])).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toContain(
        'businesses.csv, line 1: is missing required column "name"',
      );
      expect(await main(['import', '--batch-size', '0', ...args])).toBe(2);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });

  it('finishes an import cut short by a server crash when it is run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-b10k-'));
    made.push(dir);
    writeBundle(dir, generateNetwork({ businesses: 10_000 }));
    const records = await readBundle(dir);
    const local = server.local!;

    // Kill the server (SIGKILL, as in a crash) right after the first batch of capabilities held.
    let killed: Promise<void> | undefined;
    const onProgress = (p: ImportProgress) => {
      if (p.phase === 'held' && !killed) killed = local.kill();
    };
    const error = await importBundle(driver, dir, { database, batchSize: 1000, onProgress }).catch(
      (e: unknown) => e,
    );
    await killed;
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/stopped after \d+ of \d+ rows; re-run the same import/);

    await local.restart();
    const partial = await countStored(driver, database);
    expect(partial.businesses).toBe(10_000);
    expect(partial.held).toBeGreaterThanOrEqual(1000);
    expect(partial.held).toBeLessThan(records.capabilities.length);
    expect(partial.collaborations).toBe(0);
    // The half-written network is refused, with what to do.
    await expect(loadNetworkFromNeo4j(driver, { database, uri: server.config.uri })).rejects.toThrow(
      /is incomplete: the import of .* has not finished\. Re-run the same `partner-atlas import`/,
    );

    const rerun = await importBundle(driver, dir, { database, batchSize: 5000 });
    expect(rerun.stored.businesses).toBe(10_000);
    expect(rerun.stored.collaborations).toBe(records.collaborations.length);
    const loaded = await loadNetworkFromNeo4j(driver, { database });
    expect(buildGraph(loaded).export()).toEqual(buildGraph(records).export());
  }, 240_000);
});
