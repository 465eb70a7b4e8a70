/** GET /api/health: liveness plus the data source, snapshot and counts. */
import { Router } from 'express';
import type { AppDeps } from '../app.ts';

export function healthRoutes({ store }: AppDeps): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const s = store.current;
    const degraded = store.status.lastError !== undefined;
    res.json({
      status: degraded ? 'degraded' : 'ok',
      ...(degraded && { reason: `last reload failed: ${store.status.lastError?.message}` }),
      source: s.source,
      snapshot: { id: s.id, loadedAt: s.loadedAt },
      reload: store.status,
      counts: {
        businesses: s.counts.businesses,
        capabilities: s.counts.capabilities,
        needs: s.counts.needs,
        collaborations: s.counts.collaborations,
      },
    });
  });
  return router;
}
