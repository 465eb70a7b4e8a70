import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import type { NetworkGraph } from '../../analysis/domain.ts';
import { prepareAdjacency, prepareAdjacencySteps } from '../../analysis/graph-adjacency.ts';

const ids = Array.from({ length: 40 }, (_, i) => `biz-${i}`);
/** Pairs that give hubs, leaves and isolated nodes. */
const pairs: [string, string][] = [];
for (let i = 1; i < 30; i++) pairs.push([ids[0] as string, ids[i] as string]);
for (let i = 1; i < 29; i++) pairs.push([ids[i] as string, ids[i + 1] as string]);
for (let i = 2; i < 25; i += 3) pairs.push([ids[i + 5] as string, ids[i] as string]);

function graphWith(prepare: boolean): { graph: NetworkGraph; prepared: number } {
  const graph = new UndirectedGraph({ allowSelfLoops: false }) as unknown as NetworkGraph;
  for (const id of ids) graph.addNode(id, { name: id, capabilities: [], needs: [] });
  const prepared = prepare ? prepareAdjacency(graph) : 0;
  for (const [a, b] of pairs) graph.addUndirectedEdgeWithKey(`${a}--${b}`, a, b, { weight: 1, events: [] });
  graph.dropEdge(`${ids[0]}--${ids[5]}`);
  graph.dropNode(ids[9] as string);
  return { graph, prepared };
}

describe('prepareAdjacency', () => {
  it('prepares every edgeless node, and answers every neighbour query as an unprepared graph does', () => {
    const plain = graphWith(false).graph;
    const { graph, prepared } = graphWith(true);
    expect(prepared).toBe(ids.length);
    expect(graph.export()).toEqual(plain.export());
    for (const node of graph.nodes()) {
      expect(graph.neighbors(node)).toEqual(plain.neighbors(node));
      expect(graph.edges(node)).toEqual(plain.edges(node));
      expect(graph.degree(node)).toBe(plain.degree(node));
      for (const other of graph.nodes()) {
        expect(graph.hasEdge(node, other)).toBe(plain.hasEdge(node, other));
        expect(graph.areNeighbors(node, other)).toBe(plain.areNeighbors(node, other));
        expect(graph.edge(node, other)).toBe(plain.edge(node, other));
      }
    }
  });

  it('leaves nodes that already have edges as they are', () => {
    const { graph } = graphWith(false);
    graph.addNode('late', { name: 'late', capabilities: [], needs: [] });
    const before = graph.export();
    const edgeless = graph.nodes().filter((n) => graph.degree(n) === 0);
    expect(edgeless).toContain('late');
    expect(prepareAdjacency(graph)).toBe(edgeless.length);
    expect(graph.export()).toEqual(before);
    graph.addUndirectedEdgeWithKey('late--biz-1', 'late', 'biz-1', { weight: 2, events: [] });
    expect(graph.neighbors('late')).toEqual(['biz-1']);
  });

  it('pauses every so many nodes when run in steps (the API builds in slices)', () => {
    const graph = new UndirectedGraph({ allowSelfLoops: false }) as unknown as NetworkGraph;
    for (const id of ids) graph.addNode(id, { name: id, capabilities: [], needs: [] });
    const steps = prepareAdjacencySteps(graph, 10);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    expect(pauses).toBe(ids.length / 10);
    expect(step.value).toBe(ids.length);
  });

  it('does nothing when graphology keeps its nodes differently', () => {
    const graph = { _nodes: {} } as unknown as NetworkGraph;
    expect(prepareAdjacency(graph)).toBe(0);
  });
});
