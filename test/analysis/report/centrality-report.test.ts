import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../analysis/errors.ts';
import { METRIC_COLUMNS, REPORT_COLUMNS, sortRows } from '../../../analysis/report/centrality-report.ts';
import { fingerprintNetwork } from '../../../analysis/report/fingerprint.ts';
import { analyseNetwork } from '../../../analysis/report/network-analysis.ts';
import { fixtureGraph, loadFixtures } from '../../helpers/metric-fixtures.ts';

const karate = fixtureGraph(loadFixtures().find((f) => f.name === 'karate')!);

describe('centrality report › invalid input', () => {
  it('refuses a seed that is not a whole number', () => {
    expect(() => analyseNetwork(karate, { seed: 1.5 })).toThrow(InvalidInputError);
  });

  it('refuses a fractional betweenness sample', () => {
    expect(() => analyseNetwork(karate, { betweennessSamples: 2.5 })).toThrow(/whole number/);
  });

  it('names every valid column when the sort column is unknown', () => {
    expect(() => sortRows([], 'Betweenness')).toThrow(REPORT_COLUMNS.join(', '));
  });

  it('reports an empty network without failing', () => {
    const analysis = analyseNetwork(new UndirectedGraph());
    expect(analysis.rows).toEqual([]);
    expect(analysis.summary).toMatchObject({ businesses: 0, collaborations: 0, diameter: null });
  });
});

describe('centrality report › rows', () => {
  const analysis = analyseNetwork(karate);

  it('has exactly the report columns, in the order the CSV header lists them', () => {
    expect(REPORT_COLUMNS).toEqual([
      'id',
      'name',
      'sector',
      'community',
      'degree',
      'weighted_degree',
      'betweenness',
      'closeness',
      'eigenvector',
      'pagerank',
      'clustering',
      'core',
      'constraint',
      'effective_size',
      'reach_2',
    ]);
    for (const row of analysis.rows) expect(Object.keys(row)).toEqual([...REPORT_COLUMNS]);
  });

  it('sorts by every numeric column, largest first, and by text A to Z', () => {
    for (const column of [...METRIC_COLUMNS, 'community' as const]) {
      const values = sortRows(analysis.rows, column).map((r) => r[column] as number);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    const asc = sortRows(analysis.rows, 'pagerank', 'asc').map((r) => r.pagerank);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const names = sortRows(analysis.rows, 'name').map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('puts businesses without a value last whatever the direction', () => {
    const g = fixtureGraph(loadFixtures().find((f) => f.name === 'fragmented')!);
    const rows = analyseNetwork(g).rows;
    for (const dir of ['asc', 'desc'] as const) {
      const sorted = sortRows(rows, 'constraint', dir);
      expect(sorted.at(-1)?.constraint).toBeNull();
      expect(sorted[0]?.constraint).not.toBeNull();
    }
  });
});

describe('network fingerprint', () => {
  it('depends on the content, not on the order the data was loaded in', () => {
    const a = new UndirectedGraph();
    a.addNode('x', { name: 'X' });
    a.addNode('y', { name: 'Y' });
    a.addEdge('x', 'y', { weight: 2 });
    const b = new UndirectedGraph();
    b.addNode('y', { name: 'Y' });
    b.addNode('x', { name: 'X' });
    b.addEdge('y', 'x', { weight: 2 });
    expect(fingerprintNetwork(a)).toBe(fingerprintNetwork(b));
    expect(fingerprintNetwork(a)).toMatch(/^[0-9a-f]{16}$/);
    b.setEdgeAttribute('y', 'x', 'weight', 3);
    expect(fingerprintNetwork(a)).not.toBe(fingerprintNetwork(b));
  });
});
