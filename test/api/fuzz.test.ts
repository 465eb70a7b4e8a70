import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Neo4jAccess } from '../../api/load-source.ts';
import { ROUTES } from '../../api/route-table.ts';
import { startApp } from '../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');
const NAMES = [
  'q',
  'sector',
  'capability',
  'community',
  'limit',
  'cursor',
  'weights',
  'horizon',
  'project',
  'format',
  'sort',
  'direction',
  'includeExisting',
  'from',
  'to',
  'asOf',
  'years',
  'sizeBy',
  'version',
  'replace',
  '__proto__',
  'constructor',
];
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e309',
    'NaN',
    '{"trust":1}',
    'trust:2',
    'é',
    '%00',
    "'; DROP",
    '9'.repeat(40),
    '{"__proto__":{"x":1}}',
  ),
  fc.integer().map(String),
);
const query = fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 })), text, {
  maxKeys: 4,
});
const json = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      capabilities: fc.oneof(fc.array(text, { maxLength: 4 }), text, fc.constant(['surface coatings'])),
      anchor: fc.oneof(text, fc.constant('b0001')),
      maxSize: fc.oneof(fc.integer({ min: -3, max: 40 }), text),
      alternatives: fc.oneof(fc.integer({ min: -3, max: 40 }), text),
      removeBusinesses: fc.array(text, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);
const id = fc.oneof(fc.constantFrom('b0001', 'b0150', 'nope'), fc.string({ minLength: 1, maxLength: 20 }));

describe('api › random input never makes a 500', async () => {
  // A stand-in importer, so uploads get past "Neo4j not configured" to the zip and bundle checks.
  const neo4j: Neo4jAccess = {
    source: 'neo4j:test',
    ping: async () => {},
    importRecords: async (records, { replace }) => {
      const n = {
        businesses: records.businesses.length,
        capabilities: 0,
        held: 0,
        needs: 0,
        collaborations: 0,
      };
      return { written: n, stored: n, batches: 1, replaced: replace };
    },
  };
  const app = await startApp(SAMPLE, { rateLimit: { perSecond: 1e6, burst: 1e6 }, neo4j });
  const routes = ROUTES.filter((r) => r.path !== '/reload');

  for (const route of routes) {
    it(`${route.method.toUpperCase()} ${route.path}: status < 500 and no stack trace`, async () => {
      await fc.assert(
        fc.asyncProperty(id, query, json, fc.boolean(), async (bid, q, body, rawBody) => {
          const path = route.path.replace(':id', encodeURIComponent(bid));
          const search = new URLSearchParams(q).toString();
          const res = await fetch(`${app.url}/api${path}${search ? `?${search}` : ''}`, {
            method: route.method.toUpperCase(),
            headers: { 'content-type': rawBody ? 'application/json' : 'application/zip' },
            ...(route.method === 'post' && {
              body: rawBody ? JSON.stringify(body) : JSON.stringify(body).slice(0, 50),
            }),
          });
          const text = await res.text();
          expect(
            res.status,
            `${path}?${search} ${JSON.stringify(body)} → ${text.slice(0, 200)}`,
          ).toBeLessThan(500);
          expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
        }),
        { numRuns: 25, seed: 42 },
      );
    });
  }
});
