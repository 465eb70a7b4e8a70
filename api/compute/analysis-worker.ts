/** Worker: the full network analysis (report + summary) of a serialized graph. */
import { parentPort, workerData } from 'node:worker_threads';
import { UndirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { analyseNetwork, planPaths, type AnalysisOptions } from '../../analysis/report/network-analysis.ts';
import { runPathsInParallel } from './parallel-paths.ts';

const { graph: serialized, options } = workerData as {
  graph: SerializedGraph;
  options: Omit<AnalysisOptions, 'paths'>;
};
const graph = UndirectedGraph.from(serialized);
const plan = planPaths(graph, options);
const partial = await runPathsInParallel(toCsr(graph), plan);
parentPort?.postMessage(analyseNetwork(graph, { ...options, paths: { plan, partial } }));
