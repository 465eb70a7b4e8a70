import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import {
  buildSearchIndex,
  editDistance,
  foldText,
  searchBusinesses,
} from '../../../analysis/search/business-search.ts';

const records: NetworkRecords = {
  businesses: [
    { id: 'b1', name: 'Müller Präzisionstechnik', sector: 'machining' },
    { id: 'b2', name: 'Aero Müller', sector: 'aerospace' },
    { id: 'b3', name: 'Precision Coatings', sector: 'coating', site: 'North' },
    { id: 'b4', name: 'Coatings of the North', sector: 'coating' },
    { id: 'b5', name: 'Zeta Labs', sector: 'testing' },
  ],
  capabilities: [
    { businessId: 'b3', capability: 'plasma spraying', level: 4 },
    { businessId: 'b4', capability: 'plasma spraying', level: 3, confidential: true },
  ],
  needs: [],
  collaborations: [
    { source: 'b1', target: 'b2', weight: 1 },
    { source: 'b3', target: 'b2', weight: 1 },
  ],
};
const graph = buildGraph(records);
const index = buildSearchIndex(graph);
const ids = (options: Parameters<typeof searchBusinesses>[2]) =>
  searchBusinesses(graph, index, options).matches.map((m) => `${m.id}:${m.match}`);

describe('business search › edit distance', () => {
  it('counts a transposition as one edit and stops past the bound', () => {
    expect(editDistance('coatnig', 'coating', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
    expect(editDistance('a', 'abcd', 1)).toBe(2);
  });
});

describe('business search › searchBusinesses', () => {
  it('finds nothing for a query that matches no name, even with typos allowed', () => {
    expect(searchBusinesses(graph, index, { query: 'xylophone' })).toEqual({
      total: 0,
      matches: [],
      nextOffset: null,
    });
  });

  it('ignores case and accents, ranking name prefix, then word prefix, then substring, then typo', () => {
    expect(foldText('Müller PRÄZISION')).toBe('muller prazision');
    expect(ids({ query: 'MULLER' })).toEqual(['b1:prefix', 'b2:word']);
    expect(ids({ query: 'oatings' })).toEqual(['b4:substring', 'b3:substring']);
    expect(ids({ query: 'precisoin coatngs' })).toEqual(['b3:fuzzy']);
  });

  it('lists every business in name order without a query, and pages with offsets', () => {
    expect(ids({}).map((s) => s.split(':')[0])).toEqual(['b2', 'b4', 'b1', 'b3', 'b5']);
    const first = searchBusinesses(graph, index, { limit: 2 });
    expect([first.total, first.nextOffset]).toEqual([5, 2]);
    const last = searchBusinesses(graph, index, { limit: 2, offset: 4 });
    expect([last.matches.map((m) => m.id), last.nextOffset]).toEqual([['b5'], null]);
  });

  it('filters by sector, community and capability as the viewer may see it', () => {
    expect(ids({ sector: 'coating' })).toEqual(['b4:prefix', 'b3:prefix']);
    const of = new Map([
      ['b1', { community: 0 }],
      ['b5', { community: 1 }],
    ]);
    expect(ids({ community: { id: 1, of } })).toEqual(['b5:prefix']);
    expect(ids({ capability: 'plasma spraying', viewer: 'analyst' })).toEqual(['b4:prefix', 'b3:prefix']);
    expect(ids({ capability: 'plasma spraying', viewer: 'reader' })).toEqual(['b3:prefix']);
  });

  it('answers the same after a search of long names (no state is kept between calls)', () => {
    const before = searchBusinesses(graph, index, { query: 'presision' });
    const longGraph = buildGraph({
      ...records,
      businesses: [{ id: 'x', name: 'a'.repeat(300) }],
      capabilities: [],
      collaborations: [],
    });
    searchBusinesses(longGraph, buildSearchIndex(longGraph), { query: 'a'.repeat(299) + 'b' });
    expect(searchBusinesses(graph, index, { query: 'presision' })).toEqual(before);
    expect(before.matches.map((m) => m.id)).toEqual(['b1', 'b3']);
  });

  it('describes each match with its sector, site and partner count', () => {
    expect(searchBusinesses(graph, index, { query: 'precision' }).matches[0]).toEqual({
      id: 'b3',
      name: 'Precision Coatings',
      sector: 'coating',
      site: 'North',
      partners: 1,
      match: 'prefix',
    });
  });
});
