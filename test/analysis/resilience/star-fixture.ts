/** A star around hub h (leaves l1–l4; l4 needs h's certification, which nobody else holds) and a separate pair x–y. */
import type { NetworkRecords } from '../../../analysis/domain.ts';

export const STAR: NetworkRecords = {
  businesses: ['h', 'l1', 'l2', 'l3', 'l4', 'x', 'y'].map((id) => ({ id, name: id.toUpperCase() })),
  capabilities: [{ businessId: 'h', capability: 'certification', level: 5 }],
  needs: [{ businessId: 'l4', capability: 'certification', priority: 5 }],
  collaborations: [
    ...['l1', 'l2', 'l3', 'l4'].map((l) => ({ source: 'h', target: l, weight: 1 })),
    { source: 'x', target: 'y', weight: 1 },
  ],
};
