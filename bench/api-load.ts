/**
 * API section of `npm run bench` (issue 6's speed goals): the service runs in its own child
 * process (bench/service.ts), on 127.0.0.1 only, with the rate limit lifted, its
 * metrics and partnering index warmed; autocannon in this process then drives
 * `GET /api/businesses/:id` and `GET /api/businesses/:id/suggestions` for a bounded time, with
 * `GET /api/health` as the floor: suggestions over 500 ids spread over the network (answers warm
 * in the cache) and for every business in turn (nearly every one computed). Reported:
 * requests/s, p50, p99.
 * Also the service's memory with each network loaded (RSS and heap once warm, peak RSS),
 * and, when a 100k network is in the run, health latency while a reload of it runs.
 * Goals: > 1,000 suggestions/s with p99 < 50 ms on the 10k network; health < 50 ms during
 * the reload.
 */
import type { SectionOptions } from './harness.ts';
import { autocannon, mb, startService, type CannonRequest, type CannonResult } from './service.ts';

export const API_GOALS = { suggestionsPerSecond: 1000, p99Ms: 50, healthDuringReloadMs: 50 } as const;

export interface ServiceMemory {
  dataset: string;
  businesses: number;
  /** Load + snapshot + metrics (worker) + partnering index, until ready. */
  warmMs: number;
  rssMb: number;
  heapUsedMb: number;
  peakRssMb: number;
}

export interface LoadScenario {
  dataset: string;
  scenario: string;
  connections: number;
  seconds: number;
  /** Requests answered in the measured window. */
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

export interface ApiLoadResult {
  memory: ServiceMemory[];
  load: LoadScenario[];
  healthDuringReload: (LoadScenario & { reloadMs: number | null }) | { skipped: string };
}

/** One flat row per scenario, then one per network's memory, for the harness's tables. */
export type ApiLoadRow =
  | ({ dataset: string; scenario: string } & Partial<LoadScenario> & { reloadMs?: number | null })
  | ({ scenario: 'service memory' } & ServiceMemory);

export function toRows(result: ApiLoadResult): ApiLoadRow[] {
  const reload = result.healthDuringReload;
  return [
    ...result.load,
    'skipped' in reload
      ? { dataset: '100k', scenario: `GET /api/health during a reload: skipped, ${reload.skipped}` }
      : reload,
    ...result.memory.map((m) => ({ scenario: 'service memory' as const, ...m })),
  ];
}

async function cannon(
  url: string,
  paths: string[],
  seconds: number,
  connections: number,
): Promise<CannonResult> {
  let k = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: CannonRequest) => ({ ...req, path: paths[k++ % paths.length] as string }),
      },
    ],
  });
}

function scenario(
  dataset: string,
  name: string,
  r: CannonResult,
  connections: number,
  seconds: number,
): LoadScenario {
  return {
    dataset,
    scenario: name,
    connections,
    seconds,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.total / (r.duration || seconds)),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/**
 * API section, as flat rows: memory per network, load on the largest network of at most 10k businesses,
 * and health during a 100k reload when the run has a 100k network.
 * @param options the harness's section options (quick: 3 s per scenario, else 10 s)
 */
export async function benchApiLoad(options: SectionOptions): Promise<ApiLoadRow[]> {
  return toRows(await measureApi(options));
}

/** The API measurements as one object (see {@link benchApiLoad} for the rows). */
export async function measureApi(options: SectionOptions): Promise<ApiLoadResult> {
  const { log, quick } = options;
  const seconds = quick ? 3 : 10;
  const connections = 10;
  const memory: ServiceMemory[] = [];
  const load: LoadScenario[] = [];
  const target = [...options.datasets].filter((d) => d.businesses <= 10_000).pop();
  for (const d of options.datasets) {
    log(`service with ${d.name} …`);
    const service = await startService(d.dir);
    try {
      if (d === target) {
        const base = service.url;
        const ids = service.ready.ids.map(encodeURIComponent);
        const runs: [string, string[]][] = [
          ['GET /api/health', ['/api/health']],
          ['GET /api/businesses/:id', ids.map((id) => `/api/businesses/${id}`)],
          ['GET /api/businesses/:id/suggestions', ids.map((id) => `/api/businesses/${id}/suggestions`)],
          // Every business in turn: 10,000 distinct answers, more than the answer cache keeps,
          // so nearly every request is computed.
          [
            'GET /api/businesses/:id/suggestions, every business (uncached)',
            service.ready.allIds.map((id) => `/api/businesses/${encodeURIComponent(id)}/suggestions`),
          ],
        ];
        for (const [name, paths] of runs) {
          log(`  autocannon ${name} (${seconds} s, ${connections} connections)`);
          await cannon(base, paths, 1, connections); // warm-up
          load.push(
            scenario(d.name, name, await cannon(base, paths, seconds, connections), connections, seconds),
          );
        }
      }
      const after = await service.memory();
      memory.push({
        dataset: d.name,
        businesses: d.businesses,
        warmMs: Math.round(service.ready.warmMs),
        rssMb: mb(service.ready.rss),
        heapUsedMb: mb(service.ready.heapUsed),
        peakRssMb: mb(Math.max(service.ready.maxRss, after.maxRss)),
      });
    } finally {
      service.stop();
    }
  }

  let healthDuringReload: ApiLoadResult['healthDuringReload'] = {
    skipped: 'no 100k network in this run (add --sizes …,100k)',
  };
  const big = options.datasets.find((d) => d.businesses >= 100_000);
  const small = target ?? options.datasets[0];
  if (big && small) {
    log(`health while reloading ${big.name} …`);
    const service = await startService(small.dir, big.dir);
    try {
      const base = service.url;
      const reloaded = service.next('reloaded');
      const t0 = performance.now();
      service.child.send({ type: 'reload' });
      // Health is polled with one connection for as long as the reload runs (at most 120 s).
      const probes: CannonResult[] = [];
      let done = false;
      void reloaded.then(() => (done = true));
      while (!done && performance.now() - t0 < 120_000)
        probes.push(await cannon(base, ['/api/health'], 2, 1));
      const msg = await Promise.race([
        reloaded,
        new Promise<Record<string, unknown>>((r) => setTimeout(() => r({}), 1)),
      ]);
      const p99 = Math.max(...probes.map((p) => p.latency.p99));
      const total = probes.reduce((s, p) => s + p.requests.total, 0);
      const secs = probes.reduce((s, p) => s + (p.duration || 2), 0);
      healthDuringReload = {
        dataset: big.name,
        scenario: `GET /api/health during reload of ${big.name}`,
        connections: 1,
        seconds: Math.round(secs),
        requests: total,
        requestsPerSecond: Math.round(total / secs),
        p50Ms: Math.max(...probes.map((p) => p.latency.p50)),
        p99Ms: p99,
        maxMs: Math.max(...probes.map((p) => p.latency.max)),
        errors: probes.reduce((s, p) => s + p.errors + p.timeouts, 0),
        non2xx: probes.reduce((s, p) => s + p.non2xx, 0),
        reloadMs: typeof msg['ms'] === 'number' ? Math.round(msg['ms']) : null,
      };
    } finally {
      service.stop();
    }
  }
  return { memory, load, healthDuringReload };
}
