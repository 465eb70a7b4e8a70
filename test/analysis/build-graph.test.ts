import { describe, expect, it } from 'vitest';
import { buildGraph, collaborationKey } from '../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { BundleError } from '../../analysis/errors.ts';
import { recordsFromGraph } from '../../analysis/graph-records.ts';

const records = (): NetworkRecords => ({
  businesses: [
    { id: 'b1', name: 'Alpha', sector: 'machining', size: 12 },
    { id: 'b2', name: 'Beta', sector: 'composites' },
    { id: 'b3', name: 'Gamma' },
  ],
  capabilities: [
    { businessId: 'b1', capability: 'five-axis machining', level: 4, category: 'Machining' },
    { businessId: 'b1', capability: 'five-axis machining', level: 5 },
    { businessId: 'b2', capability: 'NDT inspection', level: 2, confidential: true },
  ],
  needs: [{ businessId: 'b2', capability: 'five-axis machining', priority: 5 }],
  collaborations: [
    {
      source: 'b1',
      target: 'b2',
      weight: 2,
      start: '2019',
      end: '2021',
      kind: 'joint-project',
      project: 'P1',
    },
    { source: 'b2', target: 'b1', weight: 1, start: '2022-03', kind: 'supply' },
    { source: 'b2', target: 'b3', weight: 1 },
  ],
});

describe('buildGraph', () => {
  it('refuses a collaboration with an unknown business', () => {
    const r = records();
    r.collaborations.push({ source: 'b1', target: 'nope', weight: 1 });
    expect(() => buildGraph(r)).toThrow(BundleError);
  });

  it('refuses a self-collaboration and a duplicate business', () => {
    const r = records();
    r.collaborations.push({ source: 'b1', target: 'b1', weight: 1 });
    expect(() => buildGraph(r)).toThrow(/itself/);
    const d = records();
    d.businesses.push({ id: 'b1', name: 'again' });
    expect(() => buildGraph(d)).toThrow(/duplicate/);
  });

  it('makes one undirected edge per pair whose weight is the sum and which keeps every event', () => {
    const graph = buildGraph(records());
    expect(graph.type).toBe('undirected');
    expect(graph.order).toBe(3);
    expect(graph.size).toBe(2);
    const key = collaborationKey('b2', 'b1');
    expect(key).toBe('b1--b2');
    expect(graph.getEdgeAttributes(key)).toEqual({
      weight: 3,
      events: [
        { weight: 2, start: '2019', end: '2021', kind: 'joint-project', project: 'P1' },
        { weight: 1, start: '2022-03', kind: 'supply' },
      ],
    });
  });

  it('keeps capabilities and needs as node attributes, a repeated capability at its highest level', () => {
    const graph = buildGraph(records(), { source: 'test' });
    expect(graph.getAttribute('source')).toBe('test');
    expect(graph.getNodeAttribute('b1', 'capabilities')).toEqual([
      { name: 'five-axis machining', level: 5, category: 'Machining' },
    ]);
    expect(graph.getNodeAttribute('b2', 'capabilities')).toEqual([
      { name: 'NDT inspection', level: 2, confidential: true },
    ]);
    expect(graph.getNodeAttribute('b2', 'needs')).toEqual([{ name: 'five-axis machining', priority: 5 }]);
    expect(graph.getNodeAttributes('b1')).toMatchObject({ name: 'Alpha', sector: 'machining', size: 12 });
  });

  it('round-trips through recordsFromGraph to an identical graph', () => {
    const graph = buildGraph(records());
    const again = buildGraph(recordsFromGraph(graph));
    expect(again.export()).toEqual(graph.export());
  });
});
