/**
 * The Express application: security headers, request context, JSON body limits, the API
 * routes under /api, the front end at /, and the problem+json error handler. Created with
 * its dependencies handed in, so tests start it in-process on port 0.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { AnalyticsEngine } from './analytics-engine.ts';
import type { ApiKey } from './auth.ts';
import type { InflateLimits } from './inflate-bundle.ts';
import { warmSnapshot } from './derived.ts';
import { errorHandler, notFoundHandler, sendProblem } from './errors.ts';
import { cors, openServiceGuard, requestTimeout } from './http-policies.ts';
import type { Neo4jAccess } from './load-source.ts';
import type { RateLimit } from './rate-limit.ts';
import { registerRoutes } from './register-routes.ts';
import { requestContext } from './request-context.ts';
import { ROUTES } from './route-table.ts';
import type { Snapshot, SnapshotStore } from './snapshot.ts';

export interface AppDeps {
  store: SnapshotStore;
  logger: Logger;
  /** API keys; none = open (every caller is admin). */
  keys?: ApiKey[];
  /** Rate limit of the expensive endpoints, per key (default 50/s, burst 100). */
  rateLimit?: RateLimit;
  /** Browser origins allowed by CORS (default none; `*` for any). */
  corsOrigins?: string[];
  /** Requests unanswered after this many ms get 503 (default 30000). */
  requestTimeoutMs?: number;
  /** Neo4j reachability and importer, when the source is Neo4j. */
  neo4j?: Neo4jAccess;
  /** The analytics engine (ANALYTICS_ENGINE), for /api/health; snapshots carry it too. */
  engine?: AnalyticsEngine;
  /** Open (no keys) on a non-loopback address on purpose (ALLOW_OPEN=1): any Host header is answered. */
  openToAnyHost?: boolean;
  /** Caps of an uploaded zip's inflation (default 200 MB in all, 20 s). */
  inflateLimits?: InflateLimits;
}

export const VIZ_DIST = resolve(import.meta.dirname, '../viz/dist');

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags are the snapshot's (http-policies.ts), not hashes of each body.
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The ForceAtlas2 layout worker is created from a blob: URL.
          'worker-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  // gzip/deflate for clients that accept it: GET /api/graph on the CORDIS network is 6.1 MB
  // of JSON, about 0.9 MB gzipped (docs/viz.md).
  app.use(compression());
  app.use(requestContext(deps.logger));
  if ((deps.keys ?? []).length === 0)
    app.use(openServiceGuard(deps.corsOrigins ?? [], { anyHost: deps.openToAnyHost === true }));
  app.use('/api', cors(deps.corsOrigins ?? []), requestTimeout(deps.requestTimeoutMs ?? 30_000));

  // Partnering, then metrics, are computed as soon as a snapshot exists, so first visitors don't wait.
  const warm = (s: Snapshot) =>
    warmSnapshot(s, (what, err) => deps.logger.warn({ err }, `${what} warm-up failed`));
  warm(deps.store.current);
  deps.store.onSwap(warm);

  // Every endpoint, its access rule, rate limit and validation come from the route table.
  const api = registerRoutes(deps, ROUTES);
  api.use(notFoundHandler);
  app.use('/api', api);

  // Mounted even before the front end is built (a test or `npm run build:viz` may build it
  // while the service runs); until then / says how to build it.
  app.use(express.static(VIZ_DIST, { index: 'index.html', maxAge: '1h' }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' || req.path !== '/' || existsSync(resolve(VIZ_DIST, 'index.html')))
      return next();
    sendProblem(res, {
      type: 'https://partner-atlas.dev/problems/not-built',
      title: 'Front end not built',
      status: 503,
      detail:
        'The map has not been built yet: run `npm run build:viz` (npm start does it for you), then reload.',
    });
  });
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
