/** Worker: the bundle files of an uploaded zip, inflated with the cap (unzip-bundle.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { unzipBundle, ZipRefusal } from './unzip-bundle.ts';

const { zip, capBytes } = workerData as { zip: Uint8Array; capBytes: number };
try {
  const files = [...unzipBundle(zip, { capBytes })];
  parentPort?.postMessage(
    { files },
    files.map(([, data]) => data.buffer as ArrayBuffer),
  );
} catch (error) {
  if (!(error instanceof ZipRefusal)) throw error;
  parentPort?.postMessage({
    refused: { status: error.status, message: error.message, extensions: error.extensions },
  });
}
