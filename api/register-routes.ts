/**
 * Express from the route table (api/route-table.ts): for each row, in this order, the role
 * check (public rows need no key; `analyst` and `admin` rows answer 403 to lesser keys), the
 * snapshot ETag of GET answers (with the snapshot's revision on rows flagged `ranked`; its 304 decided only when the handler answers 2xx, so access,
 * validation and existence come first), the shared rate limit of rows flagged `rateLimited`, a raw
 * body parser where the row takes bytes (a JSON parser, after authentication, where it takes JSON), the zod validation of params, query and body (400
 * problem+json), then the handler. Nothing about a route is declared here.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { ZodError, type z } from 'zod';
import type { AppDeps } from './app.ts';
import { authenticate, requireRole } from './auth.ts';
import { HttpError } from './errors.ts';
import { snapshotCaching } from './http-policies.ts';
import { rateLimit, withComputeAccount, type RateLimit } from './rate-limit.ts';
import { JsonBody } from './result-cache.ts';
import type { Route } from './route-table.ts';

export const DEFAULT_RATE_LIMIT: RateLimit = {
  perSecond: 50,
  burst: 100,
  compute: { share: 0.25, burstMs: 3_000 },
};

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
    else if (row.body) before.push(...jsonBody);
    router[row.method](row.path, ...before, async (req, res) => {
      const input = {
        params: row.params ? parseIn(row.params, req.params, '(path)') : undefined,
        query: row.query ? parseIn(row.query, req.query, '(query)') : undefined,
        body: row.body ? parseIn(row.body, req.body === undefined ? {} : req.body, '(body)') : undefined,
      };
      // What computing the answer cost in this thread is charged to the caller's rate limit.
      const answer: unknown = await withComputeAccount(res, async () => handle(input, req, res));
      if (answer === undefined || res.headersSent) return;
      // An answer serialized once and cached (result-cache.ts memoizeJson): the bytes res.json would send.
      if (answer instanceof JsonBody) sendJsonBody(req, res.status(row.status ?? 200), answer);
      else res.status(row.status ?? 200).json(answer);
    });
  };
  router.use(allowedMethods(routes));
  for (const row of routes) if (row.role === 'public') mount(row);
  router.use(authenticate(deps.keys ?? []));
  for (const row of routes) if (row.role !== 'public') mount(row);
  return router;
}

/** `schema.parse(value)`, an issue about the whole value (e.g. an unknown key) naming `where`. */
function parseIn<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ZodError(
    result.error.issues.map((issue) => (issue.path.length > 0 ? issue : { ...issue, path: [where] })),
  );
}

/** The media types a JSON body may come as (UTF-8 only: the depth check reads the bytes). */
const JSON_TYPES = ['application/json', 'application/*+json'];

/** Bodies nested deeper than this are refused before they are parsed (JSON.parse is costly on them). */
export const MAX_BODY_DEPTH = 64;
/** The JSON body limit of the rows that take one (consortia, what-if). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * The JSON body of a row that takes one, read only there and only after authentication and
 * the rate limit: 415 for another media type, 400 for a body nested deeper than MAX_BODY_DEPTH
 * (checked on the bytes first), 413 over JSON_BODY_LIMIT.
 */
const jsonBody: RequestHandler[] = [
  (req, _res, next) => {
    const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
    if (!hasBody) return next();
    const type = req.get('content-type');
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type ?? '')?.[1]?.toLowerCase();
    const refused = !req.is(JSON_TYPES)
      ? `This endpoint reads a JSON body; send it with Content-Type: application/json (got ${type ?? 'none'}).`
      : charset !== undefined && charset !== 'utf-8' && charset !== 'utf8'
        ? `This endpoint reads JSON in UTF-8 only (got charset=${charset}); send it as UTF-8 with Content-Type: application/json.`
        : null;
    next(refused === null ? undefined : new HttpError(415, 'Unsupported media type', refused));
  },
  express.json({
    type: JSON_TYPES,
    limit: JSON_BODY_LIMIT,
    strict: false,
    verify: (_req, _res, bytes) => {
      const depth = nestingDepth(bytes, MAX_BODY_DEPTH);
      if (depth > MAX_BODY_DEPTH)
        throw new HttpError(
          400,
          'Invalid request',
          `The request body nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep; no request of this API needs more than three.`,
        );
    },
  }),
];

/** The deepest nesting of `[` / `{` outside strings in JSON bytes, stopping once past `max`. */
export function nestingDepth(bytes: Uint8Array, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * 405 with `Allow` for a known path asked with a method it does not take (before
 * authentication: which methods a path takes is in the public OpenAPI document anyway).
 */
function allowedMethods(routes: readonly Route[]): RequestHandler {
  const paths = routes.map((row) => ({
    method: row.method.toUpperCase(),
    // Case-insensitive, as Express's router is.
    pattern: new RegExp(
      `^${row.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`,
      'i',
    ),
  }));
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const methods = new Set(paths.filter((p) => p.pattern.test(req.path)).map((p) => p.method));
    if (methods.size === 0 || methods.has(req.method) || (req.method === 'HEAD' && methods.has('GET')))
      return next();
    if (methods.has('GET')) methods.add('HEAD');
    res.set('Allow', [...methods].sort().join(', '));
    next(
      new HttpError(
        405,
        'Method not allowed',
        `${req.path} takes ${[...methods].sort().join(' or ')}, not ${req.method}; see /api/openapi.json.`,
      ),
    );
  };
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
