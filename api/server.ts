/**
 * Starts the Partner Atlas service: reads the configuration, loads the network into the
 * first snapshot, listens, and shuts down gracefully on SIGINT/SIGTERM (in-flight requests
 * finish). A bad bundle or an unreachable source is one clear message and exit code 1.
 */
import { pino } from 'pino';
import { PartnerAtlasError } from '../analysis/errors.ts';
import { createApp } from './app.ts';
import { readApiKeys } from './auth.ts';
import { readConfig } from './config.ts';
import { recordsLoader } from './load-source.ts';
import { createSnapshot, SnapshotStore } from './snapshot.ts';

async function start(): Promise<void> {
  const config = readConfig();
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
  });
  const keys = readApiKeys(process.env);
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.host);
  if (keys.length === 0 && !loopback && process.env.ALLOW_OPEN !== '1') {
    throw new PartnerAtlasError(
      `No API keys are configured and HOST=${config.host} is reachable from other machines. Set API_KEYS (KEY:ROLE,…) or API_KEYS_FILE, or ALLOW_OPEN=1 to serve openly on purpose.`,
    );
  }
  if (keys.length === 0)
    console.log('No API keys configured: the API is open (every caller is admin) on this machine only.');
  const load = recordsLoader(config);
  const { records, source } = await load();
  const store = new SnapshotStore(createSnapshot(records, source), load);
  const app = createApp({ store, logger, keys });
  const server = app.listen(config.port, config.host, () => {
    const c = store.current.counts;
    logger.info({ source, ...c, sectors: c.sectors.length }, 'network loaded');
    console.log(
      `Partner Atlas is serving ${c.businesses} businesses and ${c.collaborations} collaborations from ${source}`,
    );
    console.log(
      `  → http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/  (API under /api)`,
    );
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `partner-atlas: port ${config.port} is already in use; stop the other process or set PORT to a free port.`
        : `partner-atlas: cannot listen on ${config.host}:${config.port}: ${error.message}`,
    );
    process.exit(1);
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

start().catch((error: unknown) => {
  if (error instanceof PartnerAtlasError) console.error(`partner-atlas: cannot start.\n${error.message}`);
  else
    console.error(`partner-atlas: cannot start: ${(error as Error).message} (run with DEBUG=1 for details)`);
  if (process.env.DEBUG) console.error(error);
  process.exit(1);
});
