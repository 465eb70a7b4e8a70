/**
 * The typed contract holds: every route's real answer on the sample parses with the response
 * schema its route-table row declares (api/schemas/responses.ts), strictly — a key the schema
 * does not declare fails — so the types the page takes from api/contract.ts are what the API
 * sends. Besides each row's sample request, a few requests that fill the parts the sample
 * request leaves empty (rare capabilities, runners-up, gaps, an anchor, explicit weights).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { readApiKeys } from '../../api/auth.ts';
import { ROUTES, type Route } from '../../api/route-table.ts';
import { Problem } from '../../api/schemas/responses.ts';
import { startApp } from '../helpers/start-app.ts';
import { sampleRequest } from './sample-requests.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');
const KEYS = {
  reader: 'reader-key-0123456789',
  analyst: 'analyst-key-0123456789',
  admin: 'admin-key-0123456789',
};

/** Requests beyond the sample ones, per row path, that reach the parts it leaves empty. */
const MORE: Record<string, { path: string; body?: unknown }[]> = {
  // b0038 holds two of the rarest capabilities of the sample; b0108 holds a confidential one.
  '/businesses/:id/questions': [
    { path: '/api/businesses/b0038/questions' },
    { path: '/api/businesses/b0108/questions?horizon=1' },
    { path: '/api/businesses/b0003/questions?project=machine%20vision,space%20qualification%20testing' },
  ],
  '/businesses/:id/suggestions': [
    { path: '/api/businesses/b0038/suggestions?limit=20&includeExisting=true' },
    { path: '/api/businesses/b0003/suggestions?weights=complementarity:1,trust:1' },
  ],
  '/businesses/:id': [{ path: '/api/businesses/b0108' }],
  '/consortia': [
    {
      path: '/api/consortia',
      body: {
        capabilities: ['aerostructure assembly', 'machine vision', 'space qualification testing'],
        anchor: 'b0038',
      },
    },
  ],
  '/reports/centrality': [{ path: '/api/reports/centrality?format=json&sort=betweenness' }],
  '/network/key-players': [{ path: '/api/network/key-players?limit=50&asOf=2020' }],
  '/businesses/:id/health': [{ path: '/api/businesses/b0038/health' }],
  '/what-if': [
    {
      path: '/api/what-if',
      body: {
        removeBusinesses: ['b0038', 'b0100'],
        addCollaborations: [{ source: 'b0001', target: 'b0002' }],
      },
    },
  ],
};

/** Where `schema` refuses `body`: one line per issue (path and message), empty when it parses. */
function refusals(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** The number of non-empty arrays under `value`: a parse of nothing but empty lists proves little. */
function filledArrays(value: unknown): number {
  if (Array.isArray(value))
    return (value.length > 0 ? 1 : 0) + value.reduce((s: number, v) => s + filledArrays(v), 0);
  if (typeof value === 'object' && value !== null)
    return Object.values(value).reduce((s: number, v) => s + filledArrays(v), 0);
  return 0;
}

describe('api › contract: every answer parses strictly with its declared response schema', async () => {
  const keys = readApiKeys({
    API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst,${KEYS.admin}:admin`,
  });
  const app = await startApp(SAMPLE, { keys, rateLimit: { perSecond: 1e9, burst: 1e9 } });

  const call = async (route: Route, role: keyof typeof KEYS, path: string, init: RequestInit) => {
    const res = await fetch(`${app.url}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...((init.headers as Record<string, string>) ?? {}),
        'x-api-key': KEYS[role],
      },
    });
    const type = res.headers.get('content-type') ?? '';
    const body: unknown = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, type, body, route };
  };

  it('refuses an answer with a key its schema does not declare, and one that lacks a field', () => {
    const health = ROUTES.find((r) => r.path === '/health')!;
    expect(refusals(health.response, { status: 'ok' })).toEqual([]);
    expect(refusals(health.response, { status: 'ok', extra: 1 }).join()).toMatch(/extra/);
    const consortium = ROUTES.find((r) => r.path === '/consortia')!;
    expect(refusals(consortium.response, { teams: [] }).length).toBeGreaterThan(0);
  });

  for (const role of ['analyst', 'reader'] as const) {
    it(`as ${role}: every row's sample answer, and the fuller ones, parse`, async () => {
      const failures: string[] = [];
      let parsed = 0;
      let filled = 0;
      for (const route of ROUTES) {
        // Rows that need more than this role are called with their own (a lesser key gets 403,
        // which test/api/access.test.ts covers).
        const as = route.role === 'admin' || route.role === 'analyst' ? route.role : role;
        const sample = sampleRequest(route);
        const requests = [
          { path: sample.path, init: sample.init, ok: sample.ok },
          ...(MORE[route.path] ?? []).map((r) => ({
            path: r.path,
            init: r.body === undefined ? { method: 'GET' } : { method: 'POST', body: JSON.stringify(r.body) },
            ok: 200,
          })),
        ];
        for (const { path, init, ok } of requests) {
          const answer = await call(route, as, path, init);
          expect(answer.status, `${route.method} ${path}`).toBe(ok);
          // Without Neo4j the import's answer is a problem: it must still be one.
          const schema = ok >= 400 ? Problem : route.response;
          for (const why of refusals(schema, answer.body)) failures.push(`${route.method} ${path}: ${why}`);
          parsed++;
          filled += filledArrays(answer.body);
        }
      }
      expect(failures).toEqual([]);
      expect(parsed).toBeGreaterThan(ROUTES.length);
      expect(filled).toBeGreaterThan(100);
    }, 60_000);
  }

  it('sees the parts the sample request leaves empty filled by the fuller requests', async () => {
    const get = async (path: string) =>
      (await fetch(`${app.url}${path}`, { headers: { 'x-api-key': KEYS.analyst } })).json();
    const rare = await get('/api/businesses/b0038/questions');
    expect(rare.whatOnlyWeCanDo.rare.length).toBeGreaterThan(0);
    expect(rare.whatWeDoBetterThanAnyoneWeKnow.some((s: { runnerUp: unknown }) => s.runnerUp !== null)).toBe(
      true,
    );
    const teams = await (
      await fetch(`${app.url}/api/consortia`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEYS.analyst },
        body: JSON.stringify(MORE['/consortia']![0]!.body),
      })
    ).json();
    expect(teams.gaps).toEqual(['space qualification testing']);
    expect(teams.anchor).toBe('b0038');
    expect(teams.teams.length).toBeGreaterThan(0);
    const weighted = await get('/api/businesses/b0003/suggestions?weights=complementarity:1,trust:1');
    expect(weighted.weights).not.toBeNull();
  });
});
