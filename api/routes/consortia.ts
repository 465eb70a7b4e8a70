/** POST /api/consortia: teams that together cover a project's capabilities. */
import { Router } from 'express';
import { buildConsortium } from '../../analysis/partnering/consortium.ts';
import type { AppDeps } from '../app.ts';
import { partneringOf } from '../derived.ts';
import { ConsortiumBody } from '../schemas/requests.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function consortiumRoutes({ store }: AppDeps): Router {
  const router = Router();
  router.post('/consortia', async (req, res) => {
    const body = ConsortiumBody.parse(req.body ?? {});
    const s = store.current;
    const result = buildConsortium(await partneringOf(s), {
      capabilities: body.capabilities,
      maxSize: body.maxSize,
      alternatives: body.alternatives,
      viewer: req.role,
      ...(body.anchor !== undefined && { anchor: body.anchor }),
    });
    res.json({ ...snapshotMeta(s), ...result });
  });
  return router;
}
