/** Worker: the full network analysis (report + summary) of a lean graph (lean-graph.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { analyseNetwork, planPaths, type AnalysisOptions } from '../../analysis/report/network-analysis.ts';
import { fromLeanGraph, type LeanGraph } from './lean-graph.ts';
import { runPathsInParallel } from './parallel-paths.ts';
import type { AnalysisDone, AnalysisFailed } from './run-analysis.ts';
import { postInChunks } from './spawn-worker.ts';
import { serializeError } from './worker-errors.ts';

const { graph: lean, options } = workerData as {
  graph: LeanGraph;
  options: Omit<AnalysisOptions, 'paths'>;
};
try {
  const graph = fromLeanGraph(lean);
  const plan = planPaths(graph, options);
  const partial = await runPathsInParallel(toCsr(graph), plan);
  const { rows, ...rest } = analyseNetwork(graph, { ...options, paths: { plan, partial } });
  if (parentPort) {
    await postInChunks(parentPort, 'rows', rows);
    parentPort.postMessage({ type: 'done', analysis: rest } satisfies AnalysisDone);
  }
} catch (error) {
  // Typed errors (a path worker that stopped, bad options) keep their type across the thread.
  parentPort?.postMessage({ type: 'failed', error: serializeError(error) } satisfies AnalysisFailed);
}
