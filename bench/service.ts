/**
 * The API service in a child process, for the load sections of `npm run bench` (api-load,
 * mixed-load): this module run with `--serve DIR [--reload DIR]` loads the network, starts the
 * app on 127.0.0.1 only with the rate limit lifted, warms its metrics and partnering index and
 * reports `ready` over IPC; {@link startService} forks it with `--expose-gc`. The child answers
 * two IPC messages: `memory` (RSS, heap used and peak RSS; with `gc: true` after a full GC, so
 * a heap figure is what is live, not what is waiting to be collected) and `reload`. No HTTP
 * endpoint exists for benchmarks.
 *
 * Also autocannon's typing, as the sections use it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { SERVICE_NODE_FLAGS } from './node-flags.ts';

const require = createRequire(import.meta.url);

/** What autocannon resolves with (the parts we read). */
export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
/** One request of autocannon's `requests` list (the parts we use). */
export interface CannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: CannonRequest, context: Record<string, unknown>) => CannonRequest;
  onResponse?: (
    status: number,
    body: string,
    context: Record<string, unknown>,
    headers: Record<string, string>,
  ) => void;
}
export type Autocannon = ((opts: Record<string, unknown>) => Promise<CannonResult>) & {
  track?: unknown;
};
export const autocannon = require('autocannon') as Autocannon;

/** Bytes → MB with one decimal. */
export const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** What the child reports once it serves. */
export interface Ready {
  port: number;
  warmMs: number;
  rss: number;
  heapUsed: number;
  maxRss: number;
  /** Up to 500 business ids spread over the network. */
  ids: string[];
  /** Every business id (for scenarios that must miss the answer cache). */
  allIds: string[];
}

/** The child's answer to `{ type: 'memory' }`. */
export interface MemoryReport {
  type: 'memory';
  rss: number;
  heapUsed: number;
  maxRss: number;
  /** The current snapshot's answer cache (api/result-cache.ts): what it holds and its bounds. */
  answers: { size: number; bytes: number; maxEntries: number; maxBytes: number };
}

// ---- child side ---------------------------------------------------------------------------

async function serve(dir: string, reloadDir: string | undefined): Promise<void> {
  // The same file source as the service (api/load-source.ts): read in a child process.
  const [
    { createApp },
    { createSnapshot, SnapshotStore },
    { loadFromPathInChild },
    { analysisOf, partneringOf },
  ] = await Promise.all([
    import('../api/app.ts'),
    import('../api/snapshot.ts'),
    import('../compute/load-in-child.ts'),
    import('../api/derived.ts'),
  ]);
  const started = performance.now();
  let loads = 0;
  const load = () => loadFromPathInChild(loads++ === 0 || reloadDir === undefined ? dir : reloadDir);
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
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
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
    allIds: ids,
  };
  process.send?.({ type: 'ready', ...ready });
  process.on('message', (msg: { type: string; gc?: boolean }) => {
    if (msg.type === 'memory') {
      if (msg.gc) gc?.();
      const m = process.memoryUsage();
      const report: MemoryReport = {
        type: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        maxRss: process.resourceUsage().maxRSS * 1024,
        answers: {
          size: store.current.answers.size,
          bytes: store.current.answers.bytes,
          ...store.current.answers.limits,
        },
      };
      process.send?.(report);
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

export interface Service {
  child: ChildProcess;
  ready: Ready;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The next IPC message of this type (rejects if the child exits first). */
  next: (type: string) => Promise<Record<string, unknown>>;
  /** The child's memory; `gc`: after a full GC in the child. */
  memory: (options?: { gc?: boolean }) => Promise<MemoryReport>;
  stop: () => void;
}

/** Fork the service on the bundle `dir` (and `reloadDir` for its reloads) and wait until it serves. */
export async function startService(dir: string, reloadDir?: string): Promise<Service> {
  const child = fork(
    new URL(import.meta.url).pathname,
    ['--serve', dir, ...(reloadDir ? ['--reload', reloadDir] : [])],
    {
      execArgv: [...SERVICE_NODE_FLAGS, '--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
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
    url: `http://127.0.0.1:${ready.port}`,
    next,
    memory: async (options = {}) => {
      const answer = next('memory');
      child.send({ type: 'memory', gc: options.gc === true });
      return (await answer) as unknown as MemoryReport;
    },
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

const argv = process.argv;
const serveAt = argv.indexOf('--serve');
// Only as the forked child (this file is also imported by the sections).
if (serveAt !== -1 && argv[serveAt + 1] && argv[1] === fileURLToPath(import.meta.url)) {
  const reloadAt = argv.indexOf('--reload');
  serve(argv[serveAt + 1] as string, reloadAt === -1 ? undefined : argv[reloadAt + 1]).catch(
    (error: unknown) => {
      console.error(`bench service: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
