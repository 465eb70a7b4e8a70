import { UndirectedGraph } from 'graphology';
import modularity from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../../../analysis/metrics/communities.ts';
import { REFERENCES, referenceGraph } from './reference.ts';

describe('communities (Louvain)', () => {
  it('puts every business of a graph without collaborations in its own community', () => {
    const g = new UndirectedGraph();
    g.addNode('a');
    g.addNode('b');
    expect(detectCommunities(g)).toEqual({ communities: { a: 0, b: 1 }, modularity: 0, count: 2 });
  });

  const graph = referenceGraph(REFERENCES.find((f) => f.name === 'karate')!);

  it('is reproducible for a seed', () => {
    expect(detectCommunities(graph, { seed: 3 })).toEqual(detectCommunities(graph, { seed: 3 }));
  });

  it('reports the weighted modularity of the partition it returns, numbered by size', () => {
    const { communities, modularity: q, count } = detectCommunities(graph);
    const check = modularity(graph, {
      getNodeCommunity: (n) => communities[n] as number,
      getEdgeWeight: 'weight',
    });
    expect(q).toBeCloseTo(check, 10);
    expect(q).toBeGreaterThan(0.3);
    const sizes = Array.from(
      { length: count },
      (_, c) => Object.values(communities).filter((x) => x === c).length,
    );
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});
