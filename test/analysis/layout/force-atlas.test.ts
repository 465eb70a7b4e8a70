import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { InvalidInputError } from '../../../analysis/errors.ts';
import { computeLayout, defaultIterations } from '../../../analysis/layout/force-atlas.ts';

function ring(n: number, chords = 0): NetworkRecords {
  const businesses = Array.from({ length: n }, (_, i) => ({ id: `b${i}`, name: `Business ${i}` }));
  const collaborations = businesses.map((b, i) => ({ source: b.id, target: `b${(i + 1) % n}`, weight: 1 }));
  for (let i = 0; i < chords; i++)
    collaborations.push({ source: `b${i}`, target: `b${(i * 7 + 3) % n}`, weight: 2 });
  return { businesses, capabilities: [], needs: [], collaborations };
}

function dist(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

describe('layout › computeLayout', () => {
  it('refuses something that is not a graph', () => {
    expect(() => computeLayout({} as never)).toThrow(InvalidInputError);
  });

  it('refuses a negative iteration count', () => {
    expect(() => computeLayout(buildGraph(ring(5)), { iterations: -1 })).toThrow(/non-negative integer/);
  });

  it('gives the same positions for the same graph and seed', () => {
    const g = buildGraph(ring(60, 20));
    expect(computeLayout(g, { seed: 7, iterations: 50 })).toEqual(
      computeLayout(g, { seed: 7, iterations: 50 }),
    );
  });

  it('gives different positions for another seed', () => {
    const g = buildGraph(ring(60, 20));
    expect(computeLayout(g, { seed: 1, iterations: 50 })).not.toEqual(
      computeLayout(g, { seed: 2, iterations: 50 }),
    );
  });

  it('places every business, isolated ones included, at finite coordinates', () => {
    const records = ring(30);
    records.businesses.push({ id: 'alone', name: 'Alone Ltd' });
    const positions = computeLayout(buildGraph(records), { iterations: 100 });
    expect(Object.keys(positions)).toHaveLength(31);
    for (const p of Object.values(positions)) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
  });

  it('does not modify the network graph', () => {
    const g = buildGraph(ring(20));
    const before = JSON.stringify(g.export());
    computeLayout(g, { iterations: 20 });
    expect(JSON.stringify(g.export())).toBe(before);
  });

  it('draws two separate cliques apart: partners closer than strangers', () => {
    const businesses = Array.from({ length: 12 }, (_, i) => ({ id: `b${i}`, name: `B${i}` }));
    const collaborations = [];
    for (const group of [0, 6]) {
      for (let i = group; i < group + 6; i++) {
        for (let j = i + 1; j < group + 6; j++)
          collaborations.push({ source: `b${i}`, target: `b${j}`, weight: 1 });
      }
    }
    collaborations.push({ source: 'b0', target: 'b6', weight: 1 });
    const p = computeLayout(buildGraph({ businesses, capabilities: [], needs: [], collaborations }));
    const within = dist(p.b1!, p.b2!) + dist(p.b7!, p.b8!);
    const across = dist(p.b1!, p.b7!) + dist(p.b2!, p.b8!);
    expect(within).toBeLessThan(across / 2);
  });

  it('takes fewer iterations for bigger graphs', () => {
    expect(defaultIterations(150)).toBeGreaterThan(defaultIterations(10_000));
    expect(defaultIterations(10_000)).toBeGreaterThan(defaultIterations(100_000));
  });
});
