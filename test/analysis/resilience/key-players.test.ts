import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { InvalidInputError } from '../../../analysis/errors.ts';
import {
  impactsByArticulation,
  impactsByRecompute,
  keyPlayers,
} from '../../../analysis/resilience/key-players.ts';
import { adjacency } from '../../../analysis/resilience/network-arrays.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { historyGraph } from '../timeline/history-fixture.ts';
import { STAR } from './star-fixture.ts';

const star = buildGraph(STAR);

describe('key players', () => {
  it('refuses a bad limit or method', () => {
    expect(() => keyPlayers(star, { limit: 0 })).toThrow(InvalidInputError);
    expect(() => keyPlayers(star, { method: 'guess' as 'auto' })).toThrow(InvalidInputError);
  });

  it('puts the hub of a star first: without it the star falls apart', () => {
    const r = keyPlayers(star, { limit: 3 });
    expect(r.method).toBe('recompute');
    expect(r.before).toEqual({
      businesses: 7,
      reachability: 11 / 21,
      largestComponentShare: 5 / 7,
      components: 2,
    });
    const [hub, leaf] = r.keyPlayers;
    expect(hub).toMatchObject({ rank: 1, id: 'h', componentsAfter: 5, cutOff: 3, betweennessRank: 1 });
    expect(hub!.reachabilityAfter).toBeCloseTo(1 / 15, 12);
    expect(hub!.largestComponentShareAfter).toBeCloseTo(2 / 6, 12);
    expect(leaf).toMatchObject({ rank: 2, id: 'l1', componentsAfter: 2, cutOff: 0 });
    expect(leaf!.reachabilityAfter).toBeCloseTo(7 / 15, 12);
    expect(r.keyPlayers.map((p) => p.id)).toEqual(['h', 'l1', 'l2']);
    expect(r.betweenness.top[0]).toBe('h');
    expect(r.betweenness.overlap).toBe(3);
  });

  it('gives the same answer by both methods', () => {
    const a = keyPlayers(star, { method: 'articulation', limit: 7 });
    const b = keyPlayers(star, { method: 'recompute', limit: 7 });
    expect(a.keyPlayers).toEqual(b.keyPlayers);
  });

  it('asks of the network active in a year when given asOf', () => {
    // In 2020 only c–d and b–c are active: c is the one that holds b and d together.
    const r = keyPlayers(historyGraph(), { asOf: 2020, limit: 1 });
    expect(r.keyPlayers[0]?.id).toBe('c');
    expect(r.asOf).toBe(2020);
  });

  it('articulation pass equals removing each business and recomputing, on any graph', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.uniqueArray(
              fc
                .tuple(fc.integer({ min: 0, max: n - 2 }), fc.integer({ min: 1, max: n - 1 }))
                .map(([a, d]) => [a, Math.min(n - 1, a + d)] as [number, number]),
              { maxLength: 30, selector: ([a, b]) => `${a}-${b}` },
            ),
          ),
        ),
        ([n, edges]) => {
          const net = {
            ids: Array.from({ length: n }, (_, i) => `n${i}`),
            index: new Map<string, number>(),
            edges: edges as [number, number][],
            ...adjacency(n, edges),
          };
          const fast = impactsByArticulation(net);
          const slow = impactsByRecompute(net);
          expect(Array.from(fast.largest)).toEqual(Array.from(slow.largest));
          expect(Array.from(fast.components)).toEqual(Array.from(slow.components));
          expect(Array.from(fast.cutOff)).toEqual(Array.from(slow.cutOff));
          fast.reachability.forEach((x, i) => expect(x).toBeCloseTo(slow.reachability[i] as number, 12));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('agrees between the two methods on the sample park', async () => {
    const sample = buildGraph(await readBundle(resolve(import.meta.dirname, '../../../data/sample')));
    const fast = keyPlayers(sample, { method: 'articulation', limit: 10 });
    const slow = keyPlayers(sample, { method: 'recompute', limit: 10 });
    expect(fast.keyPlayers).toEqual(slow.keyPlayers);
    expect(fast.keyPlayers[0]!.reachabilityAfter).toBeLessThan(fast.before.reachability);
  });
});
