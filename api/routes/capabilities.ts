/** GET /api/capabilities: every capability with its holders, seekers and gap status. */
import type { Request } from 'express';
import { holdersOf, type PartneringIndex, type Viewer } from '../../analysis/partnering/partnering-index.ts';
import type { AppDeps } from '../app.ts';
import { partneringOf } from '../derived.ts';
import { memoize } from '../result-cache.ts';
import type { CapabilityList } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function listCapabilities(index: PartneringIndex, viewer: Viewer) {
  const names = new Set([...index.holders.keys(), ...index.seekers.keys()]);
  return [...names]
    .map((name) => {
      const holders = holdersOf(index, name, viewer);
      const seekers = (index.seekers.get(name) ?? []).filter((s) => viewer !== 'reader' || !s.confidential);
      return {
        name,
        category: index.category.get(name) ?? null,
        holders: holders.length,
        seekers: seekers.length,
        gap: holders.length === 0 && seekers.length > 0,
        bestLevel: holders[0]?.level ?? null,
        topHolders: holders
          .slice(0, 5)
          .map((h) => ({ id: h.id, name: index.graph.getNodeAttribute(h.id, 'name'), level: h.level })),
        seekerIds: seekers.map((x) => x.id),
      };
    })
    .filter((c) => c.holders > 0 || c.seekers > 0)
    .sort((a, b) => Number(b.gap) - Number(a.gap) || a.name.localeCompare(b.name));
}

export function getCapabilities({ store }: AppDeps) {
  return async (_input: unknown, req: Request) => {
    const s = store.current;
    const index = await partneringOf(s);
    // The same list for every request of one role until the next reload.
    return memoize(s, 'capabilities', req.role, (): CapabilityList => {
      const capabilities = listCapabilities(index, req.role);
      return { ...snapshotMeta(s), gaps: capabilities.filter((c) => c.gap).length, capabilities };
    });
  };
}
