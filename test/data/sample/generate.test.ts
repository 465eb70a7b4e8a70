import { resolve } from 'node:path';
import { connectedComponents } from 'graphology-components';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { generateNetwork } from '../../../data/sample/generate.ts';
import { GAP_CAPABILITIES, SECTORS } from '../../../data/sample/catalog.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');

describe('sample generator', () => {
  it('refuses a network too small to have structure', () => {
    expect(() => generateNetwork({ businesses: 3 })).toThrow(/at least 10/);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateNetwork({ businesses: 300, seed: 7 });
    const b = generateNetwork({ businesses: 300, seed: 7 });
    const c = generateNetwork({ businesses: 300, seed: 8 });
    expect(b).toEqual(a);
    expect(c.collaborations).not.toEqual(a.collaborations);
  });

  it('keeps the shape at scale: about 3.3 collaboration rows and 4 capabilities per business', () => {
    const records = generateNetwork({ businesses: 5000, seed: 1 });
    expect(records.businesses).toHaveLength(5000);
    expect(records.collaborations.length / 5000).toBeCloseTo(3.3, 1);
    expect(records.capabilities.length / 5000).toBeGreaterThan(3);
    expect(records.capabilities.length / 5000).toBeLessThan(5);
    expect(new Set(records.businesses.map((b) => b.name)).size).toBe(5000);
  });

  it('names firms at scale with fresh word combinations, never numbered duplicates', () => {
    const records = generateNetwork({ businesses: 10_000, seed: 3 });
    const names = records.businesses.map((b) => b.name);
    expect(new Set(names).size).toBe(10_000);
    expect(names.filter((n) => /\(\d+\)$/.test(n))).toEqual([]);
  });
});

describe('bundled sample network', async () => {
  const records = await readBundle(SAMPLE, { today: new Date('2026-11-23') });
  const graph = buildGraph(records);

  it('is the committed output of the generator with its defaults', () => {
    expect(generateNetwork()).toEqual(records);
  });

  it('has about 150 businesses in 10–15 sectors, 60-odd capabilities and about 500 collaborations', () => {
    expect(records.businesses).toHaveLength(150);
    const sectors = new Set(records.businesses.map((b) => b.sector));
    expect(sectors.size).toBeGreaterThanOrEqual(10);
    expect(sectors.size).toBeLessThanOrEqual(15);
    expect(sectors.size).toBe(SECTORS.length);
    const capabilities = new Set(records.capabilities.map((c) => c.capability));
    expect(capabilities.size).toBeGreaterThanOrEqual(50);
    expect(capabilities.size).toBeLessThanOrEqual(75);
    expect(records.collaborations.length).toBeGreaterThanOrEqual(450);
    expect(records.collaborations.length).toBeLessThanOrEqual(550);
  });

  it('ranges from one-person firms to a large prime', () => {
    const sizes = records.businesses.map((b) => b.size ?? 0);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(2);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(1000);
  });

  it('has needs that nobody on the park can meet, and needs that others can', () => {
    const held = new Set(records.capabilities.map((c) => c.capability));
    const unmet = new Set(records.needs.filter((n) => !held.has(n.capability)).map((n) => n.capability));
    expect([...unmet].sort()).toEqual(Object.keys(GAP_CAPABILITIES).sort());
    expect(records.needs.filter((n) => held.has(n.capability)).length).toBeGreaterThan(100);
  });

  it('has dated collaborations of several kinds from 2012, none starting after 2026-11-01', () => {
    const starts = records.collaborations.map((c) => c.start ?? '');
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((s) => s >= '2012' && s <= '2026-11-01')).toBe(true);
    expect(new Set(records.collaborations.map((c) => c.kind))).toEqual(
      new Set(['joint-project', 'supply', 'alliance']),
    );
    expect(graph.size).toBeLessThan(records.collaborations.length);
  });

  it('never names in a public description a capability the business holds or seeks in confidence', () => {
    // A reader sees every description; naming a confidential row there leaked it (issue 18 pass).
    const secret = (r: { businessId: string; capability: string; confidential?: boolean }) =>
      r.confidential ? [[r.businessId, r.capability] as const] : [];
    const check = (net: typeof records) => {
      const description = new Map(net.businesses.map((b) => [b.id, b.description ?? '']));
      return [...net.capabilities.flatMap(secret), ...net.needs.flatMap(secret)].filter(([id, capability]) =>
        description.get(id)?.includes(capability),
      );
    };
    expect(records.capabilities.some((c) => c.confidential)).toBe(true);
    expect(check(records)).toEqual([]);
    expect(check(generateNetwork({ businesses: 2000, seed: 7 }))).toEqual([]);
  });

  it('is mostly one connected network with a few isolated newcomers', () => {
    const components = connectedComponents(graph).sort((a, b) => b.length - a.length);
    expect(components[0]?.length).toBeGreaterThan(0.85 * graph.order);
    const isolates = graph.filterNodes((n) => graph.degree(n) === 0);
    expect(isolates.length).toBeGreaterThanOrEqual(1);
    expect(isolates.length).toBeLessThanOrEqual(10);
  });
});
