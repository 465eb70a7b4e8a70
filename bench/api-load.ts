/**
 * API section of `npm run bench` (issue 6's speed goals): the service runs in its own child
 * process (this module with `--serve`), on 127.0.0.1 only, with the rate limit lifted, its
 * metrics and partnering index warmed; autocannon in this process then drives
 * `GET /api/businesses/:id` and `GET /api/businesses/:id/suggestions` (ids rotated) for a
 * bounded time, with `GET /api/health` as the floor. Reported: requests/s, p50, p99.
 * Also the service's memory with each network loaded (RSS and heap once warm, peak RSS),
 * and, when a 100k network is in the run, health latency while a reload of it runs.
 * Goals: > 1,000 suggestions/s with p99 < 50 ms on the 10k network; health < 50 ms during
 * the reload.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { SectionOptions } from './harness.ts';

const require = createRequire(import.meta.url);

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface CannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}
type Autocannon = ((opts: Record<string, unknown>) => Promise<CannonResult>) & {
  track?: unknown;
};
const autocannon = require('autocannon') as Autocannon;

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

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

interface Ready {
  port: number;
  warmMs: number;
  rss: number;
  heapUsed: number;
  maxRss: number;
  ids: string[];
}

// ---- child side ---------------------------------------------------------------------------

async function serve(dir: string, reloadDir: string | undefined): Promise<void> {
  const [{ createApp }, { createSnapshot, SnapshotStore }, { loadFromPath }, { analysisOf, partneringOf }] =
    await Promise.all([
      import('../api/app.ts'),
      import('../api/snapshot.ts'),
      import('../data/sources/load-network.ts'),
      import('../api/derived.ts'),
    ]);
  const started = performance.now();
  let loads = 0;
  const load = () => loadFromPath(loads++ === 0 || reloadDir === undefined ? dir : reloadDir);
  const { records, source } = await load();
  const store = new SnapshotStore(createSnapshot(records, source), load);
  const app = createApp({
    store,
    logger: pino({ level: 'silent' }),
    rateLimit: { perSecond: 1e9, burst: 1e9 },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  await analysisOf(store.current);
  await partneringOf(store.current);
  const warmMs = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const ids = store.current.graph.nodes();
  const step = Math.max(1, Math.floor(ids.length / 500));
  const ready: Ready = {
    port: (server.address() as AddressInfo).port,
    warmMs,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    maxRss: process.resourceUsage().maxRSS * 1024,
    ids: ids.filter((_, i) => i % step === 0).slice(0, 500),
  };
  process.send?.({ type: 'ready', ...ready });
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'memory') {
      const m = process.memoryUsage();
      process.send?.({
        type: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        maxRss: process.resourceUsage().maxRSS * 1024,
      });
    } else if (msg.type === 'reload') {
      const t0 = performance.now();
      store.reload().then(
        () => process.send?.({ type: 'reloaded', ms: performance.now() - t0 }),
        (error: unknown) => process.send?.({ type: 'reloaded', error: (error as Error).message }),
      );
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---- parent side --------------------------------------------------------------------------

interface Service {
  child: ChildProcess;
  ready: Ready;
  next: (type: string) => Promise<Record<string, unknown>>;
  stop: () => void;
}

async function startService(dir: string, reloadDir?: string): Promise<Service> {
  const child = fork(
    new URL(import.meta.url).pathname,
    ['--serve', dir, ...(reloadDir ? ['--reload', reloadDir] : [])],
    { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (msg: Record<string, unknown>) => {
        if (msg['type'] !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(msg);
      };
      const onExit = (code: number | null) => reject(new Error(`the service exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = (await next('ready')) as unknown as Ready;
  return {
    child,
    ready,
    next,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
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
        const base = `http://127.0.0.1:${service.ready.port}`;
        const ids = service.ready.ids.map(encodeURIComponent);
        const runs: [string, string[]][] = [
          ['GET /api/health', ['/api/health']],
          ['GET /api/businesses/:id', ids.map((id) => `/api/businesses/${id}`)],
          ['GET /api/businesses/:id/suggestions', ids.map((id) => `/api/businesses/${id}/suggestions`)],
        ];
        for (const [name, paths] of runs) {
          log(`  autocannon ${name} (${seconds} s, ${connections} connections)`);
          await cannon(base, paths, 1, connections); // warm-up
          load.push(
            scenario(d.name, name, await cannon(base, paths, seconds, connections), connections, seconds),
          );
        }
      }
      service.child.send({ type: 'memory' });
      const after = await service.next('memory');
      memory.push({
        dataset: d.name,
        businesses: d.businesses,
        warmMs: Math.round(service.ready.warmMs),
        rssMb: mb(service.ready.rss),
        heapUsedMb: mb(service.ready.heapUsed),
        peakRssMb: mb(Math.max(service.ready.maxRss, after['maxRss'] as number)),
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
      const base = `http://127.0.0.1:${service.ready.port}`;
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

const argv = process.argv;
const serveAt = argv.indexOf('--serve');
if (serveAt !== -1 && argv[serveAt + 1]) {
  const reloadAt = argv.indexOf('--reload');
  serve(argv[serveAt + 1] as string, reloadAt === -1 ? undefined : argv[reloadAt + 1]).catch(
    (error: unknown) => {
      console.error(`bench service: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
