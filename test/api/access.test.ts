import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { ROUTES } from '../../api/route-table.ts';
import { bundleDir } from '../helpers/bundle-dir.ts';
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

describe('api › confidential capabilities and needs', async () => {
  // Names that are confidential wherever they appear, so a reader's answers can be searched
  // for them as text: a capability b1 holds and b2 needs, a need of b3 that b4 meets.
  const HELD = 'secret alloy casting';
  const NEEDED = 'covert radar testing';
  // Needed in the open by b2, held in confidence by b6 only: a reader's suggestions for b2
  // must not name it, since no holder is visible to them.
  const COVERED = 'ceramic coating';
  // Held in the open by b7, needed in confidence by b3: a reader's suggestions for b7 must not
  // say that b3 needs it, nor suggest b8, whose only link to b7 is that need.
  const SOUGHT = 'laser scanning';
  const dir = bundleDir({
    'businesses.csv':
      'id,name,sector\nb1,Alpha Foundry,casting\nb2,Beta Aero,aerospace\nb3,Gamma Defence,defence\nb4,Delta Labs,testing\nb5,Epsilon Tools,machining\nb6,Zeta Coatings,coating\nb7,Eta Sensors,sensors\nb8,Theta Optics,optics\n',
    'capabilities.csv': `business_id,capability,level,category,confidential\nb1,${HELD},5,Metal,true\nb1,milling,3,Machining,\nb4,${NEEDED},4,Testing,true\nb5,milling,4,Machining,\nb6,${COVERED},4,Surface,true\nb7,${SOUGHT},5,Sensing,\n`,
    'needs.csv': `business_id,capability,priority,confidential\nb2,${HELD},5,true\nb3,${NEEDED},5,true\nb2,milling,3,\nb2,${COVERED},4,\nb3,${SOUGHT},5,true\nb8,${SOUGHT},5,true\n`,
    'collaborations.csv':
      'source,target,weight,start,end,kind,project\nb1,b5,1,2020,,supply,\nb2,b5,1,2021,,supply,\nb3,b5,1,2021,,supply,\nb4,b5,1,2019,,supply,\nb6,b5,1,2019,,supply,\nb7,b5,1,2022,,supply,\n',
  });
  const keys = readApiKeys({ API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst` });
  const app = await startApp(dir, { keys, rateLimit: { perSecond: 1000, burst: 1000 } });
  const ids = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'];
  const paths = [
    ...ids.map((id) => `/api/businesses/${id}`),
    `/api/businesses?capability=${encodeURIComponent(HELD)}`,
    '/api/capabilities',
    ...ids.flatMap((id) => [`/api/businesses/${id}/suggestions?limit=50`, `/api/businesses/${id}/questions`]),
  ];
  const seenBy = async (role: 'reader' | 'analyst') => {
    const texts: Record<string, string> = {};
    for (const p of paths) {
      const res = await fetch(`${app.url}${p}`, { headers: { 'x-api-key': KEYS[role] } });
      expect(res.status, p).toBe(200);
      texts[p] = await res.text();
    }
    return texts;
  };

  const suggested = (seen: Record<string, string>, id: string): string[] =>
    (
      JSON.parse(seen[`/api/businesses/${id}/suggestions?limit=50`] ?? '{}') as {
        suggestions: { id: string }[];
      }
    ).suggestions.map((s) => s.id);

  it('shows them to analysts: profiles, the capability list and suggestion reasons name them', async () => {
    const seen = await seenBy('analyst');
    expect(seen['/api/businesses/b1']).toContain(HELD);
    expect(seen['/api/businesses/b3']).toContain(NEEDED);
    expect(seen['/api/capabilities']).toContain(HELD);
    expect(seen['/api/businesses/b2/suggestions?limit=50']).toContain(HELD);
    expect(seen['/api/businesses/b2/suggestions?limit=50']).toContain(COVERED);
    expect(seen['/api/businesses/b4/suggestions?limit=50']).toContain(NEEDED);
    expect(seen['/api/businesses/b7/suggestions?limit=50']).toContain(SOUGHT);
    expect(suggested(seen, 'b7')).toContain('b8');
    const byHeld = JSON.parse(seen[`/api/businesses?capability=${encodeURIComponent(HELD)}`] ?? '{}');
    expect(byHeld.businesses.map((b: { id: string }) => b.id)).toEqual(['b1']);
  });

  // Issue 18 item 3: a confidential-only capability was a 200 "gap" to readers, an unknown one 404.
  it('answers a reader asking a consortium for a capability known only in confidence as for an unknown one', async () => {
    const ask = async (key: string, capability: string) => {
      const res = await fetch(`${app.url}/api/consortia`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ capabilities: [capability] }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const unknown = await ask(KEYS.reader, 'no such capability');
    expect(unknown.status).toBe(404);
    const shape = (r: { status: number; body: Record<string, unknown> }, name: string) => ({
      status: r.status,
      title: r.body.title,
      detail: String(r.body.detail).replace(name, '<name>'),
      id: r.body.id === name ? '<name>' : r.body.id,
    });
    for (const secret of [HELD, NEEDED]) {
      const asked = await ask(KEYS.reader, secret);
      expect(shape(asked, secret), secret).toEqual(shape(unknown, 'no such capability'));
      // The analyst, who may see it, gets a team (the positive control).
      const analyst = await ask(KEYS.analyst, secret);
      expect(analyst.status, secret).toBe(200);
      expect(analyst.body.gaps, secret).toEqual([]);
    }
    // Sought in the open (b2 needs it), held in confidence: a gap to a reader, as the capability list says.
    const covered = await ask(KEYS.reader, COVERED);
    expect(covered.status).toBe(200);
    expect(covered.body.gaps).toEqual([COVERED]);
  });

  it('never shows them to readers, in profiles, lists, answers or suggestion reasons', async () => {
    const seen = await seenBy('reader');
    for (const [p, text] of Object.entries(seen)) {
      expect(text, p).not.toContain(HELD);
      expect(text, p).not.toContain(NEEDED);
    }
    expect(seen['/api/businesses/b2/suggestions?limit=50']).not.toContain(COVERED);
    expect(seen['/api/businesses/b6']).not.toContain(COVERED);
    expect(seen['/api/businesses/b7/suggestions?limit=50']).not.toContain(SOUGHT);
    expect(suggested(seen, 'b7')).not.toContain('b8');
    // Filtering by a capability held in confidence finds nobody.
    const byHeld = JSON.parse(seen[`/api/businesses?capability=${encodeURIComponent(HELD)}`] ?? '{}');
    expect(byHeld.businesses).toEqual([]);
  });
});
