/** GET /api/network/summary: counts of businesses, capabilities, needs, collaborations and the sectors present. */
import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function networkRoutes({ store }: AppDeps): Router {
  const router = Router();
  router.get('/network/summary', (_req, res) => {
    const s = store.current;
    res.json({ ...snapshotMeta(s), counts: s.counts });
  });
  return router;
}
