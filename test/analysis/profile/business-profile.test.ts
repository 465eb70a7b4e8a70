import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { NotFoundError } from '../../../analysis/errors.ts';
import { businessProfile, ordinal } from '../../../analysis/profile/business-profile.ts';
import { METRIC_COLUMNS } from '../../../analysis/report/network-analysis.ts';

const graph = buildGraph({
  businesses: [
    { id: 'b1', name: 'Alpha', sector: 'casting' },
    { id: 'b2', name: 'Beta' },
    { id: 'b3', name: 'Gamma' },
  ],
  capabilities: [
    { businessId: 'b1', capability: 'milling', level: 3 },
    { businessId: 'b1', capability: 'secret alloy', level: 5, confidential: true },
  ],
  needs: [{ businessId: 'b1', capability: 'radar', priority: 4, confidential: true }],
  collaborations: [
    { source: 'b1', target: 'b2', weight: 1 },
    { source: 'b1', target: 'b3', weight: 2, start: '2020' },
    { source: 'b3', target: 'b1', weight: 1, start: '2021' },
  ],
});

describe('business profile', () => {
  it('refuses an unknown business with NotFoundError', () => {
    expect(() => businessProfile(graph, 'nope')).toThrow(NotFoundError);
  });

  it('hides confidential capabilities and needs from readers only', () => {
    const reader = businessProfile(graph, 'b1', { viewer: 'reader' });
    expect(reader.capabilities.map((c) => c.name)).toEqual(['milling']);
    expect(reader.needs).toEqual([]);
    const analyst = businessProfile(graph, 'b1', { viewer: 'analyst' });
    expect(analyst.capabilities.map((c) => c.name)).toEqual(['milling', 'secret alloy']);
    expect(analyst.needs.map((n) => n.name)).toEqual(['radar']);
  });

  it('lists partners strongest first with their events, and ranks in words', () => {
    const ranks = Object.fromEntries(METRIC_COLUMNS.map((m, i) => [m, i + 1])) as Record<
      (typeof METRIC_COLUMNS)[number],
      number
    >;
    const first = METRIC_COLUMNS[0] as (typeof METRIC_COLUMNS)[number];
    const p = businessProfile(graph, 'b1', { ranks });
    expect(p.business).toMatchObject({ id: 'b1', name: 'Alpha', sector: 'casting' });
    expect(p.partners.map((x) => [x.id, x.weight, x.events.length])).toEqual([
      ['b3', 3, 2],
      ['b2', 1, 1],
    ]);
    expect(p.ranks?.[first]).toEqual({
      rank: 1,
      of: 3,
      text: `1st of 3 by ${first.replace('_', ' ')}`,
    });
    expect(p.metrics).toBeNull();
    expect(businessProfile(graph, 'b2').ranks).toBeNull();
  });

  it('spells ordinals, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
  });
});
