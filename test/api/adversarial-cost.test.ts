/**
 * The third adversarial pass: what a key can make the service do. Rate limits that count
 * requests only let one reader key hold the event loop with answers computed afresh
 * (consortia, timelines, the network's tie health); GET /api/network/health rebuilt its
 * 1.2 MB answer on every request and was not rate limited, nor was key-players; and a client
 * trickling a request body kept its connection for Node's five-minute default after the app
 * had answered 503.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { createAppServer, HEADERS_TIMEOUT_MS } from '../../api/http-server.ts';
import { metered, rateLimit, withComputeAccount } from '../../api/rate-limit.ts';
import { ROUTES } from '../../api/route-table.ts';
import { SAMPLE_DIR as SAMPLE } from '../../api/config.ts';
import { buildConsortium } from '../../analysis/partnering/consortium.ts';
import { partneringOf } from '../../api/derived.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import { generateNetwork } from '../../data/sample/generate.ts';
import { startApp } from '../helpers/start-app.ts';

const KEYS = { reader: 'cost-reader-key-0123456789', other: 'cost-other-key-01234567890' };
const keys = readApiKeys({ API_KEYS: `${KEYS.reader}:reader,${KEYS.other}:reader` });

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('api › adversarial pass 3 › computing costs', () => {
  it('meters the computing time of a request once, however deeply metered computations nest', async () => {
    let charged = -1;
    const res = { locals: { rateLimitCharge: (ms: number) => (charged = ms) } };
    await withComputeAccount(res as never, async () => {
      await Promise.resolve();
      metered(() => {
        busy(15);
        metered(() => busy(15));
      });
    });
    expect(charged).toBeGreaterThanOrEqual(29);
    expect(charged).toBeLessThan(200);
    // Outside a request, nothing is metered and nothing fails.
    expect(metered(() => 7)).toBe(7);
  });

  it('charges the answers a key makes the service compute to its rate limit: 429 for that key, not for another', async () => {
    // Plenty of requests, a computing budget of 0.01 ms with next to no refill: the first
    // consortium's computing (far above 0.01 ms) leaves the key in debt.
    const app = await startApp(SAMPLE, {
      keys,
      rateLimit: { perSecond: 1_000, burst: 1_000, compute: { share: 1e-9, burstMs: 0.01 } },
    });
    const consortium = (key: string, capability: string) =>
      fetch(`${app.url}/api/consortia`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ capabilities: [capability], maxSize: 4 }),
      });
    expect((await consortium(KEYS.reader, 'surface coatings')).status).toBe(200);
    const refused = await consortium(KEYS.reader, 'FEA simulation');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      /Computing limit of .* reached by the answers this key asked for/,
    );
    expect((await consortium(KEYS.other, 'FEA simulation')).status).toBe(200);
  });

  it('lets a key compute its burst at once (a page opening on a real network), then a share of the time, with a Retry-After that pays the debt back', () => {
    let clock = 0;
    const limiter = rateLimit(
      { perSecond: 1_000, burst: 1_000, compute: { share: 0.25, burstMs: 3_000 } },
      () => clock,
    );
    const ask = (computeMs: number) => {
      const res = { locals: {} as Record<string, unknown>, headers: {} as Record<string, string> };
      let error: unknown;
      limiter(
        { keyId: 'k' } as never,
        { locals: res.locals, set: (k: string, v: string) => (res.headers[k] = v) } as never,
        ((e?: unknown) => (error = e)) as never,
      );
      if (error === undefined) (res.locals.rateLimitCharge as (ms: number) => void)(computeMs);
      return {
        status: error === undefined ? 200 : (error as { status: number }).status,
        retry: res.headers['Retry-After'],
      };
    };
    // Twelve answers of 250 ms in a row: the 3 s burst, nothing refused.
    for (let i = 0; i < 12; i++) expect(ask(250).status).toBe(200);
    // One more leaves a 250 ms debt, paid back in 1 s at a quarter of the time.
    expect(ask(250).status).toBe(200);
    expect(ask(0)).toEqual({ status: 429, retry: '1' });
    clock += 1_000;
    expect(ask(0).status).toBe(200);
    // Sustained: 250 ms of computing every second is allowed, 500 ms is not.
    clock += 12_000;
    for (let i = 0; i < 20; i++) {
      expect(ask(250).status).toBe(200);
      clock += 1_000;
    }
    // Asking for 500 ms every second for 40 s: the burst, then a quarter of the time, no more.
    let allowed = 0;
    for (let i = 0; i < 40; i++) {
      if (ask(500).status === 200) allowed++;
      clock += 1_000;
    }
    expect(allowed).toBeLessThan(40);
    expect(allowed * 500).toBeLessThanOrEqual(3_000 + 40 * 250 + 500);
  });

  it('charges nothing for computing when the limit counts requests only (the positive control)', async () => {
    const app = await startApp(SAMPLE, { keys, rateLimit: { perSecond: 1_000, burst: 1_000 } });
    const statuses: number[] = [];
    for (const capability of ['surface coatings', 'FEA simulation', 'CE marking'])
      statuses.push(
        (
          await fetch(`${app.url}/api/consortia`, {
            method: 'POST',
            headers: { 'x-api-key': KEYS.reader, 'content-type': 'application/json' },
            body: JSON.stringify({ capabilities: [capability], maxSize: 4 }),
          })
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200]);
  });
});

describe('api › adversarial pass 3 › network health and key players', async () => {
  const app = await startApp(SAMPLE, { rateLimit: { perSecond: 1e6, burst: 1e6 } });

  it('rate limits GET /api/network/health and /api/network/key-players like the other analyses', () => {
    for (const path of ['/network/health', '/network/key-players', '/network/timeline'])
      expect(ROUTES.find((r) => r.path === path)?.rateLimited, path).toBe(true);
  });

  it('builds the network tie health once per role, asOf and years, and answers the same bytes again', async () => {
    const get = () => fetch(`${app.url}/api/network/health?years=4`).then((r) => r.text());
    const first = await get();
    const slot = (role: string) =>
      `json\u0000network-health\u0000${JSON.stringify([role, new Date().getUTCFullYear(), 4])}`;
    expect(app.store.current.answers.has(slot('admin'))).toBe(true);
    expect(await get()).toBe(first);
    expect(JSON.parse(first)).toMatchObject({
      dormantTies: expect.any(Array),
      oneSidedTies: expect.any(Array),
    });
  });
});

describe('api › adversarial pass 3 › slow clients', () => {
  it('gives a client HEADERS_TIMEOUT_MS for its headers and the app’s request timeout plus 5 s for the whole request', () => {
    const server = createAppServer(express(), { requestTimeoutMs: 30_000 });
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(35_000);
    const short = createAppServer(express(), { requestTimeoutMs: 1_000 });
    expect(short.headersTimeout).toBeLessThanOrEqual(short.requestTimeout);
  });

  it('closes the connection of a request still sending its body when it is answered 503 for taking too long', async () => {
    const app = await startApp(SAMPLE, { requestTimeoutMs: 300 });
    const { port } = new URL(app.url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
    const started = performance.now();
    socket.write(
      'POST /api/consortia HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"capa',
    );
    const at = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 5_000))]);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(at, 'the socket stayed open').toBeGreaterThan(0);
    expect(at - started).toBeLessThan(3_000);
  });
});

describe('api › adversarial pass 3 › one large consortium', () => {
  it('searches 20 capabilities and teams of 10 in slices of the event loop: health keeps answering meanwhile, and the teams are those of the search run in one go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-consortium-'));
    writeBundle(dir, generateNetwork({ businesses: 3_000 }));
    const app = await startApp(dir);
    try {
      const index = await partneringOf(app.store.current);
      const capabilities = [...index.holders.entries()]
        .filter(([, holders]) => holders.length > 0)
        .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
        .slice(0, 20)
        .map(([name]) => name);
      let answered = false;
      const consortium = fetch(`${app.url}/api/consortia`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ capabilities, maxSize: 10 }),
      }).then(async (res) => {
        answered = true;
        return { status: res.status, body: (await res.json()) as { method: string; teams: unknown[] } };
      });
      // Health asked while the search runs is answered before the search is done.
      let healthDuring = 0;
      await new Promise((r) => setTimeout(r, 20));
      while (!answered) {
        const res = await fetch(`${app.url}/api/health`);
        if (res.status === 200 && !answered) healthDuring++;
      }
      const { status, body } = await consortium;
      expect(status).toBe(200);
      expect(body.method).toBe('heuristic');
      expect(healthDuring, 'health answers while the consortium was searched').toBeGreaterThanOrEqual(3);
      const inOneGo = buildConsortium(index, { capabilities, maxSize: 10, viewer: 'admin' });
      expect(body.teams).toEqual(JSON.parse(JSON.stringify(inOneGo.teams)));
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('charges a search to its key slice by slice: a key running many at once is stopped when its budget is spent, another key is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-consortia-'));
    writeBundle(dir, generateNetwork({ businesses: 3_000 }));
    const app = await startApp(dir, {
      keys,
      rateLimit: { perSecond: 1_000, burst: 1_000, compute: { share: 1e-9, burstMs: 40 } },
    });
    try {
      const index = await partneringOf(app.store.current);
      const names = [...index.holders.keys()].filter((c) => (index.holders.get(c) ?? []).length > 0).sort();
      const ask = (key: string, offset: number) =>
        fetch(`${app.url}/api/consortia`, {
          method: 'POST',
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          body: JSON.stringify({
            capabilities: Array.from({ length: 20 }, (_, i) => names[(offset + i * 3) % names.length]),
            maxSize: 10,
          }),
        }).then((res) => res.status);
      // Eight distinct searches of one key at once: charged only when each answer was done, all
      // eight ran to the end (about 8 × 0.2 s against a budget of 40 ms).
      const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(KEYS.reader, i)));
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      expect(await ask(KEYS.other, 100)).toBe(200);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
