/**
 * Starts a worker thread running one of our TypeScript modules and resolves with the first
 * message it posts. The worker is booted by a tiny eval'd script that registers tsx's loader
 * first (Node 20 ignores `--import` in a worker's execArgv). A worker that throws or exits
 * early rejects the promise with the reason; the worker never outlives its answer.
 * Every worker started is published on the `partner-atlas:worker` diagnostics channel
 * (free when nobody listens), for monitoring and for the fault tests that stop one mid-job.
 */
import { channel } from 'node:diagnostics_channel';
import { Worker } from 'node:worker_threads';
import { PartnerAtlasError } from '../../analysis/errors.ts';

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
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The computation stopped before it finished (worker ${module} ${reason}); nothing was kept, so try again. If it keeps happening, the service may be short of memory: see its log.`,
      options,
    );
  }
}

export function runWorker<T>(
  moduleUrl: URL,
  workerData: unknown,
  transferList: ArrayBuffer[] = [],
): Promise<T> {
  const module = moduleUrl.pathname.split('/').pop() ?? moduleUrl.pathname;
  return new Promise<T>((resolve, reject) => {
    const boot = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
    const worker = new Worker(boot, { eval: true, workerData, transferList });
    let settled = false;
    worker.once('message', (message: T) => {
      settled = true;
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settled = true;
      reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new WorkerStoppedError(module, 'ran out of memory', { cause: error })
          : error,
      );
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new WorkerStoppedError(module, `exited with code ${code} before answering`));
    });
    if (started.hasSubscribers) started.publish({ module, worker } satisfies WorkerStarted);
  });
}
