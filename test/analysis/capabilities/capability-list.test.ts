import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { listCapabilities } from '../../../analysis/capabilities/capability-list.ts';
import { buildPartneringIndex } from '../../../analysis/partnering/partnering-index.ts';

const graph = buildGraph({
  businesses: [
    { id: 'b1', name: 'Alpha' },
    { id: 'b2', name: 'Beta' },
    { id: 'b3', name: 'Gamma' },
  ],
  capabilities: [
    { businessId: 'b1', capability: 'milling', level: 3, category: 'Machining' },
    { businessId: 'b2', capability: 'milling', level: 5, category: 'Machining' },
    { businessId: 'b3', capability: 'secret alloy', level: 4, confidential: true },
  ],
  needs: [
    { businessId: 'b1', capability: 'secret alloy', priority: 5 },
    { businessId: 'b2', capability: 'welding', priority: 3 },
    { businessId: 'b3', capability: 'covert testing', priority: 3, confidential: true },
  ],
  collaborations: [{ source: 'b1', target: 'b2', weight: 1 }],
});
const index = buildPartneringIndex(graph);

describe('capability list', () => {
  it('shows readers a gap where the only holder is confidential, and hides confidential needs', () => {
    const { gaps, capabilities } = listCapabilities(index, 'reader');
    expect(capabilities.map((c) => [c.name, c.holders, c.seekers, c.gap])).toEqual([
      ['secret alloy', 0, 1, true],
      ['welding', 0, 1, true],
      ['milling', 2, 0, false],
    ]);
    expect(gaps).toBe(2);
  });

  it('shows analysts every holder and seeker, best holder first', () => {
    const { gaps, capabilities } = listCapabilities(index, 'analyst');
    expect(gaps).toBe(2);
    expect(capabilities.map((c) => c.name)).toEqual(['covert testing', 'welding', 'milling', 'secret alloy']);
    const milling = capabilities.find((c) => c.name === 'milling');
    expect(milling).toMatchObject({ category: 'Machining', bestLevel: 5, seekerIds: [] });
    expect(milling?.topHolders).toEqual([
      { id: 'b2', name: 'Beta', level: 5 },
      { id: 'b1', name: 'Alpha', level: 3 },
    ]);
  });
});
