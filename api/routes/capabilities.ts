/** GET /api/capabilities: every capability with its holders, seekers and gap status. */
import type { Request } from 'express';
import { listCapabilities } from '../../analysis/capabilities/capability-list.ts';
import type { AppDeps } from '../app.ts';
import { partneringOf } from '../derived.ts';
import { memoize } from '../result-cache.ts';
import type { CapabilityList } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function getCapabilities({ store }: AppDeps) {
  return async (_input: unknown, req: Request) => {
    const s = store.current;
    const index = await partneringOf(s);
    // The same list for every request of one role until the next reload.
    return memoize(s, 'capabilities', req.role, (): CapabilityList => ({
      ...snapshotMeta(s),
      ...listCapabilities(index, req.role),
    }));
  };
}
