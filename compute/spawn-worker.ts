/**
 * Starts a worker thread running one of our TypeScript modules and resolves with the first
 * message it posts. The worker is booted by a tiny eval'd script that registers tsx's loader
 * first (Node 20 ignores `--import` in a worker's execArgv). A worker that throws or exits
 * early rejects the promise with the reason; the worker never outlives its answer.
 * Every worker started is published on the `partner-atlas:worker` diagnostics channel
 * (free when nobody listens), for monitoring and for the fault tests that stop one mid-job.
 */
import { channel } from 'node:diagnostics_channel';
import { type MessagePort, Worker } from 'node:worker_threads';
import { PartnerAtlasError } from '../analysis/errors.ts';

const TSX_API = import.meta.resolve('tsx/esm/api');

/** Published on `WORKER_CHANNEL` when a worker starts. */
export interface WorkerStarted {
  /** File name of the module it runs, e.g. `analysis-worker.ts`. */
  module: string;
  worker: Worker;
}

export const WORKER_CHANNEL = 'partner-atlas:worker';
const started = channel(WORKER_CHANNEL);

/**
 * A worker that stopped before answering: terminated, out of memory, or killed with its
 * thread. Nothing was cached, so the same request can simply be tried again.
 */
export class WorkerStoppedError extends PartnerAtlasError {
  override name = 'WorkerStoppedError';
  constructor(
    readonly module: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The computation stopped before it finished (worker ${module} ${reason}); nothing was kept, so try again. If it keeps happening, the service may be short of memory: see its log.`,
      options,
    );
  }
}

/**
 * How a worker's thread is scheduled. `background`: work no request is waiting on right now
 * (the centrality report, the map layout) runs at nice {@link BACKGROUND_NICE}, so on a busy
 * machine the event loop's answers come first and the background work takes what is left
 * (all of it when the service is idle). Linux sets the nice value per thread, and threads a
 * worker starts (the report's path workers) inherit it; elsewhere it is a no-op.
 */
export type WorkerPriority = 'normal' | 'background';
export const BACKGROUND_NICE = 10;

/** Boot code that lowers the calling thread's priority (Linux: /proc/thread-self is the thread's task). */
const LOWER_PRIORITY = `try { if (process.platform === 'linux') require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), ${BACKGROUND_NICE}); } catch {}`;

/**
 * Start a worker thread running one of our TypeScript modules (tsx's loader registered
 * first), published on the diagnostics channel; the caller listens to it.
 */
export function startModuleWorker(
  moduleUrl: URL,
  workerData: unknown,
  transferList: ArrayBuffer[] = [],
  priority: WorkerPriority = 'normal',
): { worker: Worker; module: string } {
  const module = moduleUrl.pathname.split('/').pop() ?? moduleUrl.pathname;
  const load = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  const boot = priority === 'background' ? `${LOWER_PRIORITY}\n${load}` : load;
  const worker = new Worker(boot, { eval: true, workerData, transferList });
  if (started.hasSubscribers) started.publish({ module, worker } satisfies WorkerStarted);
  return { worker, module };
}

/** Whether a worker's error is V8 refusing it more memory. */
export function stoppedReason(error: Error & { code?: string }, module: string): Error {
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new WorkerStoppedError(module, 'ran out of memory', { cause: error })
    : error;
}

export function runWorker<T>(
  moduleUrl: URL,
  workerData: unknown,
  transferList: ArrayBuffer[] = [],
  priority: WorkerPriority = 'normal',
): Promise<T> {
  return runStreamingWorker<T>(
    moduleUrl,
    workerData,
    transferList,
    (message, done) => done(message as T),
    priority,
  );
}

/**
 * Start a worker and feed each message it posts to `handle`, which settles the promise with
 * `done` or `fail`; the worker is terminated once settled. A worker that errors or exits first
 * rejects (out of memory and early exits as WorkerStoppedError).
 */
export function runStreamingWorker<T>(
  moduleUrl: URL,
  workerData: unknown,
  transferList: ArrayBuffer[],
  handle: (message: unknown, done: (value: T) => void, fail: (error: Error) => void, worker: Worker) => void,
  priority: WorkerPriority = 'normal',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const { worker, module } = startModuleWorker(moduleUrl, workerData, transferList, priority);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    const done = (value: T) => settle(() => resolve(value));
    const fail = (error: Error) => settle(() => reject(error));
    worker.on('message', (message: unknown) => {
      if (!settled) handle(message, done, fail, worker);
    });
    worker.once('error', (error: Error & { code?: string }) => fail(stoppedReason(error, module)));
    worker.once('exit', (code) =>
      fail(new WorkerStoppedError(module, `exited with code ${code} before answering`)),
    );
  });
}

/**
 * Worker side of a long answer: post `items` in chunks of `size`, each once the receiver asks
 * for the next ({@link askForNext}). Node delivers every queued message in one turn of the
 * receiver's event loop, so posting a large answer at once would hold the service for seconds.
 */
export async function postInChunks(
  port: MessagePort,
  kind: string,
  items: readonly unknown[],
  size = 2_000,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    port.postMessage({ type: 'chunk', kind, items: items.slice(i, i + size) });
    await new Promise<void>((resolve) => port.once('message', () => resolve()));
  }
}

/** A chunk of a long answer (see {@link postInChunks}). */
export interface Chunk {
  type: 'chunk';
  kind: string;
  items: unknown[];
}

export function isChunk(message: unknown): message is Chunk {
  return (message as { type?: unknown } | null)?.type === 'chunk';
}

/** Service side: ask the worker for the next chunk once other work has had its turn. */
export function askForNext(worker: Worker): void {
  setImmediate(() => worker.postMessage('next'));
}
