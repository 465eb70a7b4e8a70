/**
 * Loads a bundle folder or .json network in a child process (load-child.ts): parsing and
 * validating a large bundle takes seconds of CPU, which must not stop the service answering
 * while it reloads, and a read that never ends (a named pipe in place of a file, a stalled
 * network mount) must stay cancellable: the child is killed when `signal` aborts, and nothing
 * of it stays behind in the service. Records arrive in chunks, one per turn of the event loop;
 * errors are the source's own typed errors.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadedRecords } from '../data/sources/load-network.ts';
import { emptyRecords, type LoadMessage, type RecordKind } from './load-messages.ts';
import { isChunk, WorkerStoppedError } from './spawn-worker.ts';
import { deserializeError } from './worker-errors.ts';

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/**
 * Read `path` in a child process.
 * @param options.signal aborting it kills the child; the promise rejects with the signal's reason
 */
export function loadFromPathInChild(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<LoadedRecords> {
  const { signal } = options;
  return new Promise<LoadedRecords>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const child = fork(CHILD, [path], {
      execArgv: ['--import', TSX],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const records = emptyRecords();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      child.kill('SIGKILL');
      fn();
    };
    const onAbort = () => settle(() => reject(signal?.reason as Error));
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (message: unknown) => {
      if (settled) return;
      if (isChunk(message)) {
        const into = records[message.kind as RecordKind] as unknown[];
        for (const row of message.items) into.push(row);
        setImmediate(() => child.connected && child.send('next'));
        return;
      }
      const end = message as LoadMessage;
      if (end.type === 'done') settle(() => resolve({ records, source: end.source }));
      else if (end.type === 'error') settle(() => reject(deserializeError(end.error)));
    });
    child.once('error', (error) => settle(() => reject(error)));
    child.once('exit', (code, sig) =>
      settle(() =>
        reject(new WorkerStoppedError('load-child.ts', `exited (${sig ?? `code ${code}`}) before answering`)),
      ),
    );
  });
}
