import { resolve } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { buildOpenApi, openApiPath, ROUTES } from '../../api/openapi.ts';
import { createSnapshot, SnapshotStore } from '../../api/snapshot.ts';
import { loadFromPath } from '../../data/sources/load-network.ts';
import { startApp } from '../helpers/start-app.ts';
import { sampleRequest } from './sample-requests.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD path` Express has registered under /api, walking nested routers. */
function registeredRoutes(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const m of Object.keys(layer.route.methods))
        if (m !== '_all') for (const p of paths) out.push(`${m} ${p}`);
    } else if (layer.handle?.stack) out.push(...registeredRoutes(layer.handle.stack));
  }
  return out;
}

describe('api › OpenAPI document', async () => {
  const { records, source } = await loadFromPath(SAMPLE);
  const store = new SnapshotStore(createSnapshot(records, source), () => loadFromPath(SAMPLE));
  const express = createApp({ store, logger: pino({ level: 'silent' }) });
  const app = await startApp(SAMPLE);
  const doc = buildOpenApi() as { openapi: string; paths: Record<string, Record<string, unknown>> };

  it('describes every route Express registers, and nothing else', () => {
    const registered = registeredRoutes((express as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(registered.length).toBeGreaterThan(10);
    const described = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect([...registered].sort()).toEqual([...new Set(registered)].sort());
    expect(new Set(registered)).toEqual(new Set(described));
    for (const r of ROUTES) expect(doc.paths[openApiPath(r.path)]?.[r.method], r.path).toBeDefined();
  });

  it('is OpenAPI 3.1 with parameters, errors and security', async () => {
    const served = await (await fetch(`${app.url}/api/openapi.json`)).json();
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(doc.openapi).toBe('3.1.0');
    const list = doc.paths['/api/businesses']!.get as {
      parameters: { name: string }[];
      responses: Record<string, unknown>;
    };
    expect(list.parameters.map((p) => p.name)).toEqual([
      'q',
      'sector',
      'capability',
      'community',
      'limit',
      'cursor',
    ]);
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '304', '400', '401']));
    const profile = doc.paths['/api/businesses/{id}']!.get as {
      parameters: { in: string; required: boolean }[];
    };
    expect(profile.parameters[0]).toMatchObject({ in: 'path', required: true });
  });

  it('has answers that validate against their schemas, route by route', async () => {
    for (const route of ROUTES) {
      const { path, init, ok } = sampleRequest(route);
      const res = await fetch(`${app.url}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...((init.headers as Record<string, string>) ?? {}) },
      });
      expect(res.status, path).toBe(ok);
      if (ok >= 300) {
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        continue;
      }
      const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
      const parsed = route.response.safeParse(body);
      expect(parsed.success ? '' : `${path}: ${parsed.error.message}`).toBe('');
    }
  });

  it('serves a readable HTML page of every route, without scripts', async () => {
    const res = await fetch(`${app.url}/api/docs`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const r of ROUTES) expect(html).toContain(openApiPath(r.path));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Bearer');
  });
});
