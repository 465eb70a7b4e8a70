/**
 * GET /api/health: liveness plus the data source, snapshot, counts, the reload state and,
 * with Neo4j, whether the server answers. `degraded` (still 200: the API serves the last good
 * snapshot) when the last reload failed or Neo4j is unreachable, with the reason; the analytics
 * engine in use for the current snapshot (ANALYTICS_ENGINE, the auto rule, the last GDS fallback).
 *
 * Who sees what (issue 18 item 10): when API keys are configured, a caller without a valid key
 * gets the status only; any valid key gets the details, readers with the counts a reader may
 * see (confidential capabilities and needs left out), and only an admin the server's data path
 * (the others its last folder or file name, as in every answer). Without keys (an open service on this
 * machine) every caller gets the details, but never the absolute data path (only its last
 * folder or file name) nor counts that include confidential rows.
 */
import type { Request, Response } from 'express';
import { chooseEngine } from '../../analysis/engine-policy.ts';
import { localEngine } from '../../data/neo4j/analytics-engine.ts';
import type { AppDeps } from '../app.ts';
import { authenticate, type Role } from '../auth.ts';
import type { Health } from '../schemas/responses.ts';
import { withoutDataPath } from '../snapshot-meta.ts';
import type { Snapshot } from '../snapshot.ts';

/** How long a Neo4j reachability answer is reused, so health stays cheap under load. */
const PING_TTL_MS = 5_000;
const PING_TIMEOUT_MS = 2_000;

export function getHealth({ store, neo4j, keys = [], engine: configured }: AppDeps) {
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

  // Health is public: the key, when one is sent, is checked here, and a wrong one only means less detail.
  const identify = authenticate(keys);
  const callerOf = (req: Request, res: Response) =>
    new Promise<Role | 'anonymous' | 'open'>((resolve) => {
      if (keys.length === 0) return resolve('open');
      identify(req, res, (error?: unknown) => resolve(error ? 'anonymous' : (req.role as Role)));
    });

  const countsFor = (s: Snapshot, full: boolean): NonNullable<Health['counts']> => ({
    businesses: s.counts.businesses,
    capabilities: full ? s.counts.capabilities : s.counts.forReaders.capabilities,
    needs: full ? s.counts.needs : s.counts.forReaders.needs,
    collaborations: s.counts.collaborations,
  });

  return async (_input: unknown, req: Request, res: Response): Promise<Health> => {
    res.set('Cache-Control', 'no-store');
    const s = store.current;
    const caller = await callerOf(req, res);
    const neo4jError = await neo4jProblem();
    const degraded = store.status.lastError !== undefined || neo4jError !== undefined;
    if (caller === 'anonymous') return { status: degraded ? 'degraded' : 'ok' };
    // An open service shows everything but the data path and confidential counts; of the keyed
    // callers only an admin (who runs the service) sees the server's data path.
    const open = caller === 'open';
    const shown = (text: string) => (caller === 'admin' ? text : withoutDataPath(text, s.source));
    const reasons = [
      ...(store.status.lastError ? [`last reload failed: ${store.status.lastError.message}`] : []),
      ...(neo4jError !== undefined ? [`Neo4j unreachable: ${neo4jError}`] : []),
    ];
    const engine = s.engine ?? configured ?? localEngine();
    const chosen = chooseEngine(engine, s.graph);
    const { lastError, ...reload } = store.status;
    return {
      status: degraded ? 'degraded' : 'ok',
      access: caller,
      ...(reasons.length > 0 && { reason: shown(reasons.join('; ')) }),
      source: shown(s.source),
      snapshot: { id: s.id, loadedAt: s.loadedAt, source: shown(s.source) },
      reload: {
        ...reload,
        ...(lastError && { lastError: { ...lastError, message: shown(lastError.message) } }),
      },
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
      counts: countsFor(s, !open && caller !== 'reader'),
    };
  };
}
