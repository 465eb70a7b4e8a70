/**
 * GET /api/health: liveness plus the data source, snapshot, counts, the reload state and,
 * with Neo4j, whether the server answers. `degraded` (still 200: the API serves the last good
 * snapshot) when the last reload failed or Neo4j is unreachable, with the reason; the analytics
 * engine in use for the current snapshot (ANALYTICS_ENGINE, the auto rule, the last GDS fallback).
 */
import type { Response } from 'express';
import { chooseEngine, localEngine } from '../analytics-engine.ts';
import type { AppDeps } from '../app.ts';
import type { Health } from '../schemas/responses.ts';

/** How long a Neo4j reachability answer is reused, so health stays cheap under load. */
const PING_TTL_MS = 5_000;
const PING_TIMEOUT_MS = 2_000;

export function getHealth({ store, neo4j, engine: configured }: AppDeps) {
  let ping: { at: number; result: Promise<string | undefined> } | undefined;
  const neo4jProblem = (): Promise<string | undefined> => {
    if (!neo4j) return Promise.resolve(undefined);
    const now = Date.now();
    if (!ping || now - ping.at > PING_TTL_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${PING_TIMEOUT_MS / 1000} s`), PING_TIMEOUT_MS);
      });
      const result = Promise.race([
        neo4j.ping().then(
          () => undefined,
          (error: unknown) => (error as Error).message,
        ),
        timeout,
      ]).finally(() => clearTimeout(timer));
      ping = { at: now, result };
    }
    return ping.result;
  };

  return async (_input: unknown, _req: unknown, res: Response): Promise<Health> => {
    const s = store.current;
    const neo4jError = await neo4jProblem();
    const reasons = [
      ...(store.status.lastError ? [`last reload failed: ${store.status.lastError.message}`] : []),
      ...(neo4jError !== undefined ? [`Neo4j unreachable: ${neo4jError}`] : []),
    ];
    const engine = s.engine ?? configured ?? localEngine();
    const chosen = chooseEngine(engine, s.graph);
    const body: Health = {
      status: reasons.length > 0 ? 'degraded' : 'ok',
      ...(reasons.length > 0 && { reason: reasons.join('; ') }),
      source: s.source,
      snapshot: { id: s.id, loadedAt: s.loadedAt, source: s.source },
      reload: store.status,
      ...(neo4j && {
        neo4j: {
          reachable: neo4jError === undefined,
          ...(neo4jError !== undefined && { error: neo4jError }),
        },
      }),
      engine: {
        requested: engine.choice,
        inUse: chosen.used,
        reason: chosen.reason,
        ...(engine.gds && { gdsVersion: engine.gds.version }),
        ...(engine.lastFallback && { lastFallback: engine.lastFallback }),
      },
      counts: {
        businesses: s.counts.businesses,
        capabilities: s.counts.capabilities,
        needs: s.counts.needs,
        collaborations: s.counts.collaborations,
      },
    };
    res.set('Cache-Control', 'no-store');
    return body;
  };
}
