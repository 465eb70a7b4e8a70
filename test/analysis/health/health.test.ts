import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../../../analysis/errors.ts';
import { businessHealth, rankHistory } from '../../../analysis/health/business-health.ts';
import { dormantTies } from '../../../analysis/health/dormant-ties.ts';
import { oneSidedTies } from '../../../analysis/health/one-sided-ties.ts';
import { historyGraph } from '../timeline/history-fixture.ts';

const graph = historyGraph();

describe('dormant ties', () => {
  it('refuses a bad number of years or an unknown business', () => {
    expect(() => dormantTies(graph, { asOf: 2026, years: 0 })).toThrow(InvalidInputError);
    expect(() => dormantTies(graph, { asOf: 2026, business: 'zz' })).toThrow(NotFoundError);
  });

  it('finds the tie dormant since 2019, not the ongoing one, longest inactive first', () => {
    expect(
      dormantTies(graph, { asOf: 2026 }).map((d) => [d.source, d.target, d.lastActive, d.yearsInactive]),
    ).toEqual([
      ['a', 'b', 2019, 7],
      ['b', 'c', 2020, 6],
    ]);
    const ab = dormantTies(graph, { asOf: 2026 })[0]!;
    expect([ab.firstActive, ab.events, ab.weight]).toEqual([2015, 2, 3]);
  });

  it('needs `years` full years without activity', () => {
    expect(dormantTies(graph, { asOf: 2021, years: 2 }).map((d) => d.source + d.target)).toEqual(['ab']);
    expect(dormantTies(graph, { asOf: 2021 })).toEqual([]);
    expect(dormantTies(graph, { asOf: 2026, business: 'c' }).map((d) => d.source + d.target)).toEqual(['bc']);
  });
});

describe('one-sided ties', () => {
  it('refuses an unknown business', () => {
    expect(() => oneSidedTies(graph, { business: 'zz' })).toThrow(NotFoundError);
  });

  it('flags ties where one side brings what the other needs and gets nothing back', () => {
    expect(
      oneSidedTies(graph).map((t) => [t.giver, t.taker, t.gives, t.takerCoverage, t.giverNeeds]),
    ).toEqual([
      ['a', 'b', ['milling'], 1, 0],
      ['c', 'd', ['analytics'], 1, 1],
    ]);
  });

  it('hides confidential needs from readers', () => {
    expect(oneSidedTies(graph, { viewer: 'reader' }).map((t) => t.giver + t.taker)).toEqual(['ab']);
  });
});

describe('business health', () => {
  it('refuses an unknown business and bad trend options', () => {
    expect(() => businessHealth(graph, 'zz', { asOf: 2026 })).toThrow(NotFoundError);
    expect(() => businessHealth(graph, 'b', { asOf: 2026, trendYears: 1 })).toThrow(InvalidInputError);
    expect(() => businessHealth(graph, 'b', { asOf: 2026, trendThreshold: 0 })).toThrow(InvalidInputError);
  });

  it('counts partners gained and lost per year', () => {
    const b = businessHealth(graph, 'b', { asOf: 2022 });
    const rows = Object.fromEntries(b.years.map((r) => [r.year, [r.partners, r.gained, r.lost]]));
    expect(rows).toEqual({
      2015: [1, 1, 0],
      2016: [1, 0, 0],
      2017: [1, 0, 0],
      2018: [1, 0, 0],
      2019: [1, 0, 1],
      2020: [1, 1, 1],
      2021: [0, 0, 0],
      2022: [0, 0, 0],
    });
  });

  it('measures dependence on the top partner', () => {
    const b = businessHealth(graph, 'b', { asOf: 2022 });
    expect(b.topPartner).toEqual({ id: 'a', name: 'A', weight: 3 });
    expect(b.partners).toBe(2);
    expect(b.dependence).toBeCloseTo(3 / 4, 12);
    expect(businessHealth(graph, 'e', { asOf: 2022 }).dependence).toBe(1);
  });

  it('ranks every year and reads the trend: b falls behind c in 2020, then drops out', () => {
    const b = businessHealth(graph, 'b', { asOf: 2022 });
    const ranks = Object.fromEntries(b.years.map((r) => [r.year, [r.degreeRank, r.pagerankRank]]));
    expect(ranks[2019]).toEqual([1, 1]);
    expect(ranks[2020]).toEqual([2, 2]);
    expect(ranks[2021]).toEqual([null, null]);
    expect(b.trend).toEqual({ degree: 'falling', pagerank: 'falling', years: 5 });
    const c = businessHealth(graph, 'c', { asOf: 2022 });
    expect(c.years.find((y) => y.year === 2020)?.degreeRank).toBe(1);
    expect(c.trend.degree).toBe('steady');
    expect(businessHealth(graph, 'a', { asOf: 2022 }).trend.degree).toBe('steady');
    expect(businessHealth(graph, 'e', { asOf: 2022 }).trend.degree).toBe('not enough years');
  });

  it('lists its dormant and one-sided ties, and reuses precomputed ranks', () => {
    const ranks = rankHistory(graph, { asOf: 2026 });
    expect(ranks.years[0]).toBe(2015);
    expect(ranks.years.at(-1)).toBe(2026);
    const b = businessHealth(graph, 'b', { asOf: 2026, ranks });
    expect(b.dormantTies.map((d) => d.source + d.target)).toEqual(['ab', 'bc']);
    expect(b.oneSided.takes.map((t) => t.giver)).toEqual(['a']);
    expect(b.oneSided.gives).toEqual([]);
  });
});
