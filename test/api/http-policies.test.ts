import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
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
    // Private: the answer depends on the caller's key, so no shared cache may keep it.
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toMatch(/Authorization.*X-API-Key/);
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
    const problem = await res.json();
    expect(problem.title).toBe('Payload too large');
    expect(problem.detail).toMatch(/larger than the 1,048,576 bytes this endpoint accepts/);
  });

  it('reads a JSON body only where a route takes one, and refuses other media types and deep nesting', async () => {
    const post = (path: string, body: string, type = 'application/json') =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    const plain = await post('/api/consortia', '{"capabilities":["casting"]}', 'text/plain');
    expect(plain.status).toBe(415);
    expect((await plain.json()).detail).toMatch(/Content-Type: application\/json \(got text\/plain\)/);
    const deep = await post('/api/consortia', '['.repeat(5000) + ']'.repeat(5000));
    expect(deep.status).toBe(400);
    expect((await deep.json()).detail).toMatch(/more than 64 levels deep/);
    // Brackets inside strings are text, not nesting.
    const inText = await post('/api/consortia', JSON.stringify({ capabilities: ['['.repeat(100)] }));
    expect(inText.status).not.toBe(400);
    await inText.body?.cancel();
    // UTF-16 or UTF-7 would hide brackets from the byte scan: UTF-8 only.
    const utf16 = await post('/api/consortia', '{}', 'application/json; charset=utf-16le');
    expect(utf16.status).toBe(415);
    expect((await utf16.json()).detail).toMatch(/UTF-8 only \(got charset=utf-16le\)/);
    expect((await post('/api/consortia', '{}', 'application/json; charset=UTF-8')).status).not.toBe(415);
    // A +json type is read as JSON (checked, limited), not skipped.
    const vendor = await post(
      '/api/what-if',
      '{"removeBusinesses":"not-an-array"}',
      'application/vnd.atlas+json',
    );
    expect(vendor.status).toBe(400);
    expect((await vendor.json()).detail).toMatch(/removeBusinesses/);
    const nothing = await post('/api/consortia', 'null');
    expect((await nothing.json()).detail).toMatch(/^\(body\): /);
    // A route without a body never parses one: health is a GET, and POST to it is 405.
    const health = await post('/api/health', '['.repeat(5000));
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('api › an open service answers only its own host and its own page', async () => {
  const app = await startApp(SAMPLE);
  const port = Number(new URL(app.url).port);
  const request = (path: string, headers: Record<string, string>, method = 'GET') =>
    new Promise<{ status: number; body: string }>((done, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', fail);
      req.end(method === 'POST' ? 'x' : undefined);
    });

  it('refuses a Host that is not localhost (DNS rebinding), on the API and on the page', async () => {
    for (const host of ['localhost', `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      expect((await request('/api/network/summary', { host })).status, host).toBe(200);
    for (const path of ['/api/businesses/b0081', '/']) {
      const res = await request(path, { host: `attacker.example:${port}` });
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body).detail).toMatch(/answers only as localhost.*"attacker\.example/);
    }
  });

  it('refuses a change posted from another site (CSRF), and takes it from its own page', async () => {
    const from = (origin: string) =>
      request('/api/reload', { host: `127.0.0.1:${port}`, origin, 'content-type': 'text/plain' }, 'POST');
    const evil = await from('https://evil.example');
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).detail).toMatch(/came from the page of https:\/\/evil\.example/);
    expect((await from('null')).status).toBe(403);
    // Another app on this machine (another port or scheme) is another site.
    for (const other of ['http://localhost:9999', `https://127.0.0.1:${port}`, `ws://localhost:${port}`])
      expect((await from(other)).status, other).toBe(403);
    const own = (host: string, origin: string) =>
      request('/api/reload', { host, origin, 'content-type': 'text/plain' }, 'POST');
    expect((await own(`localhost:${port}`, `http://localhost:${port}`)).status).toBe(202);
    expect((await own(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status).toBe(202);
  });
});

describe('api › an open service on another address on purpose (ALLOW_OPEN=1)', async () => {
  const app = await startApp(SAMPLE, { openToAnyHost: true });
  const port = Number(new URL(app.url).port);
  const post = (host: string, origin: string) =>
    new Promise<number>((done, fail) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/reload',
          method: 'POST',
          headers: { host, origin, 'content-type': 'text/plain' },
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      );
      req.on('error', fail);
      req.end('x');
    });

  it('takes a change from its own page at an IP address, never from a host name that could be rebound to it', async () => {
    expect(await post(`10.0.0.5:${port}`, `http://10.0.0.5:${port}`)).toBe(202);
    // DNS rebinding: the attacker's name, pointing here, is "same origin" with itself.
    expect(await post(`attacker.example:${port}`, `http://attacker.example:${port}`)).toBe(403);
    expect(await post(`10.0.0.5:${port}`, 'http://other.example')).toBe(403);
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
