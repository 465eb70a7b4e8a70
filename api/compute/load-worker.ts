/**
 * Worker: reads a bundle folder or a .json network (data/sources) and posts its records in
 * chunks (spawn-worker.ts `postInChunks`), then `done`, or the error the source threw, as
 * plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFromPath } from '../../data/sources/load-network.ts';
import { type LoadMessage, RECORD_KINDS } from './load-messages.ts';
import { serializeError } from './worker-errors.ts';
import { postInChunks } from './spawn-worker.ts';

const { path } = workerData as { path: string };
const port = parentPort;
const post = (message: LoadMessage) => port?.postMessage(message);

if (port)
  try {
    const { records, source } = await loadFromPath(path);
    for (const kind of RECORD_KINDS) await postInChunks(port, kind, records[kind]);
    post({ type: 'done', source });
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  }
