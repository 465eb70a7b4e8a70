/** POST /api/reload (admin): build a new snapshot in the background and swap it in when complete. */
import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import type { ReloadAccepted } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function adminRoutes({ store, logger }: AppDeps): Router {
  const router = Router();
  router.post('/reload', (_req, res) => {
    store.reload().then(
      (s) => logger.info({ snapshot: s.id, businesses: s.counts.businesses }, 'reload complete'),
      (error: unknown) => logger.warn({ err: error }, 'reload failed; still serving the previous snapshot'),
    );
    const body: ReloadAccepted = { ...snapshotMeta(store.current), reload: { ...store.status } };
    res.status(202).json(body);
  });
  return router;
}
