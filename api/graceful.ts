/**
 * Graceful shutdown of an HTTP server: stop accepting connections, let in-flight requests
 * finish (idle keep-alive connections are closed as soon as they go quiet), and cut what is
 * left only after `timeoutMs`.
 */
import type { Server } from 'node:http';

/**
 * Close `server`, finishing in-flight requests.
 * @param timeoutMs after this, remaining connections are destroyed (default 10000)
 * @returns whether every request finished in time
 */
export function closeGracefully(server: Server, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    let finished = true;
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      finished = false;
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(finished);
    });
    server.closeIdleConnections();
  });
}
