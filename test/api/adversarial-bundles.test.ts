/**
 * Hostile bundles from the adversarial pass of issue 18: bad dates, huge numbers, duplicate ids
 * and control characters are refused with file, line, column and a fix; what is accepted gives
 * a network whose every number is finite. The same bundles uploaded to POST /api/import get a
 * 400 problem+json listing the problems, never a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../analysis/build-graph.ts';
import { businessIdProblem, DATA_LIMITS, type NetworkRecords, yearOf } from '../../analysis/domain.ts';
import { BundleError } from '../../analysis/errors.ts';
import { readApiKeys } from '../../api/auth.ts';
import { loadFromPathInChild } from '../../compute/load-in-child.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';
import { recordsFromSerialized } from '../../data/bundle/read-json.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import { bundleDir } from '../helpers/bundle-dir.ts';
import { startApp } from '../helpers/start-app.ts';
import { stubNeo4j } from '../helpers/stub-neo4j.ts';

const TODAY = new Date('2026-11-23T00:00:00Z');
const BUSINESSES = 'id,name,size,founded\nb1,Alpha,12,1990\nb2,Beta,40,\nb3,Gamma,,\n';
const COLLABORATIONS = 'source,target,weight,start,end\nb1,b2,2,2019,2021\nb2,b3,1,2020-05-01,\n';

async function issuesOf(files: Record<string, string>) {
  const error = await readBundle(bundleDir(files), { today: TODAY }).catch((e: unknown) => e);
  expect(error, JSON.stringify(files)).toBeInstanceOf(BundleError);
  return (error as BundleError).issues;
}

describe('hostile bundles › refused with where and how to fix', () => {
  const cases: [
    string,
    Record<string, string>,
    { file: string; line: number; column: string; message: RegExp },
  ][] = [
    [
      'a month 13',
      { 'collaborations.csv': 'source,target,weight,start\nb1,b2,1,2020-13-01\n' },
      {
        file: 'collaborations.csv',
        line: 2,
        column: 'start',
        message: /"2020-13-01" is not a date; use YYYY/,
      },
    ],
    [
      'the 29th of February of a common year',
      { 'collaborations.csv': 'source,target,weight,start\nb1,b2,1,2019-02-29\n' },
      { file: 'collaborations.csv', line: 2, column: 'start', message: /"2019-02-29" is not a date/ },
    ],
    [
      'a time of day',
      { 'collaborations.csv': 'source,target,weight,start\nb1,b2,1,2020-02-03T10:00\n' },
      { file: 'collaborations.csv', line: 2, column: 'start', message: /is not a date/ },
    ],
    [
      'a year before 1900 (a timeline of a thousand years)',
      { 'collaborations.csv': 'source,target,weight,start\nb1,b2,1,1020\n' },
      {
        file: 'collaborations.csv',
        line: 2,
        column: 'start',
        message: /"1020" is before 1900; .*fix the year/,
      },
    ],
    [
      'a five-digit year',
      { 'collaborations.csv': 'source,target,weight,end\nb1,b2,1,20201\n' },
      { file: 'collaborations.csv', line: 2, column: 'end', message: /"20201" is not a date/ },
    ],
    [
      'a weight that overflows to Infinity',
      { 'collaborations.csv': 'source,target,weight\nb1,b2,1e309\n' },
      { file: 'collaborations.csv', line: 2, column: 'weight', message: /weight "1e309" is not a number/ },
    ],
    [
      'weights whose sum would be Infinity',
      { 'collaborations.csv': 'source,target,weight\nb1,b2,1e308\nb2,b1,1.7e308\n' },
      {
        file: 'collaborations.csv',
        line: 2,
        column: 'weight',
        message: /weight 1e\+308 must be at most 1000000/,
      },
    ],
    [
      'a size of 1e23 employees',
      { 'businesses.csv': 'id,name,size\nb1,A,100000000000000000000000\nb2,B,\nb3,C,\n' },
      {
        file: 'businesses.csv',
        line: 2,
        column: 'size',
        message: /size \(employees\) .* must be at most 10000000/,
      },
    ],
    [
      'a latitude of 1e400',
      { 'businesses.csv': 'id,name,lat\nb1,A,1e400\nb2,B,\nb3,C,\n' },
      { file: 'businesses.csv', line: 2, column: 'lat', message: /lat "1e400" is not a number/ },
    ],
    [
      'a level of 1e1',
      {
        'capabilities.csv': 'business_id,capability,level\nb1,milling,1e1\n',
      },
      {
        file: 'capabilities.csv',
        line: 2,
        column: 'level',
        message: /level 10 must be at most 5/,
      },
    ],
    [
      'a founding year in the future',
      { 'businesses.csv': 'id,name,founded\nb1,A,2999\nb2,B,\nb3,C,\n' },
      {
        file: 'businesses.csv',
        line: 2,
        column: 'founded',
        message: /founded \(year\) 2999 must be at most 2026/,
      },
    ],
    [
      'a duplicate id, padded with spaces',
      { 'businesses.csv': 'id,name\nb1,A\nb2,B\nb3,C\n" b1 ",D\n' },
      {
        file: 'businesses.csv',
        line: 5,
        column: 'id',
        message: /duplicate business id "b1" \(first on line 2\)/,
      },
    ],
    [
      'an id with a NUL',
      { 'businesses.csv': 'id,name\nb1,A\nb2,B\nb3,C\n"b\u00001",D\n' },
      { file: 'businesses.csv', line: 5, column: 'id', message: /contains the control character U\+0000/ },
    ],
    [
      'an id with a line break',
      { 'businesses.csv': 'id,name\nb1,A\nb2,B\nb3,C\n"b1\nb1",D\n' },
      {
        file: 'businesses.csv',
        line: 5 /* a quoted record over two lines: the line it starts on */,
        column: 'id',
        message: /contains the control character U\+000A/,
      },
    ],
  ];
  for (const [what, files, expected] of cases) {
    it(`refuses ${what}`, async () => {
      const issues = await issuesOf({
        'businesses.csv': BUSINESSES,
        'collaborations.csv': COLLABORATIONS,
        ...files,
      });
      expect(issues).toContainEqual({ ...expected, message: expect.stringMatching(expected.message) });
    });
  }

  it('refuses the same in a JSON network, with the JSON path', () => {
    const node = (key: string, extra: Record<string, unknown> = {}) => ({
      key,
      attributes: { name: key, ...extra },
    });
    const refuse = (data: unknown, path: string, message: RegExp) => {
      let error: unknown;
      try {
        recordsFromSerialized(data);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BundleError);
      expect((error as BundleError).issues).toContainEqual(
        expect.objectContaining({ column: path, message: expect.stringMatching(message) }),
      );
    };
    const edge = (attributes: Record<string, unknown>) => ({ source: 'a', target: 'b', attributes });
    refuse(
      { nodes: [node('a'), node('a\u0001'), node('b')], edges: [] },
      'nodes.1.key',
      /control character U\+0001/,
    );
    refuse(
      { nodes: [node('a', { size: 1e23 }), node('b')], edges: [] },
      'nodes.0.attributes.size',
      /10000000/,
    );
    refuse(
      { nodes: [node('a'), node('b')], edges: [edge({ events: [{ weight: 1e308 }] })] },
      'edges.0.attributes.events.0.weight',
      /1000000/,
    );
    refuse(
      { nodes: [node('a'), node('b')], edges: [edge({ events: [{ weight: 1, start: '1020' }] })] },
      'edges.0.attributes.events.0.start',
      /from 1900 on/,
    );
  });

  it('refuses a non-finite weight from any source in the graph builder, naming the pair', () => {
    for (const weight of [Infinity, Number.NaN, 0, -1, 1e308]) {
      expect(() =>
        buildGraph({
          businesses: [
            { id: 'a', name: 'A' },
            { id: 'b', name: 'B' },
          ],
          capabilities: [],
          needs: [],
          collaborations: [{ source: 'a', target: 'b', weight }],
        }),
      ).toThrow(/"a" – "b" has weight .*; use a number above 0 and at most 1000000/);
    }
  });
});

/** Cells that have broken loaders: dates, numbers, ids and text at their edges. */
const hostileCell = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-0',
    '1',
    '5',
    '1e308',
    '1.7e308',
    '1e309',
    '5e-324',
    '999999999999999999999999',
    '-1',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '2019',
    '1899',
    '1900',
    '1020',
    '0999',
    '2019-02-29',
    '2020-02-29',
    '2020-13-01',
    '2020-00-10',
    '2031',
    '2026-11-24',
    '20201',
    'b1',
    'b2',
    'b3',
    ' b1 ',
    'b1\u0001',
    'b\u00002',
    'b1\u0085',
    'b1--b2',
    'true',
    'yes',
    '=1+1',
  ),
  fc.string({ maxLength: 6 }),
);
const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const rows = (columns: number, max: number) =>
  fc.array(fc.array(hostileCell, { minLength: columns, maxLength: columns }), { maxLength: max });
const csv = (header: string, body: string[][]) =>
  [header, ...body.map((r) => r.map(quote).join(','))].join('\n');

describe('hostile bundles › property: refused with located messages, or accepted with finite values only', () => {
  it('never accepts a bad date, a number out of range, a duplicate or unsafe id, and says where', async () => {
    await fc.assert(
      fc.asyncProperty(rows(4, 5), rows(5, 6), rows(3, 3), async (biz, collab, caps) => {
        const files = {
          'businesses.csv': csv('id,name,size,founded', [
            ['b1', 'A', '', ''],
            ['b2', 'B', '', ''],
            ['b3', 'C', '', ''],
            ...biz,
          ]),
          'collaborations.csv': csv('source,target,weight,start,end', collab),
          'capabilities.csv': csv('business_id,capability,level', caps),
        };
        let records;
        try {
          records = await readBundle(bundleDir(files), { today: TODAY });
        } catch (error) {
          expect(error).toBeInstanceOf(BundleError);
          for (const issue of (error as BundleError).issues) {
            expect(issue.file).toMatch(/\.csv$|^bundle$/);
            if (issue.file !== 'bundle') expect(issue.line, issue.message).toBeGreaterThanOrEqual(1);
            expect(issue.message.length).toBeGreaterThan(10);
          }
          return;
        }
        const ids = records.businesses.map((b) => b.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(businessIdProblem(id), JSON.stringify(id)).toBeUndefined();
        for (const b of records.businesses) {
          if (b.size !== undefined)
            expect(Number.isSafeInteger(b.size) && b.size <= DATA_LIMITS.maxEmployees).toBe(true);
          if (b.founded !== undefined) expect(b.founded).toBeLessThanOrEqual(2026);
        }
        for (const c of records.collaborations) {
          expect(c.weight > 0 && c.weight <= DATA_LIMITS.maxWeight, String(c.weight)).toBe(true);
          for (const d of [c.start, c.end]) {
            if (d === undefined) continue;
            expect(yearOf(d)).toBeGreaterThanOrEqual(DATA_LIMITS.firstYear);
            expect(
              new Date(`${d}${d.length === 4 ? '-01-01' : d.length === 7 ? '-01' : ''}T00:00:00Z`)
                .toISOString()
                .startsWith(d),
            ).toBe(true);
          }
        }
        for (const c of records.capabilities) expect([1, 2, 3, 4, 5]).toContain(c.level);
        const graph = buildGraph(records);
        graph.forEachEdge((_e, attrs) => expect(Number.isFinite(attrs.weight)).toBe(true));
      }),
      { numRuns: 250, seed: 18_2026 },
    );
  });
});

describe('hostile bundles › uploaded to POST /api/import', async () => {
  const ADMIN = 'hostile-admin-key-0123456789';
  const app = await startApp(
    bundleDir({ 'businesses.csv': BUSINESSES, 'collaborations.csv': COLLABORATIONS }),
    {
      keys: readApiKeys({ API_KEYS: `${ADMIN}:admin` }),
      rateLimit: { perSecond: 1e6, burst: 1e6 },
      neo4j: stubNeo4j,
    },
  );

  it('answers each with 400 problem+json listing the problems, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(rows(4, 3), rows(5, 4), async (biz, collab) => {
        const zip = zipSync({
          'businesses.csv': strToU8(
            csv('id,name,size,founded', [['b1', 'A', '', ''], ['b2', 'B', '', ''], ...biz]),
          ),
          'collaborations.csv': strToU8(csv('source,target,weight,start,end', collab)),
        });
        const res = await fetch(`${app.url}/api/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/zip', 'x-api-key': ADMIN },
          body: zip,
        });
        const text = await res.text();
        expect(res.status, text.slice(0, 300)).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
        }
      }),
      { numRuns: 60, seed: 18_2026 },
    );
  });
});

describe('hostile bundles › columns named like the keys of Object.prototype', () => {
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
  /** A bundle with an extra column of each name in every file (`extra` for a plain one). */
  const hostile = (names: string[]) => ({
    'businesses.csv': `id,name,${names.join(',')},website\nb1,Alpha,${names.map((n) => `${n}-1`).join(',')},w1\nb2,Beta,${names.map(() => '').join(',')},\nb3,Gamma,${names.map((n) => `${n}-3`).join(',')},w3\n`,
    'capabilities.csv': `business_id,capability,level,${names.join(',')}\nb1,welding,4,${names.map(() => 'x').join(',')}\n`,
    'needs.csv': `business_id,capability,${names.join(',')}\nb2,welding,${names.map(() => 'x').join(',')}\n`,
    'collaborations.csv': `${COLLABORATIONS.trimEnd().split('\n')[0]},${names.join(',')}\n${COLLABORATIONS.trimEnd()
      .split('\n')
      .slice(1)
      .map((row) => `${row},${names.map(() => '{polluted:1}').join(',')}`)
      .join('\n')}\n`,
  });
  const expected = (id: string) =>
    id === 'b2'
      ? undefined
      : [...NAMES.map((n) => [n, `${n}-${id.slice(1)}`]), ['website', `w${id.slice(1)}`]];
  const entriesOf = (records: NetworkRecords) =>
    records.businesses.map((b) => (b.attributes ? Object.entries(b.attributes) : undefined));

  it('keeps them in businesses.csv as attributes like any other extra column, and ignores them elsewhere like any other', async () => {
    const records = await readBundle(bundleDir(hostile(NAMES)), { today: TODAY });
    expect(entriesOf(records)).toEqual(['b1', 'b2', 'b3'].map(expected));
    // capabilities, needs and collaborations: an extra column is ignored, whatever its name.
    const plain = await readBundle(bundleDir(hostile(['note', 'memo', 'remark', 'other'])), { today: TODAY });
    const { businesses: _, ...rest } = records;
    const { businesses: __, ...plainRest } = plain;
    expect(rest).toEqual(plainRest);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('round-trips them through the bundle writer, the JSON export, the child-process loader and the business profile', async () => {
    const records = await readBundle(bundleDir(hostile(NAMES)), { today: TODAY });
    const written = mkdtempSync(join(tmpdir(), 'pa-hostile-'));
    try {
      writeBundle(written, records);
      expect(entriesOf(await readBundle(written, { today: TODAY }))).toEqual(entriesOf(records));
      const json = JSON.parse(JSON.stringify(buildGraph(records).export())) as unknown;
      expect(entriesOf(recordsFromSerialized(json, 'network.json', { today: TODAY }))).toEqual(
        entriesOf(records),
      );
      expect(entriesOf((await loadFromPathInChild(written)).records)).toEqual(entriesOf(records));
      const app = await startApp(written);
      const profile = (await (await fetch(`${app.url}/api/businesses/b1`)).json()) as {
        business: { attributes: Record<string, string> };
      };
      expect(Object.entries(profile.business.attributes)).toEqual(expected('b1'));
      await app.close();
    } finally {
      rmSync(written, { recursive: true, force: true });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a JSON network whose attributes map __proto__ to an object, polluting nothing', () => {
    const json = JSON.parse(
      '{"nodes":[{"key":"a","attributes":{"name":"A","attributes":{"__proto__":{"polluted":"yes"}}}},{"key":"b","attributes":{"name":"B"}}],"edges":[{"source":"a","target":"b"}]}',
    ) as unknown;
    const error = (() => {
      try {
        recordsFromSerialized(json, 'network.json', { today: TODAY });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).issues).toEqual([
      {
        file: 'network.json',
        column: 'nodes.0.attributes.attributes',
        message: 'attributes must be names mapped to text',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
