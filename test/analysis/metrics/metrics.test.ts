import { UndirectedGraph } from 'graphology';
import graphologyBetweenness from 'graphology-metrics/centrality/betweenness.js';
import graphologyPagerank from 'graphology-metrics/centrality/pagerank.js';
import { describe, expect, it } from 'vitest';
import {
  accumulatePaths,
  completeLeaves,
  computeBetweenness,
  computePaths,
  mergePaths,
  normaliseBetweenness,
} from '../../../analysis/metrics/betweenness.ts';
import { closenessFromPaths } from '../../../analysis/metrics/closeness.ts';
import { clustering } from '../../../analysis/metrics/clustering.ts';
import { coreNumbers } from '../../../analysis/metrics/core-number.ts';
import { toCsr } from '../../../analysis/metrics/csr.ts';
import { degrees, weightedDegrees } from '../../../analysis/metrics/degree.ts';
import { eigenvector } from '../../../analysis/metrics/eigenvector.ts';
import { pagerank } from '../../../analysis/metrics/pagerank.ts';
import { reach2 } from '../../../analysis/metrics/reach.ts';
import { createRng } from '../../../analysis/rng.ts';
import { computeConstraint, structuralHoles } from '../../../analysis/metrics/structural-holes.ts';
import { REFERENCES, referenceGraph, TOLERANCE, worstError } from './reference.ts';

describe('compact arrays', () => {
  it('stores each tie in both directions with its weight and skips nothing else', () => {
    const g = new UndirectedGraph();
    g.addNode('a');
    g.addNode('b');
    g.addNode('lonely');
    g.addEdge('a', 'b', { weight: 2.5 });
    const csr = toCsr(g);
    expect(csr.ids).toEqual(['a', 'b', 'lonely']);
    expect([...csr.offsets]).toEqual([0, 1, 2, 2]);
    expect([...csr.targets]).toEqual([1, 0]);
    expect([...csr.weights]).toEqual([2.5, 2.5]);
  });

  it('reads a missing weight as 1', () => {
    const g = new UndirectedGraph();
    g.mergeEdge('a', 'b');
    expect([...weightedDegrees(toCsr(g))]).toEqual([1, 1]);
  });
});

describe('metrics › equal networkx on every reference graph', () => {
  it('has a networkx reference for each test graph (karate, fragmented, multi-event, CORDIS, sample)', () => {
    const names = REFERENCES.map((f) => f.name);
    for (const name of ['karate', 'fragmented', 'multi-event', 'sample']) expect(names).toContain(name);
  });

  for (const fixture of REFERENCES) {
    describe(fixture.name, () => {
      const graph = referenceGraph(fixture);
      const csr = toCsr(graph);
      const at = (values: ArrayLike<number>) => (id: string) => values[csr.index.get(id) as number];
      const { plan, partial } = computePaths(csr);
      const holes = structuralHoles(csr);
      const ours: Record<string, (id: string) => number | null | undefined> = {
        degree: at(degrees(csr)),
        weighted_degree: at(weightedDegrees(csr)),
        betweenness: at(normaliseBetweenness(partial, plan)),
        closeness: at(closenessFromPaths(partial)),
        eigenvector: at(eigenvector(csr)),
        pagerank: at(pagerank(csr)),
        clustering: at(clustering(csr)),
        core: at(coreNumbers(csr)),
        constraint: at(holes.constraint),
        effective_size: at(holes.effectiveSize),
        reach_2: at(reach2(csr)),
      };
      for (const [metric, values] of Object.entries(ours)) {
        it(`${metric} within ${TOLERANCE[metric] ?? 1e-6}`, () => {
          expect(worstError(fixture, metric, values)).toBeLessThanOrEqual(TOLERANCE[metric] ?? 1e-6);
        });
      }
      it('pagerank sums to 1 and eigenvector has unit length', () => {
        expect(pagerank(csr).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        expect(Math.hypot(...eigenvector(csr))).toBeCloseTo(1, 12);
      });
    });
  }

  it('sums repeated events, in either direction, into one weighted tie (multi-event graph)', () => {
    const fixture = REFERENCES.find((f) => f.name === 'multi-event')!;
    expect(fixture.events!.length).toBeGreaterThan(fixture.edges.length);
    const graph = referenceGraph(fixture);
    expect(graph.size).toBe(fixture.edges.length);
    expect(graph.getEdgeAttribute('m25--m26', 'weight')).toBe(4);
  });
});

describe('betweenness', () => {
  const fixture = REFERENCES.find((f) => f.name === 'multi-event')!;
  const graph = referenceGraph(fixture);

  it('refuses a sample that is not a whole number of at least 1', () => {
    expect(() => computeBetweenness(graph, { samples: 0 })).toThrow(/at least 1 \(got 0\)/);
    expect(() => computeBetweenness(graph, { samples: 2.5 })).toThrow(/whole number/);
  });

  it('reads hops, not the weight attribute as a distance', () => {
    // a–b–c with a heavy direct a–c tie: on hops, b is on no shortest path.
    const g = new UndirectedGraph();
    g.mergeEdge('a', 'b', { weight: 1 });
    g.mergeEdge('b', 'c', { weight: 1 });
    g.mergeEdge('a', 'c', { weight: 100 });
    expect(computeBetweenness(g).b).toBe(0);
  });

  it('skips leaves as sources without changing any value', () => {
    const csr = toCsr(graph);
    const reduced = computePaths(csr);
    expect(reduced.plan.sources.length).toBeLessThan(csr.ids.length);
    const every = Int32Array.from(csr.ids, (_id, i) => i);
    const full = { partial: accumulatePaths(csr, every), plan: { ...reduced.plan, sources: every } };
    const a = normaliseBetweenness(reduced.partial, reduced.plan);
    const b = normaliseBetweenness(full.partial, full.plan);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 12);
    expect([...closenessFromPaths(reduced.partial)]).toEqual([...closenessFromPaths(full.partial)]);
    expect([...reduced.partial.eccentricity]).toEqual([...full.partial.eccentricity]);
  });

  it('adds up to the same result when the sources are split into parts (as across workers)', () => {
    const csr = toCsr(graph);
    const { plan, partial } = computePaths(csr);
    const pick = (t: number) => (_s: number, i: number) => i % 3 === t;
    const parts = [0, 1, 2].map((t) =>
      accumulatePaths(csr, plan.sources.filter(pick(t)), plan.multiplicity.filter(pick(t))),
    );
    const merged = completeLeaves(plan, mergePaths(parts, csr.ids.length));
    for (let i = 0; i < csr.ids.length; i++)
      expect(merged.betweenness[i]).toBeCloseTo(partial.betweenness[i] as number, 9);
    expect([...merged.distanceSum]).toEqual([...partial.distanceSum]);
  });

  it('equals graphology-metrics on a dense network whose searches go bottom-up', () => {
    // Two dense seeded blocks joined by one bridge, a tail and an isolated business: the middle
    // levels have fewer unreached arcs than frontier arcs, so the searches scan bottom-up there.
    const rng = createRng(7);
    const g = new UndirectedGraph();
    for (let i = 0; i < 120; i++) g.addNode(`n${i}`);
    for (const [from, to] of [
      [0, 60],
      [60, 110],
    ] as const)
      for (let i = from; i < to; i++)
        for (let j = i + 1; j < to; j++) if (rng() < 0.25) g.mergeEdge(`n${i}`, `n${j}`);
    g.mergeEdge('n0', 'n60');
    for (let i = 110; i < 119; i++) g.mergeEdge(`n${i}`, `n${i + 1}`);
    g.mergeEdge('n109', 'n110');
    g.addNode('alone');
    const theirs = graphologyBetweenness(g, { getEdgeWeight: null, normalized: true });
    const ours = computeBetweenness(g);
    for (const id of g.nodes()) expect(ours[id]).toBeCloseTo(theirs[id] as number, 12);
  });

  it('estimates from a seeded sample: same seed same values, another seed other sources', () => {
    const big = referenceGraph(REFERENCES.find((f) => f.name === 'sample')!);
    const one = computeBetweenness(big, { samples: 40, seed: 1 });
    expect(computeBetweenness(big, { samples: 40, seed: 1 })).toEqual(one);
    expect(computeBetweenness(big, { samples: 40, seed: 2 })).not.toEqual(one);
    expect(computeBetweenness(big, { samples: 10_000 })).toEqual(computeBetweenness(big));
  });
});

describe('pagerank', () => {
  it('equals graphology-metrics pagerank with dangling (isolated) businesses', () => {
    const fixture = REFERENCES.find((f) => f.name === 'fragmented')!;
    const graph = referenceGraph(fixture);
    const theirs = graphologyPagerank(graph, {
      getEdgeWeight: 'weight',
      tolerance: 1e-12,
      maxIterations: 1000,
    });
    const ours = pagerank(toCsr(graph));
    const csr = toCsr(graph);
    let worst = 0;
    for (const id of csr.ids)
      worst = Math.max(worst, Math.abs((theirs[id] ?? NaN) - (ours[csr.index.get(id)!] as number)));
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('structural holes', () => {
  it('gives isolated businesses null constraint, and a lone tie a constraint of 1', () => {
    const g = new UndirectedGraph();
    g.addNode('alone');
    g.mergeEdge('a', 'b');
    expect(computeConstraint(g)).toEqual({ alone: null, a: 1, b: 1 });
  });
});
