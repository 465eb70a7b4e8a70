import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/errors.ts';
import { requestContext } from '../../api/request-context.ts';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';
import { startApp } from '../helpers/start-app.ts';

describe('api › health and summary', async () => {
  const app = await startApp(
    bundleDir({
      ...MINIMAL,
      'capabilities.csv': 'business_id,capability\nb1,milling\nb2,milling\nb2,layup\n',
      'needs.csv': 'business_id,capability\nb3,layup\n',
    }),
  );

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await fetch(`${app.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({
      status: 404,
      title: 'Not found',
      detail: expect.stringContaining('/nope'),
    });
  });

  it('answers malformed JSON bodies with a 400 that says what to send', async () => {
    const res = await fetch(`${app.url}/api/consortia`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{bad',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/not valid JSON/);
  });

  it('reports health with the source, snapshot and counts', async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ok',
      access: 'open',
      counts: { businesses: 3, capabilities: 2, needs: 1, collaborations: 2 },
    });
    expect(body.source).toMatch(/^files:/);
    expect(body.snapshot.id).toBe(app.store.current.id);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('names the source in answers by its bundle, never by the server path', async () => {
    const path = /^files:(.+)$/.exec(app.store.current.source)![1]!;
    const body = await (await fetch(`${app.url}/api/network/summary`)).json();
    expect(body.snapshot.source).toBe(`files:${basename(path)}`);
    const report = await (await fetch(`${app.url}/api/reports/centrality`)).text();
    expect(report).not.toContain(path);
  });

  it('summarises the network with its sectors', async () => {
    const body = await (await fetch(`${app.url}/api/network/summary`)).json();
    expect(body.counts).toEqual({
      businesses: 3,
      capabilities: 2,
      needs: 1,
      collaborations: 2,
      collaborationEvents: 3,
      sectors: ['composites', 'machining', 'metrology'],
    });
    expect(body.snapshot.id).toBe(app.store.current.id);
  });

  it('sends security headers', async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // A strict content-security policy: scripts from the service only, never inline or eval'd.
    const csp = Object.fromEntries(
      (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
  });
});

describe('api › unexpected errors', () => {
  it('answers a bug with a generic 500 problem+json: no message, no stack, the request id', async () => {
    // The app's own middleware around a route that fails the way a bug would.
    const app = express();
    app.use(requestContext(pino({ level: 'silent' })));
    app.get('/boom', () => {
      throw new TypeError('password hunter2 rejected by /srv/atlas/secret-config.ts');
    });
    app.use(errorHandler);
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const text = await res.text();
      expect(text).not.toMatch(/hunter2|secret-config|TypeError|\bat \S+ \(|\.ts:\d+/);
      expect(JSON.parse(text)).toMatchObject({
        status: 500,
        title: 'Internal error',
        requestId: res.headers.get('x-request-id'),
      });
    } finally {
      server.close();
    }
  });
});
