/**
 * The CLI computes the local engine in its own process (cli/local-runner.ts), the service in
 * worker threads (api/analytics-engine.ts): both give the same report, summary and structure,
 * also when GDS's columns are given and only the remainder is computed locally.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../analysis/build-graph.ts';
import type { ComputedColumns } from '../../analysis/report/complete-analysis.ts';
import type { NetworkAnalysis } from '../../analysis/report/network-analysis.ts';
import { WORKER_RUNNER } from '../../api/analytics-engine.ts';
import { IN_PROCESS_RUNNER } from '../../cli/local-runner.ts';
import { runPathsInParallel } from '../../api/compute/parallel-paths.ts';
import { runPathsInShares } from '../../analysis/metrics/betweenness.ts';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { planPaths } from '../../analysis/report/network-analysis.ts';
import { readBundle } from '../../data/bundle/read-bundle.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

function expectSameAnalysis(mine: NetworkAnalysis, theirs: NetworkAnalysis) {
  expect(mine.rows.length).toBeGreaterThan(100);
  expect(mine.rows.map((r) => r.id)).toEqual(theirs.rows.map((r) => r.id));
  mine.rows.forEach((row, i) => {
    const other = theirs.rows[i] as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(row))
      if (typeof value === 'number' && Number.isFinite(value))
        expect(value, `${row.id} ${key}`).toBeCloseTo(other[key] as number, 12);
      else expect(value, `${row.id} ${key}`).toEqual(other[key]);
  });
  expect(mine.summary).toEqual(theirs.summary);
  expect(mine.parameters).toEqual(theirs.parameters);
}

describe('CLI in-process local runner', () => {
  it('gives the same report and summary as the service’s worker threads', async () => {
    const graph = buildGraph(await readBundle(SAMPLE));
    const options = { seed: 7, betweennessSamples: 60 };
    expectSameAnalysis(
      await IN_PROCESS_RUNNER.analysis(graph, options),
      await WORKER_RUNNER.analysis(graph, options),
    );
  });

  it('completes GDS’s columns the same way as the worker threads', async () => {
    const graph = buildGraph(await readBundle(SAMPLE));
    const n = graph.order;
    const computed: { columns: ComputedColumns; betweenness: 'exact' } = {
      betweenness: 'exact',
      columns: {
        community: Int32Array.from({ length: n }, (_, i) => i % 4),
        degree: Float64Array.from({ length: n }, (_, i) => i),
        weighted_degree: Float64Array.from({ length: n }, (_, i) => 2 * i),
        betweenness: Float64Array.from({ length: n }, (_, i) => i / n),
        closeness: Float64Array.from({ length: n }, (_, i) => 1 - i / n),
        eigenvector: new Float64Array(n).fill(0.1),
        pagerank: new Float64Array(n).fill(1 / n),
        clustering: new Float64Array(n).fill(0.5),
        core: Float64Array.from({ length: n }, (_, i) => i % 5),
      } as ComputedColumns,
    };
    const mine = await IN_PROCESS_RUNNER.analysis(graph, { seed: 3 }, computed);
    expectSameAnalysis(mine, await WORKER_RUNNER.analysis(graph, { seed: 3 }, computed));
    expect(mine.rows[5]?.community).toBe(1);
  });

  it('finds the same communities and constraint as the worker threads, with and without given communities', async () => {
    const graph = buildGraph(await readBundle(SAMPLE));
    const mine = await IN_PROCESS_RUNNER.structure(graph);
    expect(mine.communities).toBeGreaterThan(1);
    expect(mine).toEqual(await WORKER_RUNNER.structure(graph));
    const given = Int32Array.from({ length: graph.order }, (_, i) => i % 3);
    expect(await IN_PROCESS_RUNNER.structure(graph, given)).toEqual(
      await WORKER_RUNNER.structure(graph, given),
    );
  });

  it('splits the path pass into the same shares as the threads and sums them to the same bits', async () => {
    const graph = buildGraph(await readBundle(SAMPLE));
    const plan = planPaths(graph);
    const threaded = await runPathsInParallel(toCsr(graph), plan, { threads: 3, threshold: 0 });
    const shared = runPathsInShares(plan, 3, 0);
    expect(shared.betweenness).toEqual(threaded.betweenness);
    expect(shared.distanceSum).toEqual(threaded.distanceSum);
    expect(shared.eccentricity).toEqual(threaded.eccentricity);
    // One share sums in another order: not the same bits everywhere.
    const single = runPathsInShares(plan, 1);
    expect(single.betweenness.some((b, i) => b !== threaded.betweenness[i])).toBe(true);
  });
});
