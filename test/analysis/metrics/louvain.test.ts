import { UndirectedGraph } from 'graphology';
import louvainReference from 'graphology-communities-louvain';
import modularityReference from 'graphology-metrics/graph/modularity.js';
import { describe, expect, it } from 'vitest';
import { toCsr } from '../../../analysis/metrics/csr.ts';
import { louvain, modularity } from '../../../analysis/metrics/louvain.ts';
import { createRng } from '../../../analysis/rng.ts';
import { REFERENCES, referenceGraph } from './reference.ts';

/** Two k-cliques of heavy ties joined by one light tie. */
function twoCliques(k: number): UndirectedGraph {
  const g = new UndirectedGraph();
  for (const side of ['a', 'b'])
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) g.mergeEdge(`${side}${i}`, `${side}${j}`, { weight: 3 });
  g.mergeEdge('a0', 'b0', { weight: 1 });
  return g;
}

describe('louvain', () => {
  it('finds the two groups of two cliques joined by one tie', () => {
    const csr = toCsr(twoCliques(5));
    const { membership, count } = louvain(csr);
    expect(count).toBe(2);
    const of = (id: string) => membership[csr.index.get(id) as number];
    for (let i = 1; i < 5; i++) {
      expect(of(`a${i}`)).toBe(of('a0'));
      expect(of(`b${i}`)).toBe(of('b0'));
    }
    expect(of('a0')).not.toBe(of('b0'));
  });

  it('leaves businesses without ties alone, and a graph without ties at modularity 0', () => {
    const g = new UndirectedGraph();
    g.addNode('x');
    g.addNode('y');
    expect(louvain(toCsr(g))).toEqual({ membership: Int32Array.from([0, 1]), count: 2, modularity: 0 });
  });

  it('returns the same partition for the same seed', () => {
    const csr = toCsr(referenceGraph(REFERENCES.find((f) => f.name === 'sample')!));
    expect(louvain(csr, { seed: 5 })).toEqual(louvain(csr, { seed: 5 }));
  });

  for (const fixture of REFERENCES) {
    it(`reports the weighted modularity graphology-metrics computes (${fixture.name})`, () => {
      const graph = referenceGraph(fixture);
      const csr = toCsr(graph);
      for (const resolution of [0.5, 1, 2]) {
        const result = louvain(csr, { resolution, seed: 3 });
        const check = modularityReference(graph, {
          getNodeCommunity: (id) => result.membership[csr.index.get(id) as number] as number,
          getEdgeWeight: 'weight',
          resolution,
        });
        expect(result.modularity).toBeCloseTo(check, 10);
        expect(modularity(csr, result.membership, resolution)).toBe(result.modularity);
      }
    });

    it(`partitions as well as graphology-communities-louvain over ten seeds (${fixture.name})`, () => {
      const graph = referenceGraph(fixture);
      const csr = toCsr(graph);
      let ours = 0;
      let theirs = 0;
      for (let seed = 1; seed <= 10; seed++) {
        ours += louvain(csr, { seed }).modularity;
        theirs += louvainReference.detailed(graph, {
          getEdgeWeight: 'weight',
          rng: createRng(seed),
        }).modularity;
      }
      expect(ours / 10).toBeGreaterThan(theirs / 10 - 0.01);
    });
  }
});
