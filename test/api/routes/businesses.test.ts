import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rankerModelOf } from '../../../api/derived.ts';
import { startApp } from '../../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');

describe('api › businesses, questions, suggestions, consortia, capabilities, reports', async () => {
  const app = await startApp(SAMPLE);
  const get = async (path: string) => {
    const res = await fetch(`${app.url}${path}`);
    return {
      status: res.status,
      headers: res.headers,
      body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text(),
    };
  };

  it('answers an unknown business with 404 naming the id', async () => {
    for (const path of [
      '/api/businesses/nope',
      '/api/businesses/nope/questions',
      '/api/businesses/nope/suggestions',
    ]) {
      const r = await get(path);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({
        status: 404,
        detail:
          'No business with id "nope" in the network. Ids are exact (case and spaces count); find one by name with GET /api/businesses?q=NAME.',
        id: 'nope',
      });
    }
  });

  it('answers bad query parameters with 400 saying which and why', async () => {
    const cases: [string, RegExp][] = [
      ['/api/businesses?limit=0', /limit/],
      ['/api/businesses?colour=red', /colour|Unrecognized/i],
      ['/api/businesses?cursor=garbage', /cursor/],
      ['/api/businesses/b0001/suggestions?weights=trust:-1', /trust/],
      ['/api/businesses/b0001/suggestions?weights=luck:1', /luck/],
      // Inherited keys are no weights either.
      ['/api/businesses/b0001/suggestions?weights=constructor:1', /Unknown weight "constructor"/],
      ['/api/businesses/b0001/suggestions?weights=toString:1', /Unknown weight "toString"/],
      ['/api/businesses/b0001/suggestions?weights=__proto__:1', /Unknown weight "__proto__"/],
      [`/api/businesses/b0001/suggestions?weights=${encodeURIComponent('{"__proto__":1}')}`, /__proto__/],
      // A weight is a number as written, nothing converted to one.
      ...[
        '{"trust":[1]}',
        '{"trust":true}',
        '{"trust":null}',
        '{"trust":""}',
        'trust:',
        'trust:0x10',
        '[1]',
      ].map(
        (w) =>
          [`/api/businesses/b0001/suggestions?weights=${encodeURIComponent(w)}`, /weight/] as [
            string,
            RegExp,
          ],
      ),
      ['/api/businesses/b0001/suggestions?foo=1', /^\(query\): Unrecognized key/],
      ['/api/businesses/b0001/suggestions?weights=trust:1:2', /weights must look like/],
      ['/api/businesses/b0001/suggestions?weights=trust:1,trust:2', /weight trust is given twice/],
      ['/api/businesses/b0001/questions?horizon=9', /horizon/],
      ['/api/reports/centrality?sort=fame', /Cannot sort by "fame"/],
      ['/api/reports/centrality?format=xlsx', /format/],
    ];
    for (const [path, detail] of cases) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.body.detail, path).toMatch(detail);
    }
  });

  // Issue 18 item 13: `,,,,` once hit the cached answer of "no project" and got 200.
  it('refuses a project that names no capability with 400, cold or after the plain answer is cached', async () => {
    const cold = await get('/api/businesses/b0002/questions?project=,,,,');
    expect(cold.status).toBe(400);
    expect(cold.body.detail).toMatch(/project must (name|list) at least one capability/);
    expect((await get('/api/businesses/b0002/questions')).status).toBe(200);
    for (const project of [',,,,', ',', ' , ', '']) {
      const warm = await get(`/api/businesses/b0002/questions?project=${encodeURIComponent(project)}`);
      expect(warm.status, JSON.stringify(project)).toBe(400);
      expect(warm.headers.get('content-type')).toContain('application/problem+json');
    }
    const named = await get('/api/businesses/b0002/questions?project=,milling,,');
    expect(named.status).toBe(200);
    expect(named.body.whatNeedsToBeDone.map((n: { capability: string }) => n.capability)).toEqual([
      'milling',
    ]);
  });

  it('searches by name prefix, word and typo, filters by sector and pages with a cursor', async () => {
    const word = await get('/api/businesses?q=aerostructures');
    expect(word.body.businesses.length).toBeGreaterThan(0);
    expect(word.body.businesses[0].name).toMatch(/Aerostructures/);
    const typo = await get('/api/businesses?q=aerostructurs');
    expect(typo.body.businesses.map((b: { id: string }) => b.id)).toEqual(
      word.body.businesses.map((b: { id: string }) => b.id),
    );
    const sector = await get('/api/businesses?sector=research&limit=100');
    expect(sector.body.businesses.length).toBeGreaterThan(0);
    expect(sector.body.businesses.every((b: { sector: string }) => b.sector === 'research')).toBe(true);
    const page1 = await get('/api/businesses?limit=60');
    const page2 = await get(`/api/businesses?limit=60&cursor=${page1.body.nextCursor}`);
    const page3 = await get(`/api/businesses?limit=60&cursor=${page2.body.nextCursor}`);
    const ids = [...page1.body.businesses, ...page2.body.businesses, ...page3.body.businesses].map(
      (b: { id: string }) => b.id,
    );
    expect(page1.body.total).toBe(150);
    expect(new Set(ids).size).toBe(150);
    expect(page3.body.nextCursor).toBeNull();
  });

  it('gives a business profile with partners, metrics and ranks', async () => {
    const r = await get('/api/businesses/b0001');
    expect(r.status).toBe(200);
    expect(r.body.business.id).toBe('b0001');
    expect(r.body.metrics.degree).toBe(r.body.partners.length);
    expect(r.body.ranks.betweenness.text).toMatch(/^\d+(st|nd|rd|th) of 150 by betweenness$/);
    expect(r.body.snapshot.id).toBe(app.store.current.id);
  });

  it('answers the four questions and suggests partners with reasons and a sentence', async () => {
    const q = await get('/api/businesses/b0001/questions');
    expect(Object.keys(q.body)).toEqual(
      expect.arrayContaining([
        'whatNeedsToBeDone',
        'whatOthersCanDoForUs',
        'whatWeDoBetterThanAnyoneWeKnow',
        'whatOnlyWeCanDo',
      ]),
    );
    const s = await get('/api/businesses/b0001/suggestions?limit=3&weights=complementarity:1,trust:0');
    expect(s.body.suggestions).toHaveLength(3);
    expect(s.body.weights).toMatchObject({ complementarity: 1, trust: 0 });
    expect(s.body.suggestions[0].sentence).toMatch(/\.$/);
    expect(s.body.ranker.kind).toBe('weights');
  });

  // Issue 16 item 5: the answer is cached serialized (result-cache.ts memoizeJson) and sent as those bytes.
  it('sends a suggestion answer as the exact JSON res.json would, the same bytes again from the cache', async () => {
    const url = `${app.url}/api/businesses/b0002/suggestions?limit=4`;
    const first = await fetch(url);
    const text = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('etag')).toEqual(expect.any(String));
    // JSON.stringify of the parsed answer gives back the same text only if it was JSON.stringify's.
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    expect(Object.keys(JSON.parse(text))[0]).toBe('snapshot');
    const again = await fetch(url);
    expect(await again.text()).toBe(text);
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(await plain.text()).toBe(text);
  });

  // Issue 16 item 5: compressed in the request's thread and kept, not streamed through the thread pool each time.
  it('sends a cached suggestion answer compressed as the client accepts, bytes that decompress to the plain answer', async () => {
    const path = '/api/businesses/b0003/suggestions?limit=10';
    const raw = (encoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((done, fail) => {
        request(`${app.url}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', fail)
          .end();
      });
    const plain = await raw('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8')).suggestions.length).toBeGreaterThan(0);
    for (const [accept, coding, decode] of [
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br', 'br', brotliDecompressSync],
      ['gzip, deflate, br, zstd', 'gzip', gunzipSync], // a browser's: ties go to the client's first
      ['br;q=1, gzip;q=0.5', 'br', brotliDecompressSync],
    ] as const) {
      for (let round = 0; round < 2; round++) {
        const r = await raw(accept);
        expect(r.headers['content-encoding']).toBe(coding);
        expect(r.headers.vary).toMatch(/Accept-Encoding/i);
        expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(Number(r.headers['content-length'])).toBe(r.body.byteLength);
        expect(decode(r.body).equals(plain.body)).toBe(true);
      }
    }
    const refused = await raw('gzip;q=0, br;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.equals(plain.body)).toBe(true);
  });

  it('ranks with the ranker learned from the snapshot history and shows what it learned', async () => {
    await rankerModelOf(app.store.current);
    const s = await get('/api/businesses/b0001/suggestions?limit=3');
    expect(s.body.weights).toBeNull();
    expect(s.body.ranker).toMatchObject({ cutYear: expect.any(Number), reason: expect.any(String) });
    expect(['learned', 'default']).toContain(s.body.ranker.kind);
    expect(Object.keys(s.body.ranker.coefficients)).toContain('adamicAdar');
    expect(s.body.ranker.validation.precisionAtK).toEqual(expect.any(Number));
    expect(s.body.suggestions[0].reasons.drivers.length).toBeGreaterThan(0);
  });

  it('builds consortia and refuses unknown capabilities', async () => {
    const ok = await fetch(`${app.url}/api/consortia`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: ['five-axis machining', 'NDT inspection'], maxSize: 3 }),
    });
    const body = await ok.json();
    expect(ok.status).toBe(200);
    expect(body.teams[0].complete).toBe(true);
    expect(body.teams[0].members.length).toBeLessThanOrEqual(3);
    const bad = await fetch(`${app.url}/api/consortia`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: ['telepathy'] }),
    });
    expect(bad.status).toBe(404);
    const empty = await fetch(`${app.url}/api/consortia`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(empty.status).toBe(400);
    expect((await empty.json()).detail).toMatch(/capabilities/);
  });

  it('lists capabilities with the gaps first', async () => {
    const r = await get('/api/capabilities');
    expect(r.body.gaps).toBe(4);
    const flags = r.body.capabilities.map((c: { gap: boolean; holders: number }) => c.gap && c.holders === 0);
    expect(flags.length).toBeGreaterThan(4);
    // Four gaps (sought, held by none), then only held capabilities.
    expect(flags.indexOf(false)).toBe(4);
    expect(flags.lastIndexOf(true)).toBe(3);
  });

  it('exports the centrality report as a spreadsheet-safe CSV attachment, sorted', async () => {
    const r = await get('/api/reports/centrality?format=csv&sort=pagerank');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(
      /attachment; filename="?partner-atlas-centrality-.*\.csv/,
    );
    const lines = (r.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(151);
    expect(lines[0]).toBe(
      'id,name,sector,community,degree,weighted_degree,betweenness,closeness,eigenvector,pagerank,clustering,core,constraint,effective_size,reach_2',
    );
    const json = await get('/api/reports/centrality?sort=pagerank');
    expect(json.body.rows[0].pagerank).toBeGreaterThanOrEqual(json.body.rows[1].pagerank);
    expect(json.body.provenance).toMatchObject({ tool: 'partner-atlas', snapshot: app.store.current.id });
  });

  it('answers an unchanged resource with 304 to a conditional request', async () => {
    const first = await fetch(`${app.url}/api/businesses/b0002`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // fetch() adds Cache-Control: no-cache to conditional requests, which forbids a 304; a
    // browser revalidating its cache does not, so ask as it does.
    const status = await new Promise<number>((done, fail) =>
      request(`${app.url}/api/businesses/b0002`, { headers: { 'if-none-match': etag! } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      })
        .on('error', fail)
        .end(),
    );
    expect(status).toBe(304);
  });
});
