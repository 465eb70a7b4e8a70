/** Worker: the full network analysis (report + summary) of a serialized graph. */
import { parentPort, workerData } from 'node:worker_threads';
import { UndirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import { toCsr } from '../../analysis/metrics/csr.ts';
import { analyseNetwork, pathSources, type AnalysisOptions } from '../../analysis/report/network-analysis.ts';
import { accumulatePathsInParallel } from './parallel-paths.ts';

const { graph: serialized, options } = workerData as {
  graph: SerializedGraph;
  options: Omit<AnalysisOptions, 'paths'>;
};
const graph = UndirectedGraph.from(serialized);
const csr = toCsr(graph);
const paths = await accumulatePathsInParallel(csr, pathSources(csr.ids.length, options));
parentPort?.postMessage(analyseNetwork(graph, { ...options, paths }));
