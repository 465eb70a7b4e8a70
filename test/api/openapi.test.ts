import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, openApiPath } from '../../api/openapi.ts';
import { ROUTES } from '../../api/route-table.ts';
import { startApp } from '../helpers/start-app.ts';
import { sampleRequest } from './sample-requests.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

interface Operation {
  'x-required-role'?: string;
  'x-rate-limited'?: boolean;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  responses: Record<string, unknown>;
}
type Paths = Record<string, Record<string, Operation>>;

const send = (url: string, route: (typeof ROUTES)[number], headers: Record<string, string> = {}) => {
  const { path, init } = sampleRequest(route);
  return fetch(`${url}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...((init.headers as Record<string, string>) ?? {}),
      ...headers,
    },
  });
};

describe('api › route table, OpenAPI document and live app agree', async () => {
  const app = await startApp(SAMPLE);
  const doc = buildOpenApi(ROUTES) as { openapi: string; paths: Paths };

  it('documents one operation per table row, with its role and rate limit, and nothing else', () => {
    expect(ROUTES.length).toBeGreaterThan(15);
    const rows = ROUTES.map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect(new Set(rows).size).toBe(rows.length);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual([...rows].sort());
    for (const r of ROUTES) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method] as Operation;
      if (r.role === 'public') expect(op.security, r.path).toEqual([]);
      else expect(op['x-required-role'], r.path).toBe(r.role);
      expect(op['x-rate-limited'] === true, r.path).toBe(r.rateLimited === true);
      expect('429' in op.responses, r.path).toBe(r.rateLimited === true);
      expect('403' in op.responses, r.path).toBe(r.role === 'analyst' || r.role === 'admin');
    }
  });

  it('is OpenAPI 3.1 with parameters, errors and security, served as built', async () => {
    const served = await (await fetch(`${app.url}/api/openapi.json`)).json();
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(doc.openapi).toBe('3.1.0');
    const list = doc.paths['/api/businesses']!.get!;
    expect(list.parameters.map((p) => p.name)).toEqual([
      'q',
      'sector',
      'capability',
      'community',
      'limit',
      'cursor',
    ]);
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '304', '400', '401']));
    expect(doc.paths['/api/businesses/{id}']!.get!.parameters[0]).toMatchObject({
      in: 'path',
      required: true,
    });
  });

  it('answers every row over HTTP with a status and a media type its documented operation lists', async () => {
    // The answers' bodies against their schemas: test/api/contract.test.ts.
    const alternativeQuery: Record<string, string> = {
      'text/csv': 'format=csv',
      'application/gexf+xml': 'format=gexf',
      'application/graphml+xml': 'format=graphml',
    };
    let checked = 0;
    for (const route of ROUTES) {
      const op = doc.paths[openApiPath(route.path)]![route.method]! as Operation & {
        responses: Record<string, { content?: Record<string, unknown> }>;
      };
      const { path } = sampleRequest(route);
      const variants = [
        { url: path, query: '' },
        ...(route.alternatives ?? [])
          .filter((t) => alternativeQuery[t] !== undefined)
          .map((t) => ({ url: `${path}?${alternativeQuery[t]}`, query: t })),
      ];
      for (const { url, query } of variants) {
        const { init } = sampleRequest(route);
        const res = await fetch(`${app.url}${url}`, {
          ...init,
          headers: {
            'content-type': 'application/json',
            ...((init.headers as Record<string, string>) ?? {}),
          },
        });
        await res.arrayBuffer();
        const what = `${route.method} ${url}`;
        const documented = op.responses[String(res.status)];
        expect(documented, `${what}: status ${res.status} is not documented`).toBeDefined();
        const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
        expect(Object.keys(documented!.content ?? {}), what).toContain(type);
        if (query) expect(type, what).toBe(query);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(ROUTES.length);
  });

  it('registers only the rows: the other method on a row’s path is 405, with the methods it takes', async () => {
    for (const route of ROUTES) {
      const other = route.method === 'get' ? 'post' : 'get';
      if (ROUTES.some((r) => r.path === route.path && r.method === other)) continue;
      const { path } = sampleRequest(route);
      const res = await fetch(`${app.url}${path}`, { method: other.toUpperCase() });
      expect(res.status, `${other} ${path}`).toBe(405);
      expect(res.headers.get('allow'), path).toBe(route.method === 'get' ? 'GET, HEAD' : 'POST');
      await res.body?.cancel();
    }
  });

  it('rate limits exactly the flagged rows, from one bucket per caller', async () => {
    // One token and (practically) no refill: the first flagged request takes it, every later
    // flagged request is refused, and unflagged rows never are.
    const limited = await startApp(SAMPLE, { rateLimit: { perSecond: 1e-6, burst: 1 } });
    const flagged = ROUTES.filter((r) => r.rateLimited);
    expect(flagged.length).toBeGreaterThan(3);
    let first = true;
    for (const route of ROUTES) {
      for (const attempt of [1, 2]) {
        const res = await send(limited.url, route);
        const { ok } = sampleRequest(route);
        const expected = !route.rateLimited ? ok : first ? ok : 429;
        expect(res.status, `${route.method} ${route.path} #${attempt}`).toBe(expected);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        if (route.rateLimited) first = false;
        await res.body?.cancel();
      }
    }
  });

  it('serves a readable HTML page of every row, without scripts', async () => {
    const res = await fetch(`${app.url}/api/docs`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const r of ROUTES) expect(html).toContain(openApiPath(r.path));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Bearer');
  });
});
