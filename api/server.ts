/**
 * Starts the Partner Atlas service: reads the configuration, loads the network into the
 * first snapshot, listens, and shuts down gracefully on SIGINT/SIGTERM (in-flight requests
 * finish, then the Neo4j driver closes). A bad bundle or an unreachable source is one clear
 * message and exit code 1. Without API keys it serves openly only on a loopback address,
 * unless ALLOW_OPEN=1.
 */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { PartnerAtlasError } from '../analysis/errors.ts';
import { openEngine } from './analytics-engine.ts';
import { createApp } from './app.ts';
import { createAppServer } from './http-server.ts';
import { readApiKeys } from './auth.ts';
import { readConfig } from './config.ts';
import { closeGracefully } from './graceful.ts';
import { openSource } from './load-source.ts';
import { createSnapshot, reloadTimedOut, SnapshotStore } from './snapshot.ts';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];
/** SIGTERM/SIGINT: in-flight requests get 9 s, and the process is gone within 10 s in any case. */
const SHUTDOWN_MS = 10_000;

async function start(): Promise<void> {
  const config = readConfig();
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
  });
  const keys = readApiKeys(process.env);
  if (keys.length === 0 && !LOOPBACK.includes(config.host) && process.env.ALLOW_OPEN !== '1') {
    throw new PartnerAtlasError(
      `No API keys are configured and HOST=${config.host} is reachable from other machines. Set API_KEYS (KEY:ROLE,…) or API_KEYS_FILE, or ALLOW_OPEN=1 to serve openly on purpose.`,
    );
  }
  if (keys.length === 0)
    console.log(
      LOOPBACK.includes(config.host)
        ? 'No API keys configured: the API is open (every caller is admin) on this machine only.'
        : `No API keys configured and ALLOW_OPEN=1: the API is open to anyone who reaches ${config.host} (every caller is admin).`,
    );
  const source = openSource(config);
  // ANALYTICS_ENGINE=gds without Neo4j or without GDS stops here, with how to fix it.
  const engine = await openEngine(config.engine, source.neo4jServer);
  // The first load has the reload's deadline too: a data folder that never ends is one clear message.
  const first = new AbortController();
  const firstTimer = setTimeout(
    () => first.abort(reloadTimedOut(config.reloadTimeoutMs)),
    config.reloadTimeoutMs,
  );
  const { records, source: label } = await source.load(first.signal).finally(() => clearTimeout(firstTimer));
  const store = new SnapshotStore(createSnapshot(records, label, new Date(), engine), source.load, {
    timeoutMs: config.reloadTimeoutMs,
  });
  const app = createApp({
    store,
    engine,
    logger,
    keys,
    openToAnyHost: keys.length === 0 && !LOOPBACK.includes(config.host),
    rateLimit: config.rateLimit,
    corsOrigins: config.corsOrigins,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(source.neo4j && { neo4j: source.neo4j }),
  });
  const server = createAppServer(app, { requestTimeoutMs: config.requestTimeoutMs }).listen(
    config.port,
    config.host,
    () => {
      const c = store.current.counts;
      const { port } = server.address() as AddressInfo;
      logger.info(
        {
          source: label,
          ...c,
          sectors: c.sectors.length,
          port,
          engine: engine.choice,
          gds: engine.gds?.version,
        },
        'network loaded',
      );
      console.log(
        `Partner Atlas is serving ${c.businesses} businesses and ${c.collaborations} collaborations from ${label}`,
      );
      console.log(
        `  → http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/  (API under /api, docs at /api/docs)`,
      );
    },
  );
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
    console.log(`partner-atlas: ${signal} received, finishing in-flight requests…`);
    // A reload under way is stopped (its loader killed), so nothing holds the process open.
    store.cancel();
    // The documented bound: whatever happens, the process is gone SHUTDOWN_MS after the signal.
    setTimeout(() => {
      console.error(`partner-atlas: not stopped within ${SHUTDOWN_MS / 1000} s; exiting now.`);
      process.kill(process.pid, 'SIGKILL');
    }, SHUTDOWN_MS).unref();
    void closeGracefully(server, SHUTDOWN_MS - 1_000).then(async (finished) => {
      await Promise.race([source.close().catch(() => {}), new Promise((r) => setTimeout(r, 500))]);
      console.log(
        finished
          ? 'partner-atlas: stopped.'
          : `partner-atlas: stopped, cutting requests still running after ${(SHUTDOWN_MS - 1_000) / 1000} s.`,
      );
      process.exit(0);
    });
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
