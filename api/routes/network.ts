/** GET /api/network/summary: counts of businesses, capabilities, needs, collaborations and the sectors present. */
import type { AppDeps } from '../app.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

export function getNetworkSummary({ store }: AppDeps) {
  return () => {
    const s = store.current;
    const { forReaders: _, ...counts } = s.counts;
    return { ...snapshotMeta(s), counts };
  };
}
