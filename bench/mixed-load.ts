/**
 * Mixed-load section of `npm run bench` (issue 9, Load): the service in its own process
 * (bench/service.ts) on the largest network of at most 10k businesses, on 127.0.0.1 only with
 * the rate limit lifted, gets MIXED traffic from autocannon — search and lists, profiles, the
 * four questions, suggestions, capabilities, summaries, the centrality report (JSON and CSV),
 * the graph JSON, consortium POSTs and health, weighted roughly like real use ({@link MIX}) —
 * for 60 s (10 s with `--quick`), after a warm-up. Reported: requests/s, p50 and p99 per route
 * class and overall, errors, non-2xx and answers of the wrong media type (all must be zero).
 *
 * Then memory flatness: 10 successive runs of 10,000 requests each (500 with `--quick`),
 * the service's RSS and heap used after each, measured after a full GC in the service (asked
 * over IPC, no HTTP endpoint). The growth from run 2 to run 10 (run 1 still fills caches) is
 * the verdict: flat when it is below {@link FLAT_TOLERANCE}.
 *
 * test/api/mixed-load.test.ts checks the mix (every class answered 2xx with its media type);
 * traffic is driven only here.
 */
import type { SectionOptions } from './harness.ts';
import { median, quantile } from './harness.ts';
import { autocannon, mb, startService, type CannonRequest } from './service.ts';

/** One kind of request of the mix. */
export interface TrafficClass {
  name: string;
  /** Share of the traffic, relative to the other classes. */
  weight: number;
  /** Media type every answer must have. */
  type: 'application/json' | 'text/csv';
  /** Concrete requests of this class, taken in turn. */
  requests: { method: 'GET' | 'POST'; path: string; body?: string }[];
}

/**
 * The weights of the mix, per 100 requests: mostly people browsing (search, profiles, health
 * polled by the page), some suggestions and questions, and a few heavy downloads.
 */
export const MIX = {
  'search / list': 20,
  profile: 22,
  questions: 8,
  suggestions: 12,
  capabilities: 5,
  summary: 8,
  'centrality report JSON': 2,
  'centrality report CSV': 1,
  'graph JSON': 2,
  'consortium POST': 5,
  health: 15,
} as const satisfies Record<string, number>;

/** Run-2-to-run-10 growth of heap used below which memory is flat: 5 % or 4 MB. */
export const FLAT_TOLERANCE = { fraction: 0.05, mb: 4 } as const;

/** What the mix is made of: ids, search words, capability names, sectors of the network. */
export interface MixInputs {
  ids: string[];
  searches: string[];
  sectors: string[];
  capabilities: string[];
}

/**
 * Ask the running service (GET /api/businesses, /api/capabilities) for the names, sectors and
 * capabilities the mix uses; `ids` when given (spread over the network) replace the listed ones.
 */
export async function discoverInputs(url: string, ids?: string[]): Promise<MixInputs> {
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    if (!res.ok) throw new Error(`mixed load: GET ${path} answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const list = (await get('/api/businesses?limit=200'))['businesses'] as {
    id: string;
    name: string;
    sector?: string | null;
  }[];
  const caps = (await get('/api/capabilities'))['capabilities'] as { name: string; holders: number }[];
  const words = list.map((b) => b.name.split(/\s+/)[0] ?? b.name);
  return {
    ids: ids && ids.length > 0 ? ids : list.map((b) => b.id),
    searches: [...new Set([...words.map((w) => w.slice(0, 3)), ...words])].slice(0, 100),
    sectors: [...new Set(list.map((b) => b.sector).filter((s): s is string => !!s))],
    capabilities: caps.filter((c) => c.holders > 0).map((c) => c.name),
  };
}

/** The traffic classes of {@link MIX} filled with `inputs`. */
export function buildMix(inputs: MixInputs): TrafficClass[] {
  const q = encodeURIComponent;
  const ids = inputs.ids.map(q);
  const get = (path: string) => ({ method: 'GET' as const, path });
  const json = 'application/json' as const;
  const caps = inputs.capabilities;
  const teams = caps.slice(0, 60).map((_, i) => ({
    method: 'POST' as const,
    path: '/api/consortia',
    body: JSON.stringify({
      capabilities: [caps[i], caps[(i * 7 + 3) % caps.length], caps[(i * 13 + 5) % caps.length]].filter(
        (c, k, all): c is string => c !== undefined && all.indexOf(c) === k,
      ),
    }),
  }));
  const classes: TrafficClass[] = [
    {
      name: 'search / list',
      weight: MIX['search / list'],
      type: json,
      requests: [
        ...inputs.searches.map((s) => get(`/api/businesses?q=${q(s)}`)),
        ...inputs.sectors.map((s) => get(`/api/businesses?sector=${q(s)}&limit=20`)),
        get('/api/businesses?limit=50'),
      ],
    },
    {
      name: 'profile',
      weight: MIX.profile,
      type: json,
      requests: ids.map((id) => get(`/api/businesses/${id}`)),
    },
    {
      name: 'questions',
      weight: MIX.questions,
      type: json,
      requests: ids.map((id) => get(`/api/businesses/${id}/questions`)),
    },
    {
      name: 'suggestions',
      weight: MIX.suggestions,
      type: json,
      requests: ids.map((id) => get(`/api/businesses/${id}/suggestions`)),
    },
    { name: 'capabilities', weight: MIX.capabilities, type: json, requests: [get('/api/capabilities')] },
    {
      name: 'summary',
      weight: MIX.summary,
      type: json,
      requests: [get('/api/network/summary'), get('/api/reports/summary')],
    },
    {
      name: 'centrality report JSON',
      weight: MIX['centrality report JSON'],
      type: json,
      requests: [get('/api/reports/centrality'), get('/api/reports/centrality?sort=degree')],
    },
    {
      name: 'centrality report CSV',
      weight: MIX['centrality report CSV'],
      type: 'text/csv',
      requests: [get('/api/reports/centrality?format=csv&sort=betweenness')],
    },
    { name: 'graph JSON', weight: MIX['graph JSON'], type: json, requests: [get('/api/graph')] },
    { name: 'consortium POST', weight: MIX['consortium POST'], type: json, requests: teams },
    { name: 'health', weight: MIX.health, type: json, requests: [get('/api/health')] },
  ];
  return classes.filter((c) => c.requests.length > 0);
}

/** Per class, and overall (`route: 'overall'`). */
export interface ClassFigures {
  route: string;
  /** Share of the requests sent, %. */
  sharePct: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  /** Answers whose content-type is not the class's. */
  wrongType: number;
  /** Connection errors and time-outs (overall only: autocannon does not say which request). */
  errors?: number;
}

export interface MixedRun {
  seconds: number;
  overall: ClassFigures;
  classes: ClassFigures[];
  /** Up to 5 examples of non-2xx or wrong-type answers: `status route path`. */
  problems: string[];
}

/**
 * Drive `mix` against `url` with autocannon: for `seconds`, or until `amount` requests are
 * answered. The order of classes is a fixed shuffle of their weights (reproducible runs).
 * @param options connections (default 10), seconds or amount
 */
export async function driveMixed(
  url: string,
  mix: TrafficClass[],
  options: { seconds?: number; amount?: number; connections?: number },
): Promise<MixedRun> {
  const schedule = scheduleOf(mix);
  const cursor = mix.map(() => 0);
  const latencies = mix.map(() => [] as number[]);
  const non2xx = mix.map(() => 0);
  const wrongType = mix.map(() => 0);
  const problems: string[] = [];
  let k = 0;
  const request: CannonRequest = {
    setupRequest: (req, context) => {
      const c = schedule[k++ % schedule.length] as number;
      const cls = mix[c] as TrafficClass;
      const next = cls.requests[(cursor[c] = (cursor[c] as number) + 1) % cls.requests.length];
      if (!next) return req;
      context['class'] = c;
      context['path'] = next.path;
      context['start'] = performance.now();
      return next.body === undefined
        ? { ...req, method: next.method, path: next.path, headers: {} }
        : {
            ...req,
            method: next.method,
            path: next.path,
            body: next.body,
            headers: { 'content-type': 'application/json' },
          };
    },
    onResponse: (status, _body, context, headers) => {
      const c = context['class'] as number;
      const cls = mix[c] as TrafficClass;
      latencies[c]?.push(performance.now() - (context['start'] as number));
      const type = headers['content-type'] ?? headers['Content-Type'] ?? '';
      const ok = status >= 200 && status < 300;
      if (!ok) non2xx[c] = (non2xx[c] as number) + 1;
      else if (!type.startsWith(cls.type)) wrongType[c] = (wrongType[c] as number) + 1;
      if ((!ok || !type.startsWith(cls.type)) && problems.length < 5)
        problems.push(`${status} ${type || 'no content-type'} ${cls.name} ${String(context['path'])}`);
    },
  };
  const result = await autocannon({
    url,
    connections: options.connections ?? 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 30,
    requests: [request],
  });
  const seconds = result.duration || options.seconds || 1;
  const all = latencies.flat();
  const figures = (route: string, lat: number[], bad: number, wrong: number): ClassFigures => ({
    route,
    sharePct: all.length ? Math.round((1000 * lat.length) / all.length) / 10 : 0,
    requests: lat.length,
    requestsPerSecond: Math.round(lat.length / seconds),
    p50Ms: round1(median(lat)),
    p99Ms: round1(quantile(lat, 0.99)),
    maxMs: round1(lat.length ? Math.max(...lat) : NaN),
    non2xx: bad,
    wrongType: wrong,
  });
  const classes = mix.map((cls, c) =>
    figures(cls.name, latencies[c] ?? [], non2xx[c] ?? 0, wrongType[c] ?? 0),
  );
  const overall = {
    ...figures(
      'overall',
      all,
      // autocannon's own count too, in case an answer never reached onResponse.
      Math.max(
        result.non2xx,
        classes.reduce((s, c) => s + c.non2xx, 0),
      ),
      classes.reduce((s, c) => s + c.wrongType, 0),
    ),
    errors: result.errors + result.timeouts,
  };
  return { seconds: round1(seconds), overall, classes, problems };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Class indexes in proportion to their weights, shuffled with a fixed seed. */
function scheduleOf(mix: TrafficClass[]): number[] {
  const order = mix.flatMap((cls, c) => Array.from({ length: Math.round(cls.weight * 10) }, () => c));
  let seed = 2050;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (seed * 48_271) % 2_147_483_647; // Park–Miller: the product stays exact
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/** Wait until GET /api/graph is the full view (its layout runs in a worker after start). */
async function waitForGraph(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const res = await fetch(`${url}/api/graph`);
    const body = (await res.json()) as { partial?: boolean };
    if (res.ok && body.partial === false) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`mixed load: the graph layout was not ready after ${timeoutMs / 1000} s`);
}

export interface MemoryRun {
  run: number;
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface MixedLoadResult {
  traffic: (ClassFigures & { dataset: string })[];
  memory: MemoryRun[];
  verdict: {
    dataset: string;
    connections: number;
    seconds: number;
    /** Heap used after GC, run 10 − run 2. */
    heapGrowthMb: number;
    heapGrowthPct: number;
    rssGrowthMb: number;
    rssGrowthPct: number;
    memory: 'flat' | 'growing';
    zeroErrors: boolean;
    problems: string;
  };
}

/**
 * The mixed-load section: traffic figures per route class, then memory over 10 runs.
 * @param options the harness's section options (quick: 10 s of traffic and runs of 500)
 */
export async function benchMixedLoad(options: SectionOptions): Promise<MixedLoadResult> {
  const { log, quick } = options;
  const seconds = quick ? 10 : 60;
  const perRun = quick ? 500 : 10_000;
  const runs = 10;
  const connections = 10;
  const target = [...options.datasets].filter((d) => d.businesses <= 10_000).pop();
  if (!target) throw new Error('mixed load needs a network of at most 10k businesses');
  log(`service with ${target.name} …`);
  const service = await startService(target.dir);
  try {
    const url = service.url;
    await waitForGraph(url);
    const mix = buildMix(await discoverInputs(url, service.ready.ids));
    log(`warm-up (${quick ? 3 : 10} s)`);
    await driveMixed(url, mix, { seconds: quick ? 3 : 10, connections });
    log(`mixed traffic, ${seconds} s, ${connections} connections`);
    const measured = await driveMixed(url, mix, { seconds, connections });
    const memory: MemoryRun[] = [];
    for (let run = 1; run <= runs; run++) {
      const r = await driveMixed(url, mix, { amount: perRun, connections });
      const m = await service.memory({ gc: true });
      memory.push({
        run,
        requests: r.overall.requests,
        seconds: r.seconds,
        non2xx: r.overall.non2xx + r.overall.wrongType,
        errors: r.overall.errors ?? 0,
        rssMb: mb(m.rss),
        heapUsedMb: mb(m.heapUsed),
      });
      log(
        `  memory run ${run}/${runs}: ${perRun} requests in ${r.seconds} s, RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB`,
      );
    }
    const second = memory[1] as MemoryRun;
    const last = memory[memory.length - 1] as MemoryRun;
    const heapGrowthMb = round1(last.heapUsedMb - second.heapUsedMb);
    const rssGrowthMb = round1(last.rssMb - second.rssMb);
    const heapGrowthPct = round1((100 * heapGrowthMb) / second.heapUsedMb);
    const flat = heapGrowthMb < FLAT_TOLERANCE.mb || heapGrowthPct < 100 * FLAT_TOLERANCE.fraction;
    const bad = [measured.overall, ...memory.map((m) => ({ ...m, wrongType: 0 }))].reduce(
      (s, r) => s + r.non2xx + r.wrongType + (r.errors ?? 0),
      0,
    );
    return {
      traffic: [measured.overall, ...measured.classes].map((c) => ({ dataset: target.name, ...c })),
      memory,
      verdict: {
        dataset: target.name,
        connections,
        seconds: measured.seconds,
        heapGrowthMb,
        heapGrowthPct,
        rssGrowthMb,
        rssGrowthPct: round1((100 * rssGrowthMb) / second.rssMb),
        memory: flat ? 'flat' : 'growing',
        zeroErrors: bad === 0,
        problems: measured.problems.join('; '),
      },
    };
  } finally {
    service.stop();
  }
}
