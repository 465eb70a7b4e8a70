/** Worker: Brandes / BFS path statistics for a share of the sources of a compact graph. */
import { parentPort, workerData } from 'node:worker_threads';
import { accumulatePaths, type PathGraph } from '../analysis/metrics/betweenness.ts';

const { graph, sources, multiplicity } = workerData as {
  graph: PathGraph;
  sources: Int32Array;
  multiplicity: Float64Array;
};
const partial = accumulatePaths(graph, sources, multiplicity);
parentPort?.postMessage(partial, [
  partial.betweenness.buffer,
  partial.distanceSum.buffer,
  partial.reachable.buffer,
  partial.eccentricity.buffer,
] as ArrayBuffer[]);
