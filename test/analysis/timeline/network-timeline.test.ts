import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { yearOf } from '../../../analysis/domain.ts';
import { InvalidInputError } from '../../../analysis/errors.ts';
import { buildHistory } from '../../../analysis/timeline/activity.ts';
import { networkTimeline } from '../../../analysis/timeline/network-timeline.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { historyGraph } from './history-fixture.ts';

const graph = historyGraph();

describe('network timeline', () => {
  it('refuses a missing as-of year, a backwards range, a bad step and too many periods', () => {
    expect(() => networkTimeline(graph, {} as { asOf: number })).toThrow(InvalidInputError);
    expect(() => networkTimeline(graph, { asOf: 2026.5 })).toThrow(InvalidInputError);
    expect(() => networkTimeline(graph, { asOf: 2026, from: 2020, to: 2010 })).toThrow(InvalidInputError);
    expect(() => networkTimeline(graph, { asOf: 2026, step: 0 })).toThrow(InvalidInputError);
    expect(() => networkTimeline(graph, { asOf: 2026, from: 1000, to: 9999 })).toThrow(/more than 500/);
  });

  it('counts active, new and ended ties year by year, leaving undated ties out', () => {
    const t = networkTimeline(graph, { asOf: 2022 });
    expect(t.undatedTies).toBe(1);
    const byYear = Object.fromEntries(
      t.rows.map((r) => [r.from, [r.activeBusinesses, r.activeTies, r.newTies, r.endedTies]]),
    );
    expect(byYear).toEqual({
      2015: [2, 1, 1, 0],
      2016: [2, 1, 0, 0],
      2017: [2, 1, 0, 0],
      2018: [4, 2, 1, 0],
      2019: [4, 2, 0, 1],
      2020: [3, 2, 1, 1],
      2021: [2, 1, 0, 0],
      2022: [2, 1, 0, 0],
    });
  });

  it('gives density, largest component, modularity, mixing and partners of each year', () => {
    const rows = networkTimeline(graph, { asOf: 2022 }).rows;
    const y2019 = rows.find((r) => r.from === 2019)!;
    expect(y2019.density).toBeCloseTo(1 / 3, 12);
    expect(y2019.largestComponentShare).toBe(0.5);
    // Two separate ties of equal weight: each its own community, Q = 2·(1/2 − 1/4).
    expect(y2019.modularity).toBeCloseTo(0.5, 12);
    expect(y2019.crossSectorShare).toBe(0);
    const y2020 = rows.find((r) => r.from === 2020)!;
    expect(y2020.largestComponentShare).toBe(1);
    expect(y2020.crossSectorShare).toBe(0.5);
    expect(y2020.averagePartners).toBeCloseTo(4 / 3, 12);
  });

  it('groups years into periods of `step` years and honours from/to', () => {
    const rows = networkTimeline(graph, { asOf: 2022, from: 2015, to: 2022, step: 2, modularity: false });
    expect(rows.rows.map((r) => [r.from, r.to, r.activeTies, r.newTies, r.endedTies, r.modularity])).toEqual([
      [2015, 2016, 1, 1, 0, null],
      [2017, 2018, 2, 1, 0, null],
      [2019, 2020, 3, 1, 2, null],
      [2021, 2022, 1, 0, 0, null],
    ]);
  });

  it('treats a tie with no end as ongoing only until the as-of year', () => {
    const rows = networkTimeline(graph, { asOf: 2019, from: 2018, to: 2019 }).rows;
    expect(rows.map((r) => r.activeTies)).toEqual([2, 2]);
    // c–d has not ended by 2019; a–b's final event ended in 2019.
    expect(rows.map((r) => r.endedTies)).toEqual([0, 1]);
  });
});

describe('timeline of the sample', async () => {
  const sample = buildGraph(await readBundle(resolve(import.meta.dirname, '../../../data/sample')));
  const t = networkTimeline(sample, { asOf: 2026 });

  it('runs from the first dated year to 2026, every tie new exactly once', () => {
    expect(t.rows[0]?.from).toBe(2012);
    expect(t.rows.at(-1)?.from).toBe(2026);
    expect(t.undatedTies).toBe(0);
    expect(t.rows.reduce((s, r) => s + r.newTies, 0)).toBe(sample.size);
    const ended = buildHistory(sample, { asOf: 2026 }).ties.filter((x) => x.ended !== null).length;
    expect(t.rows.reduce((s, r) => s + r.endedTies, 0)).toBe(ended);
  });

  it('gives a year the same modularity whatever range was asked for', () => {
    const late = networkTimeline(sample, { asOf: 2026, from: 2022 });
    expect(late.rows.map((r) => r.modularity)).toEqual(t.rows.slice(-5).map((r) => r.modularity));
  });

  it('counts the ties active each year as a direct reading of the events does', () => {
    for (const row of t.rows) {
      let active = 0;
      sample.forEachEdge((_k, attrs) => {
        const on = attrs.events.some(
          (e) =>
            e.start !== undefined &&
            yearOf(e.start) <= row.from &&
            (e.end === undefined ? 2026 : yearOf(e.end)) >= row.from,
        );
        if (on) active++;
      });
      expect(row.activeTies).toBe(active);
      // 2012 is five businesses all working together (no community structure).
      if (row.from >= 2015) expect(row.modularity).toBeGreaterThan(0.3);
    }
  });
});
