import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { buildGraph, buildGraphSteps, collaborationKey } from '../../analysis/build-graph.ts';
import type { BusinessAttributes, CollaborationAttributes, NetworkRecords } from '../../analysis/domain.ts';
import { BundleError } from '../../analysis/errors.ts';
import { recordsFromGraph } from '../../analysis/graph-records.ts';
import { generateNetwork } from '../../data/sample/generate.ts';

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

  it('refuses two pairs whose ids would give the same edge key, naming both', () => {
    const r = records();
    r.businesses.push({ id: 'b1--b2', name: 'Dashes' }, { id: 'b2--b3', name: 'More dashes' });
    r.collaborations.push({ source: 'b1--b2', target: 'b3', weight: 1 });
    r.collaborations.push({ source: 'b1', target: 'b2--b3', weight: 1 });
    expect(() => buildGraph(r)).toThrow(BundleError);
    expect(() => buildGraph(r)).toThrow(/"b1--b2" – "b3" and "b1" – "b2--b3".*rename/);
  });

  // Issue 18 item 8: XML exports dropped the character, so "b1\u0001" and "b1" became one node.
  it('refuses a business id holding a control character, which GEXF and GraphML would merge with another', () => {
    for (const id of [
      'b1\u0001',
      'b\u00001',
      'b1\t',
      'b1\n2',
      'b1\u007f',
      'b1\u0085',
      'b1\ud800',
      'b1\uffff',
    ]) {
      const r = records();
      r.businesses.push({ id, name: 'Twin' });
      r.collaborations.push({ source: id, target: 'b1', weight: 1 });
      expect(() => buildGraph(r), JSON.stringify(id)).toThrow(BundleError);
      expect(() => buildGraph(r), JSON.stringify(id)).toThrow(
        /business id ".*" contains the control character U\+[0-9A-F]{4} at position \d+; .*remove or replace it/,
      );
    }
    // Printable text of any script stays a valid id.
    const ok = records();
    ok.businesses.push({ id: 'b1 é 東京 🚀', name: 'Unicode' });
    expect(buildGraph(ok).hasNode('b1 é 東京 🚀')).toBe(true);
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

/**
 * The builder as first written (one map lookup per row, spread objects, edges added as rows
 * come): the reference the faster builder must match exactly, order included.
 */
function referenceGraph(records: NetworkRecords) {
  const graph = new UndirectedGraph<BusinessAttributes, CollaborationAttributes>({ allowSelfLoops: false });
  for (const { id, ...rest } of records.businesses)
    graph.addNode(id, { ...rest, capabilities: [], needs: [] });
  for (const cap of records.capabilities) {
    const held = graph.getNodeAttributes(cap.businessId).capabilities;
    const known = held.find((c) => c.name === cap.capability);
    if (known) known.level = Math.max(known.level, cap.level);
    else
      held.push({
        name: cap.capability,
        level: cap.level,
        ...(cap.category !== undefined && { category: cap.category }),
        ...(cap.confidential && { confidential: true }),
      });
  }
  for (const need of records.needs) {
    const wanted = graph.getNodeAttributes(need.businessId).needs;
    const known = wanted.find((n) => n.name === need.capability);
    if (known) known.priority = Math.max(known.priority, need.priority);
    else
      wanted.push({
        name: need.capability,
        priority: need.priority,
        ...(need.confidential && { confidential: true }),
      });
  }
  for (const { source, target, ...event } of records.collaborations) {
    const key = collaborationKey(source, target);
    if (graph.hasEdge(key)) {
      graph.updateEdgeAttributes(key, (a) => ({
        weight: a.weight + event.weight,
        events: [...a.events, event],
      }));
    } else graph.addUndirectedEdgeWithKey(key, source, target, { weight: event.weight, events: [event] });
  }
  return graph;
}

describe('buildGraph on a generated network', () => {
  const network = generateNetwork({ businesses: 600, seed: 11 });
  // Repeated pairs in both directions, far apart in the rows, and a row repeated as is.
  const rows = network.collaborations;
  network.collaborations = [
    ...rows,
    ...rows
      .slice(0, 200)
      .map((c, i) => (i % 2 ? { ...c, weight: 0.5 } : { ...c, source: c.target, target: c.source })),
    rows[7] as (typeof rows)[number],
  ];

  it('gives exactly the graph of the straightforward builder: nodes, edges, keys, ends, attributes and order', () => {
    const graph = buildGraph(network, { source: 'generated' });
    const reference = referenceGraph(network);
    reference.setAttribute('source', 'generated');
    expect(graph.size).toBeLessThan(network.collaborations.length);
    expect(graph.export()).toEqual(reference.export());
    for (const node of ['b0001', 'b0007', 'b0300', 'b0599']) {
      expect(graph.neighbors(node)).toEqual(reference.neighbors(node));
      expect(graph.edges(node)).toEqual(reference.edges(node));
    }
  });

  it('gives the same graph built in steps as in one go', () => {
    const steps = buildGraphSteps(network);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    expect(pauses).toBeGreaterThan(1);
    expect(step.value.export()).toEqual(buildGraph(network).export());
  });
});
