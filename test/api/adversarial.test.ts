/**
 * The adversarial pass of issue 18, kept as a test: every route of api/route-table.ts fuzzed
 * with fast-check (hostile path params, query strings, headers and JSON bodies) with API keys
 * set, as reader, analyst and admin, on a small network whose confidential names appear nowhere
 * in the open. It asserts no 500, that every error is problem+json without a stack, and that a
 * reader learns neither a confidential value nor that one exists: each request is sent twice,
 * once naming a confidential capability and once an unknown name of the same length, and the
 * two answers must be the same once the name is blanked out.
 *
 * Hostile bundles and a bounded request flood are in adversarial-bundles.test.ts and
 * adversarial-flood.test.ts.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { ROUTES, type Route } from '../../api/route-table.ts';
import { bundleDir } from '../helpers/bundle-dir.ts';
import { startApp } from '../helpers/start-app.ts';
import { stubNeo4j } from '../helpers/stub-neo4j.ts';

const KEYS = {
  reader: 'adv-reader-key-0123456789',
  analyst: 'adv-analyst-key-0123456789',
  admin: 'adv-admin-key-0123456789',
};
// Confidential wherever they appear: held in confidence by b1 and needed in confidence by b2;
// needed in confidence by b3 only. No business name or open capability shares a word with them.
const SECRETS = ['xenon plasma etching', 'quartz resonator tuning'] as const;
// Unknown names of the same lengths, so an echo of the input is the same size either way.
const DECOYS = ['vvvvv vvvvvv vvvvvvv', 'wwwwww wwwwwwwww wwwwww'] as const;
const MARK = '\u2063';

const NETWORK = {
  'businesses.csv':
    'id,name,sector,founded\nb1,Alpha Foundry,casting,1990\nb2,Beta Aero,aerospace,2001\nb3,Gamma Defence,defence,1985\nb4,Delta Labs,testing,2010\nb5,Epsilon Tools,machining,1970\nb6,Zeta Coatings,coating,2015\nb7,Eta Sensors,sensors,2018\nb8,Theta Optics,optics,2019\n',
  'capabilities.csv': `business_id,capability,level,category,confidential\nb1,${SECRETS[0]},5,Metal,true\nb1,milling,3,Machining,\nb4,welding,4,Joining,\nb5,milling,4,Machining,\nb6,ceramic coating,4,Surface,\nb7,laser scanning,5,Sensing,\n`,
  'needs.csv': `business_id,capability,priority,confidential\nb2,${SECRETS[0]},5,true\nb3,${SECRETS[1]},5,true\nb2,milling,3,\nb2,ceramic coating,4,\nb8,laser scanning,5,\n`,
  'collaborations.csv':
    'source,target,weight,start,end,kind,project\nb1,b5,1,2016,,supply,\nb2,b5,2,2018,2020,joint-project,P1\nb3,b5,1,2019,,supply,\nb4,b5,1,2017,2019,supply,\nb6,b5,1,2020,,alliance,\nb7,b5,1,2021,,supply,\nb7,b8,1,2022,,joint-project,P2\nb1,b2,1,2019,2021,supply,\n',
};

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
/** Text that may name the confidential capability (MARK, replaced per variant). */
const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constant(MARK) },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      ',,,,',
      '-1',
      '0',
      '1e309',
      '-0',
      'NaN',
      'Infinity',
      '9'.repeat(40),
      '2022',
      '9999',
      '1000',
      'b1',
      'b5',
      'milling',
      `${MARK},milling`,
      `milling,${MARK}`,
      'true',
      'csv',
      'gexf',
      '1.3',
      '{"trust":1}',
      'trust:2,__proto__:1',
      '__proto__',
      'constructor',
      'toString',
      '%00',
      '\u0000',
      '\ud800',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      '../../etc/passwd',
      'é'.repeat(300),
      'x'.repeat(2500),
    ),
  },
);
const QUERY_NAMES = [
  'q',
  'sector',
  'capability',
  'community',
  'limit',
  'cursor',
  'weights',
  'horizon',
  'project',
  'format',
  'version',
  'sizeBy',
  'sort',
  'direction',
  'includeExisting',
  'from',
  'to',
  'step',
  'asOf',
  'years',
  'replace',
  '__proto__',
  'constructor',
];
/** Query strings: mostly the route's own parameters (so answers get past validation), some junk. */
function queryFor(route: Route) {
  const own = Object.keys((route.query as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
  const name =
    own.length > 0
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...own) },
          { weight: 1, arbitrary: fc.constantFrom(...QUERY_NAMES) },
          { weight: 1, arbitrary: printable(8) },
        )
      : fc.oneof(fc.constantFrom(...QUERY_NAMES), printable(8));
  return fc.array(fc.tuple(name, hostileText), { maxLength: 4 });
}
/** Raw path segments, some of them not valid percent-encoding on purpose. */
const pathId = fc.oneof(
  fc.constantFrom(
    'b1',
    'b5',
    'nope',
    MARK,
    '%ZZ',
    '%E0%A4%A',
    '%00',
    '%2F..%2F',
    '..',
    '%C0%AE',
    '__proto__',
    'constructor',
    'x'.repeat(300),
    '%F0%9F%9A%80',
  ),
  fc.string({ minLength: 1, maxLength: 20 }).map((t) => encodeHostile(t)),
);
const hostileHeaders = fc.record(
  {
    'if-none-match': fc.oneof(fc.constantFrom('*', '"x"', 'W/"a", *', ''), printable(40)),
    accept: fc.constantFrom('*/*', 'text/csv', 'application/xml', 'application/json;q=0', 'x/y'),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0', 'deflate, gzip;q=0.5'),
    'content-type': fc.constantFrom(
      'application/json',
      'application/json',
      'application/json',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/plain',
      'application/zip',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ),
    'x-request-id': fc.oneof(printable(300), fc.constantFrom('<script>', '../../x', '')),
    origin: fc.oneof(printable(40), fc.constant('null')),
    range: fc.constantFrom('bytes=0-10', 'bytes=-1', 'items=1-2'),
    'cache-control': fc.constantFrom('no-cache', 'max-age=0', 'only-if-cached'),
  },
  { requiredKeys: [] },
);
const headers = fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 3, arbitrary: hostileHeaders });
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const count = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -0, 0.5, 2 ** 53 + 1) },
  { weight: 1, arbitrary: hostileText },
);
const capabilityList = fc.oneof(
  { weight: 3, arbitrary: fc.constant([MARK]) },
  { weight: 2, arbitrary: fc.constant([MARK, 'milling']) },
  { weight: 2, arbitrary: fc.array(hostileText, { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 25 }, (_, i) => `c${i}`)) },
);
const businessRef = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('b1', 'b5', 'b7') },
  { weight: 1, arbitrary: hostileText },
);
const consortiumBody = fc.record(
  { capabilities: capabilityList, anchor: businessRef, maxSize: count, alternatives: count },
  { requiredKeys: ['capabilities'] },
);
const whatIfBody = fc.record(
  {
    removeBusinesses: fc.oneof(
      fc.array(businessRef, { maxLength: 3 }),
      fc.constant(Array.from({ length: 1001 }, () => 'b1')),
    ),
    addCollaborations: fc.array(fc.record({ source: businessRef, target: businessRef }), { maxLength: 3 }),
    asOf: fc.oneof(fc.integer({ min: 900, max: 10_000 }), hostileText),
  },
  { requiredKeys: [] },
);
/** JSON bodies: shaped for the route with hostile values, any JSON, and broken text. */
function bodyFor(route: Route) {
  const shaped = route.path === '/what-if' ? whatIfBody : consortiumBody;
  return fc.oneof(
    { weight: 5, arbitrary: shaped.map((o) => JSON.stringify(o)) },
    {
      weight: 1,
      arbitrary: fc.tuple(consortiumBody, whatIfBody).map(([a, b]) => JSON.stringify({ ...a, ...b })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        'null',
        '"x"',
        '[]',
        '{"capabilities":["a"]}garbage',
        '{"__proto__":{"role":"admin"},"capabilities":["milling"]}',
        '{"constructor":{"prototype":{"x":1}},"capabilities":["milling"]}',
        deep(20_000),
        `{"capabilities":["${'a'.repeat(5000)}"]}`,
        '\ufeff{"capabilities":["milling"]}',
        'PK\u0003\u0004garbage',
      ),
    },
  );
}

const variant = (text: string, name: string) => text.split(MARK).join(name);
const variantUrl = (text: string, name: string) =>
  text
    .split(encodeURIComponent(MARK))
    .join(encodeURIComponent(name))
    .split(MARK)
    .join(encodeURIComponent(name));

/** encodeURIComponent, but a lone surrogate is sent as its (invalid) three UTF-8-style bytes. */
function encodeHostile(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]|[^]/g, (c) => {
    const u = c.charCodeAt(0);
    if (c.length === 1 && u >= 0xd800 && u <= 0xdfff) {
      return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 63), 0x80 | (u & 63)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    }
    return encodeURIComponent(c);
  });
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** An answer with the name (raw and URL-encoded), the request id and the ETag blanked out. */
function blank(answer: Answer, name: string): string {
  const text = answer.text
    .split(name)
    .join('<name>')
    .split(encodeURIComponent(name))
    .join('<name>')
    .split(JSON.stringify(name).slice(1, -1))
    .join('<name>')
    .replace(/"requestId":"[^"]*"/g, '"requestId":""');
  return `${answer.status} ${answer.type}\n${text}`;
}

describe('api › every route fuzzed with hostile input, keys set', async () => {
  const keys = readApiKeys({
    API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst,${KEYS.admin}:admin`,
  });
  const app = await startApp(bundleDir(NETWORK), {
    keys,
    rateLimit: { perSecond: 1e6, burst: 1e6 },
    neo4j: stubNeo4j,
  });

  const send = async (
    route: Route,
    key: string,
    id: string,
    q: [string, string][],
    h: Record<string, string>,
    b: string,
  ): Promise<Answer> => {
    const path = route.path.replace(':id', id);
    const search = q.map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`).join('&');
    const res = await fetch(`${app.url}/api${path}${search ? `?${search}` : ''}`, {
      method: route.method.toUpperCase(),
      headers: { 'content-type': 'application/json', ...h, 'x-api-key': key },
      ...(route.method === 'post' && { body: b }),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  const checkAnswer = (a: Answer, where: string) => {
    expect(a.status, where).toBeLessThan(500);
    expect(a.text, where).not.toMatch(/\n\s+at .+:\d+:\d+|at [\w.<>]+ \(.+:\d+:\d+\)/);
    expect(a.text, where).not.toMatch(/node_modules|\/work\/|file:\/\//);
    if (a.status >= 400) {
      expect(a.type, where).toContain('application/problem+json');
      const problem = JSON.parse(a.text) as { status: number; title: string; detail?: string };
      expect(problem.status, where).toBe(a.status);
      expect(problem.title, where).toBeTruthy();
    }
  };

  for (const route of ROUTES.filter((r) => r.path !== '/reload')) {
    it(`${route.method.toUpperCase()} ${route.path}: no 500, problems without stacks, and a reader cannot tell a confidential name from an unknown one`, async () => {
      await fc.assert(
        fc.asyncProperty(
          pathId,
          queryFor(route),
          headers,
          bodyFor(route),
          fc.constantFrom(0, 1),
          fc.constantFrom('reader', 'reader', 'analyst', 'admin'),
          async (id, q, h, b, which, role) => {
            const secret = SECRETS[which] as string;
            const decoy = DECOYS[which] as string;
            const ask = (name: string) =>
              send(
                route,
                KEYS[role as keyof typeof KEYS],
                variantUrl(id, name),
                q.map(([k, v]) => [variant(k, name), variant(v, name)]),
                h,
                variant(b, name),
              );
            const withSecret = await ask(secret);
            const where = `${role} ${route.path} id=${id} q=${JSON.stringify(q)} h=${JSON.stringify(h)} body=${b.slice(0, 200)} → ${withSecret.status} ${withSecret.text.slice(0, 300)}`;
            checkAnswer(withSecret, where);
            if (role !== 'reader') return;
            const mentioned = [id, b, ...q.flat()].some(
              (t) => t.includes(MARK) || t.includes(encodeURIComponent(MARK)),
            );
            if (!mentioned) {
              for (const s of SECRETS) expect(withSecret.text, where).not.toContain(s);
              return;
            }
            const withDecoy = await ask(decoy);
            console.log(
              'DBG',
              route.path,
              withSecret.status,
              withDecoy.status,
              variant(b, secret).slice(0, 80),
              JSON.stringify(h),
            );
            checkAnswer(withDecoy, where);
            for (const s of SECRETS.filter((x) => x !== secret))
              expect(withSecret.text, where).not.toContain(s);
            expect(blank(withSecret, secret), where).toBe(blank(withDecoy, decoy));
          },
        ),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 18_2026) },
      );
    });
  }

  // Found by this pass: the reader's counts included capabilities and needs that exist only in
  // confidence, so a reader could tell that some exist (5 capabilities counted, 4 listed).
  it("counts for a reader only the capabilities and needs the reader's own answers show", async () => {
    const get = async (path: string, key: string) =>
      (await (await fetch(`${app.url}${path}`, { headers: { 'x-api-key': key } })).json()) as Record<
        string,
        unknown
      >;
    for (const [key, capabilities, needs] of [
      [KEYS.reader, 4, 3],
      [KEYS.analyst, 5, 5],
    ] as const) {
      const summary = (await get('/api/network/summary', key)) as { counts: Record<string, unknown> };
      const list = (await get('/api/capabilities', key)) as {
        capabilities: { holders: number; seekers: number }[];
      };
      expect(summary.counts).toMatchObject({ businesses: 8, capabilities, needs });
      // The same figures as the capability list the same caller sees.
      expect(list.capabilities.filter((c) => c.holders > 0)).toHaveLength(capabilities);
      expect(list.capabilities.reduce((n, c) => n + c.seekers, 0)).toBe(needs);
    }
  });

  // What fetch refuses to send: raw request lines and headers over a socket.
  it('answers raw hostile HTTP (bad percent-encoding, dot segments, huge headers, lying lengths, HEAD) below 500 without a stack', async () => {
    const { port } = new URL(app.url);
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        // Written, not ended: the server answers and closes (Connection: close). A request that
        // promises more body than it sends is still waiting after 2 s, which is right.
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(text, 'latin1'));
        let answer = '';
        const timer = setTimeout(() => socket.destroy(), 2000);
        socket.setEncoding('latin1');
        socket.on('data', (d) => (answer += d));
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(answer);
        });
        socket.on('error', reject);
      });
    const key = `X-API-Key: ${KEYS.reader}\r\n`;
    const requests = [
      `GET /api/businesses/%ZZ HTTP/1.1\r\nHost: x\r\n${key}Connection: close\r\n\r\n`,
      `GET /api/businesses/%C0%AE%C0%AE/questions HTTP/1.1\r\nHost: x\r\n${key}Connection: close\r\n\r\n`,
      `GET /api/../api/reports/summary HTTP/1.1\r\nHost: x\r\n${key}Connection: close\r\n\r\n`,
      `GET /api/businesses?q=%E0%A4%A HTTP/1.1\r\nHost: x\r\n${key}Connection: close\r\n\r\n`,
      `GET /api/businesses?q=a&q=b&q[x]=c HTTP/1.1\r\nHost: x\r\n${key}Connection: close\r\n\r\n`,
      `GET /api/capabilities HTTP/1.1\r\nHost: x\r\n${key}X-API-Key: ${KEYS.admin}\r\nConnection: close\r\n\r\n`,
      `GET /api/capabilities HTTP/1.1\r\nHost: x\r\n${key}X-Big: ${'a'.repeat(70_000)}\r\nConnection: close\r\n\r\n`,
      `POST /api/consortia HTTP/1.1\r\nHost: x\r\n${key}Content-Type: application/json\r\nContent-Length: 400\r\nConnection: close\r\n\r\n{"capabilities":["milling"]}`,
      `POST /api/consortia HTTP/1.1\r\nHost: x\r\n${key}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `POST /api/consortia HTTP/1.1\r\nHost: x\r\n${key}Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\nConnection: close\r\n\r\nnotgz`,
      ...ROUTES.filter((r) => r.method === 'get').map(
        (r) =>
          `HEAD /api${r.path.replace(':id', 'nope')} HTTP/1.1\r\nHost: x\r\n${key}If-None-Match: *\r\nConnection: close\r\n\r\n`,
      ),
    ];
    for (const request of requests) {
      const answer = await raw(request);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      const where = `${request.slice(0, 80)} → ${answer.slice(0, 200)}`;
      if (status === 0 && request.includes('Content-Length: 400')) continue;
      expect(status, where).toBeGreaterThanOrEqual(200);
      expect(status, where).toBeLessThan(500);
      expect(answer, where).not.toMatch(/\n\s+at .+:\d+:\d+/);
      // A reader never gets the analyst's report, whichever way the path is spelt.
      if (request.includes('reports/summary')) expect([403, 404], where).toContain(status);
      if (request.startsWith('HEAD') && /businesses\/nope/.test(request)) expect(status, where).toBe(404);
    }
  });

  // The oracle can see a difference where one is allowed: an analyst may know the name.
  it('tells the two apart for an analyst (the positive control of the comparison)', async () => {
    const consortia = ROUTES.find((r) => r.path === '/consortia')!;
    const ask = (name: string) =>
      send(
        consortia,
        KEYS.analyst,
        '',
        [],
        { 'content-type': 'application/json' },
        JSON.stringify({ capabilities: [name] }),
      );
    const [a, b] = [await ask(SECRETS[0]), await ask(DECOYS[0])];
    expect(a.status).toBe(200);
    expect(b.status).toBe(404);
    expect(blank(a, SECRETS[0])).not.toBe(blank(b, DECOYS[0]));
  });
});
