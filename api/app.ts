/**
 * The Express application: security headers, request context, JSON body limits, the API
 * routes under /api, the front end at /, and the problem+json error handler. Created with
 * its dependencies handed in, so tests start it in-process on port 0.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { errorHandler, notFoundHandler } from './errors.ts';
import { requestContext } from './request-context.ts';
import { graphRoutes } from './routes/graph.ts';
import { healthRoutes } from './routes/health.ts';
import { networkRoutes } from './routes/network.ts';
import type { SnapshotStore } from './snapshot.ts';

export interface AppDeps {
  store: SnapshotStore;
  logger: Logger;
}

export const VIZ_DIST = resolve(import.meta.dirname, '../viz/dist');

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
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
  app.use(requestContext(deps.logger));
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.use(healthRoutes(deps));
  api.use(networkRoutes(deps));
  api.use(graphRoutes(deps));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (existsSync(VIZ_DIST)) app.use(express.static(VIZ_DIST, { index: 'index.html', maxAge: '1h' }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
