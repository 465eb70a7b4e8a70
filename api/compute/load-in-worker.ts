/**
 * Loads a bundle folder or .json network in a worker thread (load-worker.ts): parsing and
 * validating a large bundle takes seconds of CPU, which must not stop the service answering
 * while it reloads. Records arrive in chunks, one per turn of the event loop; errors are the
 * source's own typed errors.
 */
import type { LoadedRecords } from '../../data/sources/load-network.ts';
import { emptyRecords, type LoadMessage, type RecordKind } from './load-messages.ts';
import { askForNext, isChunk, runStreamingWorker } from './spawn-worker.ts';
import { deserializeError } from './worker-errors.ts';

export function loadFromPathInWorker(path: string): Promise<LoadedRecords> {
  const records = emptyRecords();
  return runStreamingWorker<LoadedRecords>(
    new URL('./load-worker.ts', import.meta.url),
    { path },
    [],
    (message, done, fail, worker) => {
      if (isChunk(message)) {
        const into = records[message.kind as RecordKind] as unknown[];
        for (const row of message.items) into.push(row);
        askForNext(worker);
        return;
      }
      const end = message as LoadMessage;
      if (end.type === 'done') done({ records, source: end.source });
      else if (end.type === 'error') fail(deserializeError(end.error));
    },
  );
}
