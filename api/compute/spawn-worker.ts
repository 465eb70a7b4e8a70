/**
 * Starts a worker thread running one of our TypeScript modules and resolves with the first
 * message it posts. The worker is booted by a tiny eval'd script that registers tsx's loader
 * first (Node 20 ignores `--import` in a worker's execArgv). A worker that throws or exits
 * early rejects the promise with the reason; the worker never outlives its answer.
 */
import { Worker } from 'node:worker_threads';

const TSX_API = import.meta.resolve('tsx/esm/api');

export function runWorker<T>(
  moduleUrl: URL,
  workerData: unknown,
  transferList: ArrayBuffer[] = [],
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const boot = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
    const worker = new Worker(boot, { eval: true, workerData, transferList });
    let settled = false;
    worker.once('message', (message: T) => {
      settled = true;
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled)
        reject(
          new Error(
            `worker ${moduleUrl.pathname.split('/').pop()} stopped with exit code ${code} before answering`,
          ),
        );
    });
  });
}
