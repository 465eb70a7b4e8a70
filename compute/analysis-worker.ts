/**
 * Worker: the full network analysis (report + summary) of a lean graph (lean-graph.ts), or,
 * when the GDS engine computed the centralities (`computed`), only the local remainder
 * (analysis/report/complete-analysis.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toCsr } from '../analysis/metrics/csr.ts';
import {
  completeAnalysis,
  summarySamples,
  type ComputedColumns,
} from '../analysis/report/complete-analysis.ts';
import { analyseNetwork, planPaths, type AnalysisOptions } from '../analysis/report/network-analysis.ts';
import { fromLeanGraph, type LeanGraph } from './lean-graph.ts';
import { runPathsInParallel } from './parallel-paths.ts';
import type { AnalysisDone, AnalysisFailed } from './run-analysis.ts';
import { postInChunks } from './spawn-worker.ts';
import { serializeError } from './worker-errors.ts';

const {
  graph: lean,
  options,
  computed,
} = workerData as {
  graph: LeanGraph;
  options: Omit<AnalysisOptions, 'paths'>;
  computed?: { columns: ComputedColumns; betweenness: 'exact' | number };
};
try {
  const graph = fromLeanGraph(lean);
  let analysis;
  if (computed) {
    const samples = summarySamples(graph.order);
    const plan = planPaths(graph, {
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(samples !== undefined && { betweennessSamples: samples }),
    });
    const partial = await runPathsInParallel(toCsr(graph), plan);
    analysis = completeAnalysis(graph, computed.columns, {
      ...(options.seed !== undefined && { seed: options.seed }),
      betweenness: computed.betweenness,
      paths: { plan, partial },
    });
  } else {
    const plan = planPaths(graph, options);
    const partial = await runPathsInParallel(toCsr(graph), plan);
    analysis = analyseNetwork(graph, { ...options, paths: { plan, partial } });
  }
  const { rows, ...rest } = analysis;
  if (parentPort) {
    await postInChunks(parentPort, 'rows', rows);
    parentPort.postMessage({ type: 'done', analysis: rest } satisfies AnalysisDone);
  }
} catch (error) {
  // Typed errors (a path worker that stopped, bad options) keep their type across the thread.
  parentPort?.postMessage({ type: 'failed', error: serializeError(error) } satisfies AnalysisFailed);
}
