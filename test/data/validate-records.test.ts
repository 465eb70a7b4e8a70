/**
 * One validation for every source: the same bad records read from a CSV bundle, from
 * graphology JSON and from a real Neo4j 5.26 give the same messages, each at the source's own
 * location (file and line, JSON path, Neo4j pattern and record).
 */
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../analysis/errors.ts';
import { isPartialIsoDate } from '../../analysis/record-schema.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';
import { recordsFromSerialized } from '../../data/bundle/read-json.ts';
import { createNeo4jDriver } from '../../data/neo4j/connection.ts';
import { loadNetworkFromNeo4j } from '../../data/neo4j/load-network.ts';
import { bundleDir } from '../helpers/bundle-dir.ts';
import {
  clearNeo4j,
  neo4jRequired,
  neo4jSkipReason,
  startNeo4jForSuite,
  type SuiteNeo4j,
} from '../helpers/neo4j-server.ts';

const TODAY = new Date('2026-11-23T00:00:00Z');

/** The bad values, and the message each must give whatever the source. */
const EXPECTED = [
  'size (employees) -5 must be at least 0',
  'lat 200 must be at most 90',
  'lon -181 must be at least -180',
  'founded (year) 2031 must be at most 2026',
  'level 7 must be at most 5',
  'priority 0 must be at least 1',
  '"2019-02-31" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-03-01)',
  '"2019-13" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-03-01)',
  'ends (2018) before it starts (2020); swap or fix the dates',
  'starts in the future (2031-01); record collaborations that have started, or fix the date',
  'weight 0 must be greater than 0',
].sort();

const CSV = {
  'businesses.csv': 'id,name,size,lat,lon,founded\nb1,Alpha,-5,200,-181,2031\nb2,Beta,,,,\n',
  'capabilities.csv': 'business_id,capability,level\nb1,welding,7\n',
  'needs.csv': 'business_id,capability,priority\nb2,welding,0\n',
  'collaborations.csv':
    'source,target,weight,start,end\nb1,b2,,2019-02-31,\nb1,b2,,2019-13,\nb1,b2,,2020,2018\nb1,b2,,2031-01,\nb1,b2,0,,\n',
};

const JSON_NETWORK = {
  nodes: [
    {
      key: 'b1',
      attributes: {
        name: 'Alpha',
        size: -5,
        lat: 200,
        lon: -181,
        founded: 2031,
        capabilities: [{ name: 'welding', level: 7 }],
      },
    },
    { key: 'b2', attributes: { name: 'Beta', needs: [{ name: 'welding', priority: 0 }] } },
  ],
  edges: [
    {
      source: 'b1',
      target: 'b2',
      attributes: {
        events: [
          { start: '2019-02-31' },
          { start: '2019-13' },
          { start: '2020', end: '2018' },
          { start: '2031-01' },
          { weight: 0 },
        ],
      },
    },
  ],
};

const CYPHER = `CREATE (a:Business {id: 'b1', name: 'Alpha', size: -5, lat: 200, lon: -181, founded: 2031}),
  (b:Business {id: 'b2', name: 'Beta'}), (c:Capability {name: 'welding'}),
  (a)-[:HAS_CAPABILITY {level: 7}]->(c), (b)-[:NEEDS {priority: 0}]->(c),
  (a)-[:COLLABORATED_WITH {start: '2019-02-31'}]->(b),
  (a)-[:COLLABORATED_WITH {start: '2019-13'}]->(b),
  (a)-[:COLLABORATED_WITH {start: 2020, end: '2018'}]->(b),
  (a)-[:COLLABORATED_WITH {start: '2031-01'}]->(b),
  (a)-[:COLLABORATED_WITH {weight: 0}]->(b)`;

async function issuesOf(load: () => Promise<unknown>) {
  const error = await load().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BundleError);
  return (error as BundleError).issues;
}

describe('record validation › one check for every source', () => {
  it('checks partial dates against the calendar', () => {
    const valid = ['2019', '2019-12', '2020-02-29', '2019-04-30', '1000'];
    const invalid = [
      '2019-13',
      '2019-00',
      '2019-02-29',
      '2019-02-31',
      '2019-04-31',
      '999',
      '2019-1',
      '2019/01',
    ];
    expect(valid.filter(isPartialIsoDate)).toEqual(valid);
    expect(invalid.filter(isPartialIsoDate)).toEqual([]);
  });

  it('refuses the bad records of a CSV bundle with their file, line and column', async () => {
    const issues = await issuesOf(() => readBundle(bundleDir(CSV), { today: TODAY }));
    expect(issues.map((i) => i.message).sort()).toEqual(EXPECTED);
    expect(issues.find((i) => i.message.startsWith('lat'))).toEqual({
      file: 'businesses.csv',
      line: 2,
      column: 'lat',
      message: 'lat 200 must be at most 90',
    });
  });

  it('refuses the same records in graphology JSON with the same messages and their JSON path', async () => {
    const issues = await issuesOf(async () =>
      recordsFromSerialized(JSON_NETWORK, 'net.json', { today: TODAY }),
    );
    expect(issues.map((i) => i.message).sort()).toEqual(EXPECTED);
    expect(issues.find((i) => i.message.startsWith('level'))?.column).toBe(
      'nodes.0.attributes.capabilities.0.level',
    );
    expect(issues.find((i) => i.message.startsWith('ends'))?.column).toBe('edges.0.attributes.events.2.end');
  });

  it('refuses unknown and self-referring businesses with the same messages in CSV and JSON', async () => {
    const csv = await issuesOf(() =>
      readBundle(
        bundleDir({
          'businesses.csv': 'id,name\nb1,A\n',
          'collaborations.csv': 'source,target\nb1,b1\nb1,zz\n',
        }),
        { today: TODAY },
      ),
    );
    const json = await issuesOf(async () =>
      recordsFromSerialized({
        nodes: [{ key: 'b1', attributes: { name: 'A' } }],
        edges: [
          { source: 'b1', target: 'b1', attributes: {} },
          { source: 'b1', target: 'zz', attributes: {} },
        ],
      }),
    );
    const expected = [
      'business "b1" cannot collaborate with itself; remove the collaboration or fix the target',
      'unknown business id "zz"; add the business or fix the id',
    ];
    expect(csv.map((i) => i.message)).toEqual(expected);
    expect(json.map((i) => i.message)).toEqual(expected);
  });
});

const skip = neo4jRequired ? undefined : neo4jSkipReason();
describe.skipIf(skip !== undefined)(`record validation › Neo4j${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: SuiteNeo4j;
  let driver: Driver;

  beforeAll(async () => {
    server = await startNeo4jForSuite();
    driver = createNeo4jDriver(server.config);
  }, 180_000);
  afterAll(async () => {
    await driver?.close();
    await server?.stop();
  });

  it('refuses the same records stored in Neo4j with the same messages, naming the record', async () => {
    const database = server.config.database;
    await clearNeo4j(driver, database);
    await driver.executeQuery(CYPHER, {}, database !== undefined ? { database } : {});
    const issues = await issuesOf(() => loadNetworkFromNeo4j(driver, { database, today: TODAY }));
    expect(issues.map((i) => i.message).sort()).toEqual(EXPECTED);
    expect(issues.find((i) => i.message.startsWith('lat'))).toEqual({
      file: '(:Business)',
      record: 'business "b1"',
      column: 'lat',
      message: 'lat 200 must be at most 90',
    });
    expect(issues.find((i) => i.message.startsWith('level'))?.record).toBe(
      'business "b1", capability "welding"',
    );
  });
});
