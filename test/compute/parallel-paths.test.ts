/**
 * The threaded shortest-path pass (compute/parallel-paths.ts) splits the sources into the shares
 * of analysis/metrics/betweenness.ts and sums them in order, so the same shares summed in one
 * thread give the same bits.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../analysis/build-graph.ts';
import { runPathsInShares } from '../../analysis/metrics/betweenness.ts';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { planPaths } from '../../analysis/report/network-analysis.ts';
import { runPathsInParallel } from '../../compute/parallel-paths.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

describe('compute › parallel paths', () => {
  it('splits the path pass into the same shares as the threads and sums them to the same bits', async () => {
    const graph = buildGraph(await readBundle(SAMPLE));
    const plan = planPaths(graph);
    const threaded = await runPathsInParallel(toCsr(graph), plan, { threads: 3, threshold: 0 });
    const shared = runPathsInShares(plan, 3, 0);
    expect(shared.betweenness.length).toBeGreaterThan(100);
    expect(shared.betweenness).toEqual(threaded.betweenness);
    expect(shared.distanceSum).toEqual(threaded.distanceSum);
    expect(shared.eccentricity).toEqual(threaded.eccentricity);
    // One share sums in another order: not the same bits everywhere.
    const single = runPathsInShares(plan, 1);
    expect(single.betweenness.some((b, i) => b !== threaded.betweenness[i])).toBe(true);
  });
});
