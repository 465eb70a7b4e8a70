/** GET /api/network/summary: counts of businesses, capabilities, needs, collaborations and the sectors present. */
import type { Request } from 'express';
import { countVisible } from '../../analysis/visibility.ts';
import type { AppDeps } from '../app.ts';
import { memoize } from '../result-cache.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function getNetworkSummary({ store }: AppDeps) {
  return (_input: unknown, req: Request) => {
    const s = store.current;
    const { forReaders: _, ...all } = s.counts;
    // A reader's counts leave out what appears only in confidence (issue 18, adversarial pass).
    const counts =
      req.role === 'reader'
        ? memoize(s, 'summary-counts', req.role, () => ({ ...all, ...countVisible(s.graph, req.role) }))
        : all;
    return { ...snapshotMeta(s), counts };
  };
}
