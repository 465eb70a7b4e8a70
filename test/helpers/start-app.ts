/** Starts the API in-process on an ephemeral port with the file source, for HTTP tests. */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll } from 'vitest';
import { createApp, type AppDeps } from '../../api/app.ts';
import { createAppServer } from '../../api/http-server.ts';
import { createSnapshot, SnapshotStore } from '../../api/snapshot.ts';
import { loadFromPath } from '../../data/sources/load-network.ts';

export interface RunningApp {
  url: string;
  store: SnapshotStore;
  close: () => Promise<void>;
}

export async function startApp(
  dataPath: string,
  options: Omit<AppDeps, 'store' | 'logger'> & { logger?: AppDeps['logger'] } = {},
): Promise<RunningApp> {
  const load = () => loadFromPath(dataPath);
  const { records, source } = await load();
  const store = new SnapshotStore(createSnapshot(records, source), load);
  const app = createApp({ store, logger: pino({ level: 'silent' }), ...options });
  const server = createAppServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((r) => server.close(() => r()));
  afterAll(close);
  return { url: `http://127.0.0.1:${port}`, store, close };
}
