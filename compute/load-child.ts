/**
 * Child process: reads a bundle folder or a .json network (data/sources) and sends its records
 * in chunks of 2,000, each once the service asks for the next, then `done`, or the error the
 * source threw, as plain data. A process and not a worker thread: a read that never ends (a
 * named pipe, a stalled network mount) blocks the thread that issued it for good, and a worker
 * stuck so can neither be terminated nor let its process exit; a child can always be killed.
 */
import { loadFromPath } from '../data/sources/load-network.ts';
import { type LoadMessage, RECORD_KINDS } from './load-messages.ts';
import { serializeError } from './worker-errors.ts';

const CHUNK = 2_000;
const path = process.argv[2] as string;
const send = (message: unknown) =>
  new Promise<void>((resolve, reject) =>
    process.send?.(message, (e: Error | null) => (e ? reject(e) : resolve())),
  );
const next = () => new Promise<void>((resolve) => process.once('message', () => resolve()));

// The service gone (killed, or it cancelled this load): stop at once.
process.on('disconnect', () => process.exit(0));

try {
  const { records, source } = await loadFromPath(path);
  for (const kind of RECORD_KINDS) {
    const items = records[kind] as unknown[];
    for (let i = 0; i < items.length; i += CHUNK) {
      const asked = next(); // listening before sending, so the answer cannot come first
      await send({ type: 'chunk', kind, items: items.slice(i, i + CHUNK) });
      await asked;
    }
  }
  await send({ type: 'done', source } satisfies LoadMessage);
} catch (error) {
  await send({ type: 'error', error: serializeError(error) } satisfies LoadMessage);
}
process.disconnect?.();
