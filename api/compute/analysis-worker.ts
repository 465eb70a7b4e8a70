/** Worker: the full network analysis (report + summary) of a lean graph (lean-graph.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { analyseNetwork, planPaths, type AnalysisOptions } from '../../analysis/report/network-analysis.ts';
import { fromLeanGraph, type LeanGraph } from './lean-graph.ts';
import { runPathsInParallel } from './parallel-paths.ts';

const { graph: lean, options } = workerData as {
  graph: LeanGraph;
  options: Omit<AnalysisOptions, 'paths'>;
};
const graph = fromLeanGraph(lean);
const plan = planPaths(graph, options);
const partial = await runPathsInParallel(toCsr(graph), plan);
parentPort?.postMessage(analyseNetwork(graph, { ...options, paths: { plan, partial } }));
