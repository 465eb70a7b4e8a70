import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { InvalidInputError, NotFoundError } from '../../../analysis/errors.ts';
import { whatIf } from '../../../analysis/resilience/what-if.ts';
import { historyGraph } from '../timeline/history-fixture.ts';
import { STAR } from './star-fixture.ts';

const star = buildGraph(STAR);

describe('what-if', () => {
  it('refuses unknown businesses, ties with itself and ties with a removed business', () => {
    expect(() => whatIf(star, { removeBusinesses: ['zz'] })).toThrow(NotFoundError);
    expect(() => whatIf(star, { addCollaborations: [{ source: 'h', target: 'zz' }] })).toThrow(NotFoundError);
    expect(() => whatIf(star, { addCollaborations: [{ source: 'h', target: 'h' }] })).toThrow(
      InvalidInputError,
    );
    expect(() =>
      whatIf(star, { removeBusinesses: ['h'], addCollaborations: [{ source: 'h', target: 'x' }] }),
    ).toThrow(InvalidInputError);
  });

  it('shows the star falling apart when its hub leaves', () => {
    const r = whatIf(star, { removeBusinesses: ['h'] });
    expect(r.before).toMatchObject({ businesses: 7, collaborations: 5, components: 2 });
    expect(r.before.largestComponentShare).toBeCloseTo(5 / 7, 12);
    expect(r.before.reachability).toBeCloseTo(11 / 21, 12);
    expect(r.before.density).toBeCloseTo(10 / 42, 12);
    expect(r.after).toMatchObject({ businesses: 6, collaborations: 1, components: 5 });
    expect(r.after.largestComponentShare).toBeCloseTo(2 / 6, 12);
    expect(r.after.reachability).toBeCloseTo(1 / 15, 12);
    expect(r.removed).toEqual([{ id: 'h', name: 'H' }]);
    expect(r.cutOff.map((c) => c.id)).toEqual(['l1', 'l2', 'l3', 'l4']);
    expect(r.lostCapabilities).toEqual([
      {
        business: 'l4',
        businessName: 'L4',
        capability: 'certification',
        scope: 'network',
        lostHolders: ['h'],
      },
    ]);
  });

  it('joins the pair to the star with one new tie and ignores ties that exist', () => {
    const r = whatIf(star, {
      addCollaborations: [
        { source: 'l1', target: 'x' },
        { source: 'h', target: 'l2' },
      ],
    });
    expect(r.added).toEqual([{ source: 'l1', target: 'x' }]);
    expect(r.after).toMatchObject({
      collaborations: 6,
      components: 1,
      largestComponentShare: 1,
      reachability: 1,
    });
    expect(r.cutOff).toEqual([]);
    expect(r.lostCapabilities).toEqual([]);
  });

  it('tells losing a partner holder from losing every holder in reach', () => {
    const g = buildGraph({
      businesses: ['p', 'q', 'r', 's'].map((id) => ({ id, name: id })),
      capabilities: [
        { businessId: 'q', capability: 'coating', level: 3 },
        { businessId: 's', capability: 'coating', level: 2 },
      ],
      needs: [{ businessId: 'p', capability: 'coating', priority: 4 }],
      collaborations: [
        { source: 'p', target: 'q', weight: 1 },
        { source: 'p', target: 'r', weight: 1 },
        { source: 'r', target: 's', weight: 1 },
      ],
    });
    expect(whatIf(g, { removeBusinesses: ['q'] }).lostCapabilities).toEqual([
      { business: 'p', businessName: 'p', capability: 'coating', scope: 'partners', lostHolders: ['q'] },
    ]);
    expect(whatIf(g, { removeBusinesses: ['q', 'r'] }).lostCapabilities[0]?.scope).toBe('network');
  });

  it('asks of the network active in a year when given asOf', () => {
    const r = whatIf(historyGraph(), { asOf: 2020, removeBusinesses: ['c'], modularity: false });
    expect(r.before.collaborations).toBe(2);
    expect(r.after.collaborations).toBe(0);
    expect(r.before.modularity).toBeNull();
    expect(r.asOf).toBe(2020);
  });
});
