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

/** `createServer(app)`, with requests and responses born with the app's prototypes. */
export function createAppServer(app: Express): Server {
  return createServer(
    {
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
}
