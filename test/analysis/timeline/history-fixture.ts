/**
 * A hand-built history whose figures are known by hand: a–b worked together 2015–2017 and
 * 2018–2019 and not since (dormant since 2019); c–d since 2018, ongoing; b–c in 2020 only;
 * e–f undated. a and b are machining, the rest software. a holds milling, which b and c need;
 * c holds analytics, which d needs (confidentially).
 */
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';

export const HISTORY: NetworkRecords = {
  businesses: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
    id,
    name: id.toUpperCase(),
    sector: id < 'c' ? 'machining' : 'software',
  })),
  capabilities: [
    { businessId: 'a', capability: 'milling', level: 4 },
    { businessId: 'c', capability: 'analytics', level: 3 },
  ],
  needs: [
    { businessId: 'b', capability: 'milling', priority: 3 },
    { businessId: 'd', capability: 'analytics', priority: 3, confidential: true },
    { businessId: 'c', capability: 'milling', priority: 2 },
  ],
  collaborations: [
    { source: 'a', target: 'b', weight: 2, start: '2015', end: '2017' },
    { source: 'a', target: 'b', weight: 1, start: '2018-02', end: '2019-06' },
    { source: 'c', target: 'd', weight: 1, start: '2018-05-01' },
    { source: 'b', target: 'c', weight: 1, start: '2020', end: '2020' },
    { source: 'e', target: 'f', weight: 1 },
  ],
};

export const historyGraph = () => buildGraph(HISTORY);
