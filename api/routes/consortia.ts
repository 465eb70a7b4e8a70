/** POST /api/consortia: teams that together cover a project's capabilities. */
import type { Request } from 'express';
import type { z } from 'zod';
import { buildConsortiumSteps } from '../../analysis/partnering/consortium.ts';
import type { AppDeps } from '../app.ts';
import { partneringOf } from '../derived.ts';
import { memoizeSteps } from '../result-cache.ts';
import type { ConsortiumBody } from '../schemas/requests.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function postConsortia({ store }: AppDeps) {
  return async ({ body }: { body: z.output<typeof ConsortiumBody> }, req: Request) => {
    const s = store.current;
    const index = await partneringOf(s);
    // Teams depend only on the snapshot, the viewer and the request: a repeated request (a user
    // going back to a project) is answered from memory instead of searching again. The search
    // runs in slices of the event loop: 20 capabilities and teams of 10 score tens of thousands
    // of teams (0.2–0.9 s on 5k–10k businesses), which would otherwise hold every other request.
    // The same project in another order, or with a capability repeated, is the same search.
    const capabilities = [...new Set(body.capabilities)].sort();
    const key = `${req.role} ${JSON.stringify([capabilities, body.maxSize, body.alternatives, body.anchor ?? null])}`;
    const result = await memoizeSteps(s, 'consortia', key, () =>
      buildConsortiumSteps(index, {
        capabilities: body.capabilities,
        maxSize: body.maxSize,
        alternatives: body.alternatives,
        viewer: req.role,
        ...(body.anchor !== undefined && { anchor: body.anchor }),
      }),
    );
    return { ...snapshotMeta(s), ...result };
  };
}
