/**
 * The Neo4j loader against a real Neo4j 5.26 (the local launcher, or NEO4J_URI): the same
 * graph as the file source, values converted at the edge, clear errors when the server
 * cannot be used.
 */
import { resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { DATA_LIMITS, type NetworkRecords } from '../../../analysis/domain.ts';
import { BundleError, SourceUnavailableError } from '../../../analysis/errors.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { bundleDir } from '../../helpers/bundle-dir.ts';
import { createNeo4jDriver } from '../../../data/neo4j/connection.ts';
import { importNetwork } from '../../../data/neo4j/import.ts';
import { loadNetworkFromNeo4j, loadRecordsFromNeo4j } from '../../../data/neo4j/load-network.ts';
import {
  clearNeo4j,
  neo4jRequired,
  neo4jSkipReason,
  startNeo4jForSuite,
  type SuiteNeo4j,
} from '../../helpers/neo4j-server.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');
const skip = neo4jRequired ? undefined : neo4jSkipReason();
if (skip !== undefined) console.warn(`Neo4j tests skipped: ${skip} (REQUIRE_NEO4J=1 makes this a failure)`);

/** Records that exercise every conversion: big integers, years, partial and full dates, extras. */
const EDGE_CASES: NetworkRecords = {
  businesses: [
    {
      id: 'big',
      name: 'Big Integers Ltd',
      size: DATA_LIMITS.maxEmployees, // the largest size accepted (DATA_LIMITS)
      founded: 1000,
      lat: -33.5,
      lon: 151.25,
      attributes: { vat: 'GB123456789', website: 'https://example.org/a,b' },
    },
    {
      id: 'b-ü',
      name: 'Ünïcode “Quotes”, Commas',
      sector: 'machining',
      size: 0,
      founded: 2024,
      site: 'Unit 7',
      description: 'two\nlines',
    },
    { id: 'plain', name: 'Plain' },
  ],
  capabilities: [
    { businessId: 'big', capability: 'welding', level: 2, category: 'Metal' },
    { businessId: 'b-ü', capability: 'CNC machining', level: 4, category: 'Machining', confidential: true },
    // repeated: the graph keeps the first category and the highest level
    { businessId: 'big', capability: 'welding', level: 5, category: 'Other' },
    { businessId: 'plain', capability: 'welding', level: 1 },
    // a category of its own, not the capability's
    { businessId: 'b-ü', capability: 'welding', level: 3, category: 'Fabrication' },
  ],
  needs: [
    { businessId: 'plain', capability: 'CNC machining', priority: 5, confidential: true },
    { businessId: 'plain', capability: 'space propulsion', priority: 2 },
  ],
  collaborations: [
    { source: 'big', target: 'b-ü', weight: 0.25, start: '2019', end: '2020-06', kind: 'supply' },
    { source: 'b-ü', target: 'big', weight: 1, start: '2021-02-28', end: '2024-12-31', project: 'P-1' },
    // two identical rows are two events
    { source: 'b-ü', target: 'big', weight: 1, start: '2021-02-28', end: '2024-12-31', project: 'P-1' },
    { source: 'plain', target: 'big', weight: 2 },
  ],
};

describe.skipIf(skip !== undefined)(`loadNetworkFromNeo4j${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: SuiteNeo4j;
  let driver: Driver;
  let database: string | undefined;

  beforeAll(async () => {
    server = await startNeo4jForSuite();
    driver = createNeo4jDriver(server.config);
    database = server.config.database;
  }, 180_000);
  afterAll(async () => {
    await driver?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    await clearNeo4j(driver, database);
  });

  it('reports an unreachable server in one line naming the URI', async () => {
    const uri = 'bolt://127.0.0.1:1';
    const lost = createNeo4jDriver(
      { uri, user: 'neo4j', password: 'whatever1' },
      { maxTransactionRetryTime: 0 },
    );
    try {
      const error = await loadNetworkFromNeo4j(lost, { uri }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceUnavailableError);
      const message = (error as Error).message;
      expect(message).toContain(`Neo4j at ${uri} is unreachable`);
      expect(message).toContain('NEO4J_URI');
      expect(message).not.toContain('\n');
    } finally {
      await lost.close();
    }
  });

  it('reports a wrong password without echoing it', async () => {
    const config = { ...server.config, password: 'not-the-password' };
    const wrong = createNeo4jDriver(config, { maxTransactionRetryTime: 0 });
    try {
      const error = await loadNetworkFromNeo4j(wrong, { uri: config.uri, user: config.user }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceUnavailableError);
      const message = (error as Error).message;
      expect(message).toContain(`Neo4j at ${config.uri} refused the credentials of user "neo4j"`);
      expect(message).toContain('NEO4J_PASSWORD');
      expect(message).not.toContain('not-the-password');
    } finally {
      await wrong.close();
    }
  });

  it('reports a database that does not exist', async () => {
    const error = await loadNetworkFromNeo4j(driver, { database: 'nosuchdb', uri: server.config.uri }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toContain('has no database "nosuchdb"');
  });

  it('refuses rows that do not make a valid network, naming the business', async () => {
    await driver.executeQuery(
      `CREATE (a:Business {id: 'n1', name: 'Too Big', size: 9007199254740993}),
              (b:Business {id: 'n2', name: 'Bad Date'}),
              (b)-[:COLLABORATED_WITH {start: '2020-13'}]->(a),
              (b)-[:COLLABORATED_WITH {weight: -1}]->(a),
              (a)-[:COLLABORATED_WITH]->(a)`,
      {},
      database !== undefined ? { database } : {},
    );
    const error = await loadNetworkFromNeo4j(driver, { database }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    const messages = (error as BundleError).issues.map(BundleError.formatIssue).sort();
    expect(messages).toEqual([
      '(:Business)-[:COLLABORATED_WITH]->(:Business), collaboration "n1" → "n1", column "target": business "n1" cannot collaborate with itself; remove the collaboration or fix the target',
      '(:Business)-[:COLLABORATED_WITH]->(:Business), collaboration "n2" → "n1", column "start": "2020-13" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-03-01)',
      '(:Business)-[:COLLABORATED_WITH]->(:Business), collaboration "n2" → "n1", column "weight": weight -1 must be greater than 0',
      '(:Business): business "n1": size 9007199254740993 is beyond the exactly representable range (±2^53)',
    ]);
  });

  it('gives the same graph as the file source for the sample bundle', async () => {
    const fromFiles = await readBundle(SAMPLE);
    await importNetwork(driver, fromFiles, { database });
    const { records, source } = await loadRecordsFromNeo4j(server.config, driver);
    expect(source).toBe(`neo4j:${server.config.uri}${database ? `/${database}` : ''}`);
    expect(records).toEqual(fromFiles);
    expect(buildGraph(records).export()).toEqual(buildGraph(fromFiles).export());
  });

  it('round-trips big integers, years, partial and full dates, extra attributes and repeated rows', async () => {
    await importNetwork(driver, EDGE_CASES, { database });
    const loaded = await loadNetworkFromNeo4j(driver, { database });
    expect(loaded.businesses).toEqual(EDGE_CASES.businesses);
    // Each held capability keeps its own category: the capability's, another one, or none.
    // (A repeated row is one relationship: its highest level and first category.)
    expect(loaded.capabilities).toHaveLength(4);
    expect(loaded.capabilities).toEqual(
      expect.arrayContaining([
        { businessId: 'big', capability: 'welding', level: 5, category: 'Metal' },
        {
          businessId: 'b-ü',
          capability: 'CNC machining',
          level: 4,
          category: 'Machining',
          confidential: true,
        },
        { businessId: 'plain', capability: 'welding', level: 1 },
        { businessId: 'b-ü', capability: 'welding', level: 3, category: 'Fabrication' },
      ]),
    );
    expect(loaded.needs).toEqual(EDGE_CASES.needs);
    expect(loaded.collaborations).toEqual(EDGE_CASES.collaborations);
    const graph = buildGraph(loaded);
    expect(graph.export()).toEqual(buildGraph(EDGE_CASES).export());
    expect(graph.getNodeAttribute('big', 'size')).toBe(DATA_LIMITS.maxEmployees);
    expect(graph.getNodeAttribute('big', 'capabilities')).toEqual([
      { name: 'welding', level: 5, category: 'Metal' },
    ]);
    expect(graph.getEdgeAttributes('b-ü--big')).toEqual({
      weight: 2.25,
      events: [
        { weight: 0.25, start: '2019', end: '2020-06', kind: 'supply' },
        { weight: 1, start: '2021-02-28', end: '2024-12-31', project: 'P-1' },
        { weight: 1, start: '2021-02-28', end: '2024-12-31', project: 'P-1' },
      ],
    });
  });

  it('keeps extra properties named __proto__, constructor and toString, as a bundle keeps such columns', async () => {
    const records = await readBundle(
      bundleDir({
        'businesses.csv': 'id,name,__proto__,constructor,toString,website\na,Alpha,p,c,t,w\nb,Beta,,,,\n',
        'collaborations.csv': 'source,target\na,b\n',
      }),
    );
    expect(Object.keys(records.businesses[0]?.attributes ?? {})).toEqual([
      '__proto__',
      'constructor',
      'toString',
      'website',
    ]);
    await importNetwork(driver, records, { database });
    const loaded = await loadNetworkFromNeo4j(driver, { database });
    expect(Object.entries(loaded.businesses.find((b) => b.id === 'a')?.attributes ?? {})).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 't'],
      ['website', 'w'],
    ]);
    expect(loaded.businesses.find((b) => b.id === 'b')?.attributes).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps ids, names and capabilities full of quotes, backticks and Cypher keywords as data', async () => {
    // Each would end or rewrite a statement built by string concatenation (issue 9).
    const hostile = [
      "x' }) DETACH DELETE n //",
      'back`tick`} RETURN 1 //',
      '"; MATCH (n) DETACH DELETE n; //',
      "\\' OR 1=1 --",
      '$rows',
      '{id: 1}) WITH 1 AS x CALL db.clearQueryCaches() //',
    ];
    const id = (i: number) => `${hostile[i]}-${i}`;
    const records: NetworkRecords = {
      businesses: hostile.map((text, i) => ({ id: id(i), name: `${text} Ltd`, description: text })),
      capabilities: hostile.map((text, i) => ({ businessId: id(i), capability: `cap ${text}`, level: 1 })),
      needs: [{ businessId: id(0), capability: `cap ${hostile[1]}`, priority: 1 }],
      collaborations: hostile
        .slice(1)
        .map((text, i) => ({ source: id(0), target: id(i + 1), weight: 1, project: text })),
    };
    await importNetwork(driver, records, { database });
    const loaded = await loadNetworkFromNeo4j(driver, { database });
    expect(loaded.businesses).toEqual(records.businesses);
    expect(loaded.collaborations).toEqual(records.collaborations);
    expect(buildGraph(loaded).export()).toEqual(buildGraph(records).export());
  });

  it('converts native Neo4j integers, dates and date-times written by other tools', async () => {
    await driver.executeQuery(
      `CREATE (a:Business {id: 'n1', name: 'Native', size: 42, founded: 1999, lat: 53, employees_2020: 40,
                           certified: date('2021-03-04')}),
              (b:Business {id: 7}),
              (a)-[:COLLABORATED_WITH {weight: 3, start: date('2020-05-01'),
                                       end: datetime('2021-06-30T12:00:00Z')}]->(b),
              (b)-[:COLLABORATED_WITH {start: 2018, end: localdatetime('2019-01-02T03:04:05')}]->(a),
              (a)-[:HAS_CAPABILITY]->(:Capability {name: 'assembly', category: 'Production'}),
              (b)-[:NEEDS {priority: 4}]->(:Capability {name: 'paint'})`,
      {},
      database !== undefined ? { database } : {},
    );
    const loaded = await loadNetworkFromNeo4j(driver, { database });
    expect(loaded).toEqual({
      // Cypher orders strings before numbers: business "n1" comes before the integer id 7.
      businesses: [
        {
          id: 'n1',
          name: 'Native',
          size: 42,
          founded: 1999,
          lat: 53,
          attributes: { certified: '2021-03-04', employees_2020: '40' },
        },
        { id: '7', name: '7' },
      ],
      capabilities: [{ businessId: 'n1', capability: 'assembly', level: 3, category: 'Production' }],
      needs: [{ businessId: '7', capability: 'paint', priority: 4 }],
      collaborations: [
        { source: 'n1', target: '7', weight: 3, start: '2020-05-01', end: '2021-06-30' },
        { source: '7', target: 'n1', weight: 1, start: '2018', end: '2019-01-02' },
      ],
    });
    expect(loaded.businesses).toHaveLength(2);
    expect(loaded.businesses.every((b) => typeof b.id === 'string')).toBe(true);
  });
});
