/**
 * Express from the route table (api/route-table.ts): for each row, in this order, the role
 * check (public rows need no key; `analyst` and `admin` rows answer 403 to lesser keys), the
 * snapshot ETag of GET answers (with the snapshot's revision on rows flagged `ranked`; its 304 decided only when the handler answers 2xx, so access,
 * validation and existence come first), the shared rate limit of rows flagged `rateLimited`, a raw
 * body parser where the row takes bytes, the zod validation of params, query and body (400
 * problem+json), then the handler. Nothing about a route is declared here.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from './app.ts';
import { authenticate, requireRole } from './auth.ts';
import { snapshotCaching } from './http-policies.ts';
import { rateLimit, type RateLimit } from './rate-limit.ts';
import { JsonBody } from './result-cache.ts';
import type { Route } from './route-table.ts';

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 100 };

/** The /api router of `routes`: public rows, then authentication, then the rest. */
export function registerRoutes(deps: AppDeps, routes: readonly Route[]): Router {
  const router = Router();
  const limited = rateLimit(deps.rateLimit ?? DEFAULT_RATE_LIMIT);
  const caching = snapshotCaching(deps.store);
  const rankedCaching = snapshotCaching(deps.store, { withRevision: true });
  const mount = (row: Route) => {
    const handle = row.handler(deps, routes);
    const before: RequestHandler[] = [];
    // Authentication already made every keyed caller at least a reader.
    if (row.role === 'analyst' || row.role === 'admin') before.push(requireRole(row.role));
    if (row.role !== 'public' && row.method === 'get') before.push(row.ranked ? rankedCaching : caching);
    if (row.rateLimited) before.push(limited);
    if (row.rawBody) before.push(express.raw({ type: [...row.rawBody.types], limit: row.rawBody.limit }));
    router[row.method](row.path, ...before, async (req, res) => {
      const input = {
        params: row.params ? row.params.parse(req.params) : undefined,
        query: row.query ? row.query.parse(req.query) : undefined,
        body: row.body ? row.body.parse(req.body ?? {}) : undefined,
      };
      const answer: unknown = await handle(input, req, res);
      if (answer === undefined || res.headersSent) return;
      // An answer serialized once and cached (result-cache.ts memoizeJson): the bytes res.json would send.
      if (answer instanceof JsonBody) sendJsonBody(req, res.status(row.status ?? 200), answer);
      else res.status(row.status ?? 200).json(answer);
    });
  };
  for (const row of routes) if (row.role === 'public') mount(row);
  router.use(authenticate(deps.keys ?? []));
  for (const row of routes) if (row.role !== 'public') mount(row);
  return router;
}

/**
 * A cached answer's bytes, compressed for the client when it accepts Brotli or gzip
 * (JsonBody.compressed keeps the compressed copy); with Content-Encoding set, the compression
 * middleware leaves the response alone. Otherwise, or when the body is too small or too large
 * to compress here, the plain bytes (which the middleware may still stream-compress).
 */
function sendJsonBody(req: Request, res: Response, body: JsonBody): void {
  res.set('Content-Type', 'application/json; charset=utf-8').vary('Accept-Encoding');
  const accepted = req.acceptsEncodings('br', 'gzip');
  const coding = accepted === 'br' || accepted === 'gzip' ? accepted : undefined;
  const compressed = coding === undefined ? undefined : body.compressed(coding);
  if (coding !== undefined && compressed !== undefined) res.set('Content-Encoding', coding).send(compressed);
  else res.send(body.bytes);
}
