import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { ROUTES } from '../../api/openapi.ts';
import { startApp } from '../helpers/start-app.ts';
import { sampleRequest } from './sample-requests.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');
const KEYS = {
  reader: 'reader-key-0123456789',
  analyst: 'analyst-key-0123456789',
  admin: 'admin-key-0123456789',
  expired: 'expired-key-0123456789',
  revoked: 'revoked-key-0123456789',
};
const RANK = { public: 0, reader: 1, analyst: 2, admin: 3 } as const;

describe('api › every route × every caller', async () => {
  const file = join(tmpdir(), `pa-keys-${process.pid}.json`);
  writeFileSync(
    file,
    JSON.stringify([
      { key: KEYS.expired, role: 'admin', name: 'old', expires: '2020-01-01' },
      { key: KEYS.revoked, role: 'admin', name: 'gone', revoked: true },
    ]),
  );
  const keys = readApiKeys({
    API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst,${KEYS.admin}:admin`,
    API_KEYS_FILE: file,
  });
  const app = await startApp(SAMPLE, { keys, rateLimit: { perSecond: 1000, burst: 1000 } });

  const callers = [
    ['no key', undefined],
    ['a wrong key', 'wrong-key-0123456789'],
    ['an expired key', KEYS.expired],
    ['a revoked key', KEYS.revoked],
    ['reader', KEYS.reader],
    ['analyst', KEYS.analyst],
    ['admin', KEYS.admin],
  ] as const;

  for (const route of ROUTES) {
    const { path, init, ok } = sampleRequest(route);
    for (const [who, key] of callers) {
      const role = who in RANK ? (who as keyof typeof RANK) : undefined;
      const expected =
        route.role === 'public' ? 200 : role === undefined ? 401 : RANK[role] >= RANK[route.role] ? ok : 403;
      const status = expected;
      it(`${route.method.toUpperCase()} ${route.path} with ${who} → ${status}`, async () => {
        const res = await fetch(`${app.url}${path}`, {
          ...init,
          headers: {
            'content-type': 'application/json',
            ...(key && { 'x-api-key': key }),
            ...((init.headers as Record<string, string>) ?? {}),
          },
        });
        expect(res.status).toBe(status);
        if (status === 401 || status === 403) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          const body = await res.json();
          if (who === 'an expired key') expect(body.detail).toMatch(/expired/);
          if (who === 'a revoked key') expect(body.detail).toMatch(/revoked/);
          if (status === 403) expect(body.detail).toMatch(`needs the ${route.role} role`);
        }
        if (!res.bodyUsed) await res.body?.cancel();
      });
    }
  }

  it('never shows confidential capabilities or needs to readers, in profiles, answers or suggestions', async () => {
    const graph = app.store.current.graph;
    const secrets = new Set<string>();
    graph.forEachNode((_id, a) => {
      for (const c of a.capabilities) if (c.confidential) secrets.add(c.name);
      for (const n of a.needs) if (n.confidential) secrets.add(n.name);
    });
    // Only names that are never public anywhere can be checked by text.
    graph.forEachNode((_id, a) => {
      for (const c of a.capabilities) if (!c.confidential) secrets.delete(c.name);
      for (const n of a.needs) if (!n.confidential) secrets.delete(n.name);
    });
    const holders = graph.filterNodes((_id, a) =>
      [...a.capabilities, ...a.needs].some((c) => c.confidential),
    );
    expect(holders.length).toBeGreaterThan(0);
    const seen = { reader: '', analyst: '' };
    for (const id of holders.slice(0, 8)) {
      for (const role of ['reader', 'analyst'] as const) {
        for (const p of [
          `/api/businesses/${id}`,
          `/api/businesses/${id}/questions`,
          `/api/businesses/${id}/suggestions?limit=50`,
        ]) {
          seen[role] += await (
            await fetch(`${app.url}${p}`, { headers: { 'x-api-key': KEYS[role] } })
          ).text();
        }
      }
    }
    seen.reader += await (
      await fetch(`${app.url}/api/capabilities`, { headers: { 'x-api-key': KEYS.reader } })
    ).text();
    for (const secret of secrets) expect(seen.reader).not.toContain(`"${secret}"`);
    expect([...secrets].some((s) => seen.analyst.includes(`"${s}"`))).toBe(secrets.size > 0);
  });
});
