import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { InvalidInputError, NotFoundError } from '../../../analysis/errors.ts';
import { buildConsortium } from '../../../analysis/partnering/consortium.ts';
import { buildPartneringIndex } from '../../../analysis/partnering/partnering-index.ts';
import { createRng, pick, randomInt, shuffle } from '../../../analysis/rng.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';

const SMALL: NetworkRecords = {
  businesses: ['p', 'q', 'r', 's', 't'].map((id) => ({ id, name: id.toUpperCase() })),
  capabilities: [
    { businessId: 'p', capability: 'design', level: 5 },
    { businessId: 'q', capability: 'machining', level: 4 },
    { businessId: 'q', capability: 'inspection', level: 3 },
    { businessId: 'r', capability: 'machining', level: 5 },
    { businessId: 's', capability: 'inspection', level: 5 },
    { businessId: 't', capability: 'coating', level: 2 },
  ],
  needs: [
    { businessId: 'p', capability: 'machining', priority: 4 },
    { businessId: 'q', capability: 'design', priority: 3 },
    { businessId: 'x' as string, capability: 'welding', priority: 3 },
  ].filter((n) => n.businessId !== 'x'),
  collaborations: [
    { source: 'p', target: 'q', weight: 1 },
    { source: 'r', target: 's', weight: 1 },
  ],
};
const index = buildPartneringIndex(
  buildGraph({ ...SMALL, needs: [...SMALL.needs, { businessId: 't', capability: 'welding', priority: 3 }] }),
);

describe('consortium builder', () => {
  it('refuses empty requests, unknown capabilities and anchors, and bad sizes', () => {
    expect(() => buildConsortium(index, { capabilities: [] })).toThrow(InvalidInputError);
    expect(() => buildConsortium(index, { capabilities: ['telepathy'] })).toThrow(
      new NotFoundError('capability', 'telepathy'),
    );
    expect(() => buildConsortium(index, { capabilities: ['design'], anchor: 'nobody' })).toThrow(
      NotFoundError,
    );
    expect(() => buildConsortium(index, { capabilities: ['design'], maxSize: 0 })).toThrow(/maxSize/);
  });

  it('covers every required capability and prefers teams that already work together', () => {
    const result = buildConsortium(index, {
      capabilities: ['design', 'machining', 'inspection'],
      method: 'exact',
    });
    const best = result.teams[0]!;
    expect(best.complete).toBe(true);
    expect(best.members.map((m) => m.id)).toEqual(['p', 'q']);
    expect(best.existingTies).toEqual([['p', 'q']]);
    expect(best.members.find((m) => m.id === 'q')?.brings).toEqual([
      { capability: 'machining', level: 4 },
      { capability: 'inspection', level: 3 },
    ]);
    for (const team of result.teams) {
      for (const cap of team.covered)
        expect(team.members.some((m) => m.brings.some((b) => b.capability === cap))).toBe(true);
      expect(team.members.length).toBeLessThanOrEqual(5);
    }
  });

  it('keeps the anchor in every team and respects the size limit', () => {
    const result = buildConsortium(index, {
      capabilities: ['machining', 'inspection', 'coating'],
      anchor: 't',
      maxSize: 3,
    });
    for (const team of result.teams) {
      expect(team.members.map((m) => m.id)).toContain('t');
      expect(team.members.length).toBeLessThanOrEqual(3);
    }
  });

  it('returns the best partial teams with what they leave uncovered when no team can cover everything', () => {
    const result = buildConsortium(index, {
      capabilities: ['design', 'machining', 'inspection', 'coating', 'welding'],
      maxSize: 2,
      method: 'exact',
    });
    expect(result.gaps).toEqual(['welding']);
    const best = result.teams[0]!;
    expect(best.complete).toBe(false);
    expect(best.uncovered).toContain('welding');
    expect(best.covered.length).toBe(3);
  });
});

describe('consortium builder › the heuristic against the exact optimum on random small instances', () => {
  const CAPS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
  const instances = Array.from({ length: 30 }, (_, seed) => seed + 1);
  const outcomes: boolean[] = [];

  it.each(instances)('instance %i: same coverage, score within 10 %% of the optimum', (seed) => {
    const rng = createRng(seed);
    const ids = Array.from({ length: 18 }, (_, i) => `n${i}`);
    const records: NetworkRecords = {
      businesses: ids.map((id) => ({ id, name: id })),
      capabilities: ids.flatMap((id) =>
        CAPS.filter(() => rng() < 0.2).map((capability) => ({
          businessId: id,
          capability,
          level: 1 + randomInt(rng, 5),
        })),
      ),
      needs: ids.flatMap((id) =>
        CAPS.filter(() => rng() < 0.1).map((capability) => ({ businessId: id, capability, priority: 3 })),
      ),
      collaborations: [],
    };
    const seen = new Set<string>();
    for (let k = 0; k < 30; k++) {
      const a = ids[randomInt(rng, ids.length)]!;
      const b = ids[randomInt(rng, ids.length)]!;
      const key = [a, b].sort().join();
      if (a !== b && !seen.has(key)) {
        seen.add(key);
        records.collaborations.push({ source: a, target: b, weight: 1 });
      }
    }
    const idx = buildPartneringIndex(buildGraph(records));
    const required = CAPS.slice(0, 4).filter((c) => idx.holders.has(c));
    if (required.length === 0) return;
    const exact = buildConsortium(idx, { capabilities: required, maxSize: 4, method: 'exact' }).teams[0]!;
    const heuristic = buildConsortium(idx, { capabilities: required, maxSize: 4, method: 'heuristic' })
      .teams[0]!;
    expect(heuristic.covered.length).toBe(exact.covered.length);
    expect(heuristic.score).toBeGreaterThanOrEqual(exact.score * 0.9 - 1e-12);
    expect(heuristic.score).toBeLessThanOrEqual(exact.score + 1e-12);
    outcomes.push(Math.abs(heuristic.score - exact.score) < 1e-12);
  });

  it('finds the optimum itself on most instances', () => {
    expect(outcomes.filter(Boolean).length / outcomes.length).toBeGreaterThanOrEqual(0.7);
  });
});

describe('consortium builder on the sample › every team covers what it claims', async () => {
  const graph = buildGraph(await readBundle(resolve(import.meta.dirname, '../../../data/sample')));
  const idx = buildPartneringIndex(graph);
  const rng = createRng(5);
  const names = [...idx.holders.keys()].sort();
  const requests = Array.from({ length: 12 }, (_, i) => ({
    capabilities: shuffle(rng, [...names]).slice(0, 2 + (i % 7)),
    ...(i % 3 === 0 && { anchor: pick(rng, graph.nodes()) }),
    maxSize: 2 + (i % 4),
  }));

  it.each(requests.map((r, i) => [i, r] as const))('request %i', (_i, request) => {
    const result = buildConsortium(idx, request);
    expect(result.teams.length).toBeGreaterThan(0);
    for (const team of result.teams) {
      const ids = team.members.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeLessThanOrEqual(request.maxSize);
      if (request.anchor) expect(ids).toContain(request.anchor);
      const held = (id: string) =>
        new Map(graph.getNodeAttribute(id, 'capabilities').map((c) => [c.name, c.level]));
      for (const m of team.members)
        for (const b of m.brings) expect(held(m.id).get(b.capability)).toBe(b.level);
      for (const cap of request.capabilities) {
        const someoneHas = ids.some((id) => held(id).has(cap));
        expect(team.covered.includes(cap)).toBe(someoneHas);
        expect(team.uncovered.includes(cap)).toBe(!someoneHas);
      }
      expect(team.complete).toBe(team.uncovered.length === 0);
      for (const [a, b] of team.existingTies) expect(graph.hasEdge(a, b)).toBe(true);
    }
  });
});
