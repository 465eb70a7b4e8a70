import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../analysis/errors.ts';
import {
  analyseNetwork,
  METRIC_COLUMNS,
  rankRows,
  sortRows,
} from '../../../analysis/report/network-analysis.ts';
import { fixtureGraph, loadFixtures } from '../../helpers/metric-fixtures.ts';

/** Tolerances of issue 4: 1e-6, PageRank 1e-5, eigenvector 1e-4. */
const TOLERANCE: Record<string, number> = { pagerank: 1e-5, eigenvector: 1e-4 };

describe('network analysis › refuses bad options', () => {
  it('refuses a non-positive betweenness sample', () => {
    expect(() => analyseNetwork(new UndirectedGraph(), { betweennessSamples: 0 })).toThrow(InvalidInputError);
  });

  it('refuses to sort by an unknown column and lists the valid ones', () => {
    expect(() => sortRows([], 'fame')).toThrow(/Cannot sort by "fame"; use one of: id, name/);
  });
});

describe('network analysis › equals networkx', () => {
  for (const fixture of loadFixtures()) {
    describe(fixture.name, () => {
      const analysis = analyseNetwork(fixtureGraph(fixture));
      const byId = new Map(analysis.rows.map((r) => [r.id, r]));
      for (const metric of METRIC_COLUMNS) {
        it(`${metric} matches networkx`, () => {
          const tolerance = TOLERANCE[metric] ?? 1e-6;
          const expected = fixture.expected[metric] as Record<string, number | null>;
          let worst = 0;
          for (const [id, value] of Object.entries(expected)) {
            const ours = byId.get(id)?.[metric];
            if (value === null) expect(ours, `${metric} of ${id}`).toBeNull();
            else worst = Math.max(worst, Math.abs((ours as number) - value));
          }
          expect(worst).toBeLessThanOrEqual(tolerance);
        });
      }
      it('summary matches networkx', () => {
        const s = fixture.summary;
        const ours = analysis.summary as unknown as Record<string, number | null>;
        for (const key of Object.keys(s)) {
          if (s[key] === null) expect(ours[key], key).toBeNull();
          else expect(ours[key], key).toBeCloseTo(s[key] as number, 9);
        }
      });
    });
  }
});

describe('network analysis › report behaviour', () => {
  const fixture = loadFixtures().find((f) => f.name === 'fragmented');
  const analysis = analyseNetwork(fixtureGraph(fixture!));

  it('gives isolated businesses no constraint or effective size, and zero for the rest of their metrics', () => {
    const isolate = analysis.rows.find((r) => r.degree === 0)!;
    expect(isolate).toMatchObject({
      constraint: null,
      effective_size: null,
      betweenness: 0,
      closeness: 0,
      reach_2: 0,
      core: 0,
    });
  });

  it('is reproducible for a seed (communities included)', () => {
    const again = analyseNetwork(fixtureGraph(fixture!));
    expect(again.rows).toEqual(analysis.rows);
    expect(analysis.parameters).toMatchObject({ seed: 42, betweenness: 'exact' });
  });

  it('sorts numbers largest first and ranks ties together; constraint ranks lowest first', () => {
    const sorted = sortRows(analysis.rows, 'betweenness');
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i - 1]!.betweenness).toBeGreaterThanOrEqual(sorted[i]!.betweenness);
    const ranks = rankRows(analysis.rows);
    const top = sorted[0]!;
    expect(ranks.get(top.id)?.betweenness).toBe(1);
    const zeros = analysis.rows.filter((r) => r.betweenness === 0).map((r) => ranks.get(r.id)?.betweenness);
    expect(new Set(zeros).size).toBe(1);
    const broker = sortRows(analysis.rows, 'constraint', 'asc')[0]!;
    expect(ranks.get(broker.id)?.constraint).toBe(1);
  });

  it('estimates betweenness from a seeded sample of sources, close to the exact value', () => {
    const karate = loadFixtures().find((f) => f.name === 'sample')!;
    const graph = fixtureGraph(karate);
    const exact = analyseNetwork(graph);
    const sampled = analyseNetwork(graph, { betweennessSamples: 75 });
    expect(sampled.parameters.betweenness).toBe(75);
    expect(analyseNetwork(graph, { betweennessSamples: 75 }).rows).toEqual(sampled.rows);
    const top = (rows: typeof exact.rows) =>
      sortRows(rows, 'betweenness')
        .slice(0, 10)
        .map((r) => r.id);
    const overlap = top(exact.rows).filter((id) => top(sampled.rows).includes(id)).length;
    expect(overlap).toBeGreaterThanOrEqual(7);
  });
});
