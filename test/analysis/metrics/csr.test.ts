/**
 * The one graph→compact-array builder (analysis/metrics/csr.ts, csrFromEdges): both ends of
 * every edge, neighbours in edge order, self-loops left out, `edgeAt` naming each slot's edge;
 * toCsr, the lean graph's CSR and the resilience adjacency all come out of it alike.
 */
import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { csrFromEdges, toCsr } from '../../../analysis/metrics/csr.ts';
import { adjacency } from '../../../analysis/resilience/network-arrays.ts';
import { leanToCsr, toLeanGraph } from '../../../compute/lean-graph.ts';

const neighbours = (csr: { offsets: Int32Array; targets: Int32Array }, i: number) => [
  ...csr.targets.subarray(csr.offsets[i], csr.offsets[i + 1]),
];

describe('csrFromEdges', () => {
  it('puts each edge at both ends, in edge order, with its weight and its edge number', () => {
    // 0–2, 1–0, 2–2 (a self-loop), 0–3
    const csr = csrFromEdges(4, [0, 1, 2, 0], [2, 0, 2, 3], [10, 11, 12, 13], true);
    expect([...csr.offsets]).toEqual([0, 3, 4, 5, 6]);
    expect(neighbours(csr, 0)).toEqual([2, 1, 3]);
    expect(neighbours(csr, 2)).toEqual([0]);
    expect([...csr.weights.subarray(0, 3)]).toEqual([10, 11, 13]);
    expect([...csr.edgeAt]).toEqual([0, 1, 3, 1, 0, 3]);
    expect([...csrFromEdges(2, [0], [1]).weights]).toEqual([1, 1]);
    expect(csrFromEdges(2, [0], [1]).edgeAt).toHaveLength(0);
    expect([...csrFromEdges(3, [0, 1], [1, 2], [NaN, 4]).weights]).toEqual([1, 1, 4, 4]);
  });

  it('gives toCsr, the lean graph and the resilience adjacency the same arrays', () => {
    const graph = new UndirectedGraph();
    for (const id of ['a', 'b', 'c', 'd', 'e']) graph.addNode(id);
    graph.addEdge('c', 'a', { weight: 2 });
    graph.addEdge('a', 'b', { weight: 0.5 });
    graph.addEdge('d', 'b');
    graph.addEdge('a', 'd', { weight: 3 });
    const csr = toCsr(graph);
    expect(neighbours(csr, 0)).toEqual([2, 1, 3]);
    expect([...csr.weights.subarray(csr.offsets[1], csr.offsets[2])]).toEqual([0.5, 1]);
    const lean = leanToCsr(toLeanGraph(graph));
    expect(lean.offsets).toEqual(csr.offsets);
    expect(lean.targets).toEqual(csr.targets);
    expect(lean.weights).toEqual(csr.weights);
    const adj = adjacency(
      5,
      [
        [2, 0],
        [0, 1],
        [3, 1],
        [0, 3],
      ],
      [2, 0.5, 1, 3],
    );
    expect(adj.offsets).toEqual(csr.offsets);
    expect(adj.targets).toEqual(csr.targets);
    expect(adj.weights).toEqual(csr.weights);
  });
});
