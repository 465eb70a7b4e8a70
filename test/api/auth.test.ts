import type * as nodeCrypto from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { authenticate, readApiKeys } from '../../api/auth.ts';
import { startApp } from '../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');
const KEYS = {
  reader: 'reader-key-0123456789',
  analyst: 'analyst-key-0123456789',
  admin: 'admin-key-0123456789',
};

// The real comparison, watched: the constant-time test counts its calls.
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof nodeCrypto>();
  return { ...crypto, timingSafeEqual: vi.fn(crypto.timingSafeEqual) };
});

describe('api › key comparison', () => {
  it('compares a presented key with every configured key in constant time, on equal-length digests', () => {
    const keys = readApiKeys({
      API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst,${KEYS.admin}:admin`,
    });
    const compare = vi.mocked(timingSafeEqual);
    compare.mockClear();
    const req = {
      get: (name: string) => (name === 'authorization' ? `Bearer ${KEYS.reader}` : undefined),
    } as unknown as Request;
    let passed: unknown = 'not called';
    authenticate(keys)(req, {} as Response, (error?: unknown) => (passed = error));
    expect(passed).toBeUndefined();
    expect(req.role).toBe('reader');
    // Every key, even after the first one matched: no early exit that times the position.
    expect(compare).toHaveBeenCalledTimes(3);
    // Digests of the same length, whatever the lengths of the keys.
    for (const [a, b] of compare.mock.calls) {
      expect(a.byteLength).toBe(32);
      expect(b.byteLength).toBe(32);
    }
  });
});

describe('api › access by role', async () => {
  const keys = readApiKeys({
    API_KEYS: Object.entries(KEYS)
      .map(([role, key]) => `${key}:${role}`)
      .join(','),
  });
  const app = await startApp(SAMPLE, { keys, rateLimit: { perSecond: 1, burst: 3 } });
  const call = (path: string, key?: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, {
      ...init,
      headers: {
        ...(key && { authorization: `Bearer ${key}` }),
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });

  it('refuses bad key configuration with a message naming the entry', () => {
    expect(() => readApiKeys({ API_KEYS: 'short:admin' })).toThrow(
      /entry 1: keys must be at least 16 characters/,
    );
    expect(() => readApiKeys({ API_KEYS: 'a-long-enough-key-123:boss' })).toThrow(/KEY:ROLE/);
    // One key, one role: listed twice, which one applies would depend on the order.
    expect(() =>
      readApiKeys({ API_KEYS: 'a-long-enough-key-123:reader,a-long-enough-key-123:admin' }),
    ).toThrow(/API key key-2 is the same key as key-1.*list each key once/);
    // Spaces around the colon are trimmed (so the key still matches), inside a key refused.
    expect(readApiKeys({ API_KEYS: 'a-long-enough-key-123 : admin' })[0]?.role).toBe('admin');
    expect(() =>
      readApiKeys({ API_KEYS: 'a-long-enough-key-123:reader, a-long-enough-key-123 :admin' }),
    ).toThrow(/same key/);
    expect(() => readApiKeys({ API_KEYS: 'a-long-enough key-123:admin' })).toThrow(/must not contain spaces/);
  });

  it('refuses role names that are only inherited keys (constructor, toString, __proto__) at start', () => {
    for (const role of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])
      expect(() => readApiKeys({ API_KEYS: `a-long-enough-key-123:${role}` }), role).toThrow(
        /entry 1 must be KEY:ROLE with ROLE reader, analyst or admin/,
      );
  });

  it('needs a valid key everywhere but health', async () => {
    expect((await call('/api/health')).status).toBe(200);
    const none = await call('/api/network/summary');
    expect(none.status).toBe(401);
    expect((await none.json()).detail).toMatch(/Authorization: Bearer KEY/);
    expect((await call('/api/network/summary', 'wrong-key-0123456789')).status).toBe(401);
    const viaHeader = await fetch(`${app.url}/api/network/summary`, {
      headers: { 'x-api-key': KEYS.reader },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('health tells a keyed caller its role, so the page offers only what the key may ask for', async () => {
    for (const role of Object.keys(KEYS) as (keyof typeof KEYS)[])
      expect((await (await call('/api/health', KEYS[role])).json()).access, role).toBe(role);
    const anonymous = await (await call('/api/health')).json();
    expect(anonymous).toEqual({ status: expect.stringMatching(/^(ok|degraded)$/) });
    expect((await (await call('/api/health', 'wrong-key-0123456789')).json()).access).toBeUndefined();
  });

  const table: [string, string, RequestInit, Record<keyof typeof KEYS, number>][] = [
    ['/api/network/summary', 'GET', {}, { reader: 200, analyst: 200, admin: 200 }],
    ['/api/businesses?q=a', 'GET', {}, { reader: 200, analyst: 200, admin: 200 }],
    ['/api/businesses/b0001', 'GET', {}, { reader: 200, analyst: 200, admin: 200 }],
    ['/api/capabilities', 'GET', {}, { reader: 200, analyst: 200, admin: 200 }],
    ['/api/reports/summary', 'GET', {}, { reader: 403, analyst: 200, admin: 200 }],
    ['/api/reports/centrality?format=csv', 'GET', {}, { reader: 403, analyst: 200, admin: 200 }],
    ['/api/reload', 'POST', {}, { reader: 403, analyst: 403, admin: 202 }],
  ];
  for (const [path, method, init, expected] of table) {
    for (const role of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
      it(`${method} ${path} as ${role} → ${expected[role]}`, async () => {
        const res = await call(path, KEYS[role], { ...init, method });
        expect(res.status).toBe(expected[role]);
        if (res.status === 403)
          expect((await res.json()).detail).toMatch(new RegExp(`your key has the ${role} role`));
      });
    }
  }

  it('hides confidential capabilities and needs from readers only', async () => {
    const graph = app.store.current.graph;
    const holder = graph.findNode((_id, a) => a.capabilities.some((c) => c.confidential === true))!;
    const secret = graph.getNodeAttribute(holder, 'capabilities').find((c) => c.confidential)!.name;
    const asReader = await (await call(`/api/businesses/${holder}`, KEYS.reader)).json();
    const asAnalyst = await (await call(`/api/businesses/${holder}`, KEYS.analyst)).json();
    expect(asReader.capabilities.map((c: { name: string }) => c.name)).not.toContain(secret);
    expect(asAnalyst.capabilities.map((c: { name: string }) => c.name)).toContain(secret);
  });
});

describe('api › rate limits', async () => {
  const keys = readApiKeys({ API_KEYS: `${KEYS.analyst}:analyst,${KEYS.reader}:reader` });
  const app = await startApp(SAMPLE, { keys, rateLimit: { perSecond: 1, burst: 3 } });
  const call = (path: string, key: string) =>
    fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  it('rate-limits expensive endpoints per key with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await call('/api/businesses/b0003/suggestions', KEYS.analyst);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await call('/api/businesses/b0003/suggestions', KEYS.reader)).status).toBe(200);
  });
});
