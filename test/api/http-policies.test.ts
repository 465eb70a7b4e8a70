import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { rankerModelOf } from '../../api/derived.ts';
import { errorHandler } from '../../api/errors.ts';
import { requestTimeout } from '../../api/http-policies.ts';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';
import { startApp } from '../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

describe('api › caching by snapshot', async () => {
  const app = await startApp(SAMPLE);

  it('tags answers with the snapshot id and answers If-None-Match with 304 until a reload', async () => {
    const first = await fetch(`${app.url}/api/businesses/b0001`);
    const etag = first.headers.get('etag')!;
    expect(etag.startsWith(`"${app.store.current.id}.`)).toBe(true);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${app.url}/api/businesses/b0001`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const other = await fetch(`${app.url}/api/businesses/b0002`, { headers: { 'if-none-match': etag } });
    expect(other.status).toBe(200);
    await other.body?.cancel();
    await app.store.reload();
    const after = await fetch(`${app.url}/api/businesses/b0001`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect((await after.json()).snapshot.id).toBe(app.store.current.id);
  });

  it('gives suggestions a new ETag when the background ranker fit lands, so a stale answer is not revalidated', async () => {
    await app.store.reload();
    const url = `${app.url}/api/businesses/b0001/suggestions?limit=5`;
    const before = await fetch(url);
    const etag = before.headers.get('etag')!;
    // The fit starts with the first partnering request and runs in the background.
    expect((await before.json()).ranker.reason).toMatch(/still being learned/);
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const landed = await rankerModelOf(app.store.current);
    const after = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = await after.json();
    expect(body.ranker.reason).toBe(landed.reason);
    expect(body.ranker.reason).not.toMatch(/still being learned/);
    const again = await fetch(url, { headers: { 'if-none-match': after.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('puts no ETag on problems', async () => {
    const res = await fetch(`${app.url}/api/businesses/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('refuses a JSON body over 1 MB with 413', async () => {
    const res = await fetch(`${app.url}/api/consortia`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: ['x'.repeat(1_100_000)] }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).title).toBe('Payload too large');
  });
});

describe('api › caching by snapshot, with keys', async () => {
  const READER = 'reader-key-0123456789';
  const ANALYST = 'analyst-key-0123456789';
  const keys = readApiKeys({ API_KEYS: `${READER}:reader,${ANALYST}:analyst` });
  const app = await startApp(SAMPLE, { keys, rateLimit: { perSecond: 1000, burst: 1000 } });
  const get = (path: string, key: string, etag = '*') =>
    fetch(`${app.url}${path}`, { headers: { 'x-api-key': key, 'if-none-match': etag } });

  // Issue 18 item 11: a 304 said "unchanged" before access, validation and existence were checked.
  it('answers If-None-Match only where the answer would be 200: 403, 404 and 400 come first', async () => {
    const cases: [string, string, number][] = [
      ['/api/reports/summary', READER, 403],
      ['/api/reports/centrality', READER, 403],
      ['/api/businesses/nope', READER, 404],
      ['/api/businesses/nope/questions', READER, 404],
      ['/api/businesses/nope/suggestions', READER, 404],
      ['/api/businesses/nope/health', READER, 404],
      ['/api/businesses/b0001/questions?horizon=9', READER, 400],
      ['/api/graph?format=bogus', READER, 400],
    ];
    for (const [path, key, status] of cases) {
      const res = await get(path, key);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
      expect(res.headers.get('etag'), path).toBeNull();
      await res.body?.cancel();
    }
  });

  it('still answers 304 to a caller allowed to see the answer', async () => {
    for (const [path, key] of [
      ['/api/reports/summary', ANALYST],
      ['/api/businesses/b0001', READER],
      ['/api/businesses/b0001/questions', READER],
    ] as const) {
      const first = await get(path, key, '"none"');
      expect(first.status, path).toBe(200);
      await first.body?.cancel();
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^"/);
      const again = await get(path, key, etag!);
      expect(again.status, path).toBe(304);
      expect(await again.text(), path).toBe('');
      expect((await get(path, key)).status, `${path} with *`).toBe(304);
    }
  });
});

describe('api › CORS', async () => {
  const app = await startApp(SAMPLE, { corsOrigins: ['https://atlas.example.org'] });

  it('allows configured origins only, and answers their preflights', async () => {
    const ok = await fetch(`${app.url}/api/network/summary`, {
      headers: { origin: 'https://atlas.example.org' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://atlas.example.org');
    const other = await fetch(`${app.url}/api/network/summary`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${app.url}/api/consortia`, {
      method: 'OPTIONS',
      headers: { origin: 'https://atlas.example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});

describe('api › request timeouts', () => {
  it('answers a request that takes too long with 503 problem+json and Retry-After, once: the late answer is dropped without an error', async () => {
    const app = express();
    app.use((req, _res, next) => {
      req.id = 'test';
      next();
    });
    app.use(requestTimeout(20));
    let late: unknown;
    app.get('/slow', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      try {
        res.json({ late: true });
      } catch (error) {
        late = error;
      }
    });
    const errors: unknown[] = [];
    app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
      errors.push(error);
      errorHandler(error, req, res, next);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await res.json();
      expect(body).toMatchObject({ title: 'Request timed out', requestId: 'test' });
      await new Promise((r) => setTimeout(r, 200));
      // Before the fix the late res.json threw ERR_HTTP_HEADERS_SENT ("Cannot set headers after
      // they are sent"), which reached the error handler and was logged as a failed request.
      expect(late).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      server.close();
    }
  });
});

describe('api › reload', async () => {
  const dir = bundleDir(MINIMAL);
  const app = await startApp(dir);

  it('keeps serving the old snapshot when a reload fails, and health says degraded with the reason', async () => {
    const before = app.store.current.id;
    const { rmSync } = await import('node:fs');
    rmSync(`${dir}/businesses.csv`);
    const res = await fetch(`${app.url}/api/reload`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect((await res.json()).reload.state).toBe('reloading');
    await app.store.reload().catch(() => undefined);
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health.status).toBe('degraded');
    expect(health.reason).toMatch(/^last reload failed: ./);
    expect(health.snapshot.id).toBe(before);
    const summary = await (await fetch(`${app.url}/api/network/summary`)).json();
    expect(summary.counts.businesses).toBe(3);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/businesses.csv`, MINIMAL['businesses.csv']);
    await app.store.reload();
    const healed = await (await fetch(`${app.url}/api/health`)).json();
    expect(healed.status).toBe('ok');
    expect(healed.snapshot.id).not.toBe(before);
  });
});
