/**
 * Cross-cutting HTTP policies of the API: CORS for configured origins, a per-request
 * timeout answered with 503 problem+json, and snapshot ETags (RFC 9110 §8.8.3): every
 * GET answer is tagged with the snapshot id plus a hash of the URL and the caller's role,
 * so `If-None-Match` gets 304 until the next reload, and `Cache-Control: private, no-cache`
 * makes clients revalidate instead of trusting stale data, and keeps shared caches from storing
 * one key's answer (`Vary: Authorization, X-API-Key` says so too).
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError, sendProblem } from './errors.ts';
import type { SnapshotStore } from './snapshot.ts';

const ALLOWED_HEADERS = 'Authorization, X-API-Key, Content-Type, If-None-Match, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, X-Request-Id, Retry-After, Content-Disposition';

/**
 * CORS for the given origins (`*` allows any). Requests from other origins get no CORS
 * headers, so browsers refuse them; preflights are answered with 204 here.
 * @param origins allowed origins, e.g. `https://atlas.example.org` (default: none)
 */
export function cors(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && (any || allowed.has(origin))) {
      res.set('Access-Control-Allow-Origin', any ? '*' : origin);
      res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
        res.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
        res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.set('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a `Host` header or of an origin's authority, lower case, without the port. */
function hostName(authority: string): string {
  const host = authority.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] as string;
}

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/;

/**
 * Whether a POST's `Origin` is the service's own page: the request's scheme, and the same host
 * and port as its `Host` (another port on localhost is another site), and, when any Host is
 * answered (ALLOW_OPEN), an IP address: a host *name* could be an attacker's, rebound to this
 * address (DNS rebinding), so a page served under a name must be listed in CORS_ORIGINS.
 */
function ownPage(origin: string, host: string | undefined, protocol: string, anyHost: boolean): boolean {
  if (host === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== `${protocol}:`) return false;
  if (url.host.toLowerCase() !== host.trim().toLowerCase()) return false;
  const name = hostName(url.host);
  return LOOPBACK.has(name) || (anyHost && IP_LITERAL.test(name));
}

/**
 * An open service (no API keys, every caller an admin) answers on localhost only, so it must
 * not answer a page of another site either: 403 when the `Host` header is not a loopback name
 * (a DNS-rebinding page names its own host), and 403 for a request that changes something
 * (POST) sent with an `Origin` that is not its own page (`ownPage`: a cross-site form or fetch,
 * another local app). Configured CORS origins may post. `anyHost`: served open on another
 * address on purpose (ALLOW_OPEN=1), so any `Host` is fine; the `Origin` check stays.
 */
export function openServiceGuard(corsOrigins: readonly string[], { anyHost = false } = {}): RequestHandler {
  const allowed = new Set(corsOrigins);
  return (req, res, next) => {
    const host = req.get('host');
    // Mapped to problem+json (with the request id and URL) by the one error handler.
    const forbid = (detail: string) => next(new HttpError(403, 'Forbidden', detail));
    if (!anyHost && (host === undefined || !LOOPBACK.has(hostName(host))))
      return forbid(
        `This service runs without API keys, so it answers only as localhost, 127.0.0.1 or [::1]; this request named the host "${host ?? ''}". Open it at http://localhost:PORT, or set API_KEYS to serve it under another name.`,
      );
    const origin = req.get('origin');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && origin !== undefined) {
      if (!ownPage(origin, host, req.protocol, anyHost) && !allowed.has(origin) && !allowed.has('*'))
        return forbid(
          `This service runs without API keys and takes changes only from its own page; the request came from the page of ${origin}. Use the map at the address the service runs on, or list that page's origin in CORS_ORIGINS, or set API_KEYS.`,
        );
    }
    next();
  };
}

/**
 * Answer 503 problem+json when a request takes longer than `ms`. Every request is answered
 * once: after the 503, the late handler's `res.json`/`res.send`/`res.status` are made no-ops,
 * so its answer is dropped quietly instead of failing with "Cannot set headers after they are
 * sent" (which Express would pass to the error handler and log as a failure).
 * @param ms time limit per request (default from REQUEST_TIMEOUT_SECONDS, 30 s)
 */
export function requestTimeout(ms: number): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.set('Retry-After', '5');
      // The connection ends with this answer: a request still sending its body (a slow client)
      // would otherwise hold the socket until Node's own request timeout, minutes later.
      res.set('Connection', 'close');
      sendProblem(res, {
        type: 'https://partner-atlas.dev/problems/timeout',
        title: 'Request timed out',
        status: 503,
        detail: `The answer took longer than ${Math.round(ms / 100) / 10} s; try again shortly (results are cached once computed).`,
        instance: req.originalUrl,
        requestId: req.id,
      });
      const dropped = () => res;
      res.json = dropped;
      res.send = dropped;
      res.status = dropped;
      res.set = dropped as typeof res.set;
      res.type = dropped;
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/** Cache-Control of a keyed answer: private to the caller, revalidated with its ETag before each use. */
export const KEYED_CACHE_CONTROL = 'private, no-cache';

/**
 * The ETag of a GET answer: snapshot id, then (for answers that use the learned ranker) the
 * snapshot's revision, bumped when the background fit lands, then a short hash of role and URL.
 */
export function snapshotEtag(snapshotId: string, role: string, url: string, revision?: number): string {
  const h = createHash('sha1').update(`${role} ${url}`).digest('base64url').slice(0, 16);
  return revision === undefined ? `"${snapshotId}.${h}"` : `"${snapshotId}.r${revision}.${h}"`;
}

/**
 * Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2). Done here rather than
 * with `req.fresh`, which gives up whenever the request says `Cache-Control: no-cache` — and
 * browsers and fetch send that with every revalidation.
 */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Tag GET/HEAD answers with the snapshot ETag and answer a matching If-None-Match with 304 —
 * but only where the answer would have been a 2xx: the 304 is decided when the handler sends
 * its answer, so the role check, validation (400), existence (404) and the rate limit all come
 * first. Answering before them told a reader that an unknown id or a bad query "had not
 * changed" (issue 18 item 11). Handlers that set their own ETag (the graph) are matched on it.
 * `withRevision`: the tag also carries the snapshot's revision (answers that use the ranker).
 * Mounted after authentication (the role changes what a caller sees).
 */
export function snapshotCaching(
  store: SnapshotStore,
  options: { withRevision?: boolean } = {},
): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // The answer is the caller's (its role decides what it shows): no shared cache may keep it,
    // and a browser keeps one per key.
    res.set('Cache-Control', KEYED_CACHE_CONTROL).vary('Authorization').vary('X-API-Key');
    res.set(
      'ETag',
      snapshotEtag(
        store.current.id,
        req.role,
        req.originalUrl,
        options.withRevision === true ? store.current.revision : undefined,
      ),
    );
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const etag = res.get('ETag');
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      // Express's send answers 304 without a body and drops the content headers.
      if (ok && etag !== undefined && matches(req.get('if-none-match'), etag)) res.status(304);
      return send(body);
    };
    next();
  };
}
