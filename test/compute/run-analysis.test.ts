import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../analysis/build-graph.ts';
import { computePaths } from '../../analysis/metrics/betweenness.ts';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { analyseNetwork, planPaths } from '../../analysis/report/network-analysis.ts';
import { fromLeanGraph, toLeanGraph } from '../../compute/lean-graph.ts';
import { runPathsInParallel } from '../../compute/parallel-paths.ts';
import { runAnalysis } from '../../compute/run-analysis.ts';
import { deserializeError, serializeError } from '../../compute/worker-errors.ts';
import { WORKER_CHANNEL, WorkerStoppedError, type WorkerStarted } from '../../compute/spawn-worker.ts';
import { loadFromPath } from '../../data/sources/load-network.ts';
const SAMPLE_DIR = resolve(import.meta.dirname, '../../data/sample');

const { records } = await loadFromPath(SAMPLE_DIR);
const graph = buildGraph(records);

describe('api › compute › lean graph', () => {
  it('keeps the nodes, names, sectors, edges and weights the analysis reads, in the same order', () => {
    const copy = fromLeanGraph(toLeanGraph(graph));
    expect(copy.nodes()).toEqual(graph.nodes());
    for (const id of graph.nodes()) {
      expect(copy.getNodeAttribute(id, 'name')).toBe(graph.getNodeAttribute(id, 'name'));
      expect(copy.getNodeAttribute(id, 'sector')).toBe(graph.getNodeAttribute(id, 'sector'));
      expect(copy.neighbors(id)).toEqual(graph.neighbors(id));
    }
    graph.forEachEdge((_key, attributes, source, target) =>
      expect(copy.getEdgeAttribute(copy.edge(source, target), 'weight')).toBe(attributes.weight),
    );
  });
});

describe('api › compute › runAnalysis', () => {
  it('gives exactly the report computed in one thread', { timeout: 60_000 }, async () => {
    const inThread = analyseNetwork(graph, { seed: 7 });
    const inWorker = await runAnalysis(graph, { seed: 7 });
    expect(inWorker).toEqual(inThread);
  });

  it('splits the shortest-path pass across threads with the same sums', { timeout: 60_000 }, async () => {
    const csr = toCsr(graph);
    const plan = planPaths(graph);
    const split = await runPathsInParallel(csr, plan, { threads: 3, threshold: 0 });
    const { partial } = computePaths(csr);
    for (let i = 0; i < csr.ids.length; i++)
      expect(split.betweenness[i]).toBeCloseTo(partial.betweenness[i] as number, 9);
    expect([...split.distanceSum]).toEqual([...partial.distanceSum]);
    expect([...split.eccentricity]).toEqual([...partial.eccentricity]);
  });

  it('answers WorkerStoppedError when a path worker dies mid-pass', { timeout: 60_000 }, async () => {
    const csr = toCsr(graph);
    const plan = planPaths(graph);
    const kill = (message: unknown) => {
      const started = message as WorkerStarted;
      if (started.module === 'paths-worker.ts') void started.worker.terminate();
    };
    subscribe(WORKER_CHANNEL, kill);
    try {
      const error = await runPathsInParallel(csr, plan, { threads: 2, threshold: 0 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorkerStoppedError);
    } finally {
      unsubscribe(WORKER_CHANNEL, kill);
    }
  });
});

describe('api › compute › errors across threads', () => {
  it('keeps a stopped worker a WorkerStoppedError, with its module and reason', () => {
    const back = deserializeError(
      serializeError(new WorkerStoppedError('paths-worker.ts', 'exited with code 1')),
    );
    expect(back).toBeInstanceOf(WorkerStoppedError);
    expect(back.message).toMatch(/paths-worker\.ts exited with code 1/);
  });
});
