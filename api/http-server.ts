/**
 * The HTTP server of the app, made so that Express never changes a request's prototype.
 *
 * Express sets the prototype of every request and response to its own (`app.request`,
 * `app.response`: `Object.setPrototypeOf` in `app.handle`). Measured in the service (issue 16
 * item 5, docs/suggestions.md): with that per-request prototype change, about a fifth to a third
 * of everything a request allocates outlives the next young-generation collection (a bare
 * Express app 30 %, plain node:http doing the same `setPrototypeOf` 20 %, plain node:http without
 * it 0.5 %), so each scavenge copied megabytes of finished requests and took 30–85 ms on the
 * 64 MB semi-space. Here node:http builds each request and response with Express's prototype
 * already in place; Express's `setPrototypeOf` then finds nothing to change.
 */
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/** A constructor node:http can call with `new` whose instances have `proto` as their prototype. */
function constructorWithPrototype<C extends abstract new (...args: never[]) => object>(
  base: C,
  proto: object,
): C {
  function Made(...args: unknown[]): object {
    return Reflect.construct(base, args, Made);
  }
  Made.prototype = proto;
  return Made as unknown as C;
}

/** How long a client may take to send a request's headers (Node's default: 60 s). */
export const HEADERS_TIMEOUT_MS = 15_000;

/**
 * `createServer(app)`, with requests and responses born with the app's prototypes, and
 * connections that cannot be held open by a client sending slowly: headers within
 * HEADERS_TIMEOUT_MS, the whole request within `requestTimeoutMs` (the app's own timeout,
 * REQUEST_TIMEOUT_SECONDS) plus 5 s. Node's defaults, 60 s and 300 s, let 2,000 connections
 * trickling a body one byte every 5 s stay open for five minutes after the app had answered 503.
 */
export function createAppServer(app: Express, { requestTimeoutMs = 30_000 } = {}): Server {
  const server = createServer(
    {
      // How often Node looks for connections past those timeouts (default every 30 s).
      connectionsCheckingInterval: 2_000,
      IncomingMessage: constructorWithPrototype(
        IncomingMessage,
        app.request,
      ) as unknown as typeof IncomingMessage,
      ServerResponse: constructorWithPrototype(
        ServerResponse,
        app.response,
      ) as unknown as typeof ServerResponse,
    },
    app,
  );
  server.requestTimeout = requestTimeoutMs + 5_000;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, server.requestTimeout);
  return server;
}
