/** Worker: Brandes / BFS path statistics for a range of sources of a compact graph. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../../analysis/metrics/csr.ts';
import { accumulatePaths } from '../../analysis/metrics/paths.ts';

const { offsets, targets, sources, n } = workerData as {
  offsets: Int32Array;
  targets: Int32Array;
  sources: Int32Array;
  n: number;
};
const csr: Csr = {
  ids: new Array<string>(n),
  index: new Map(),
  offsets,
  targets,
  weights: new Float64Array(0),
};
const partial = accumulatePaths(csr, sources);
parentPort?.postMessage(partial, [
  partial.betweenness.buffer,
  partial.distanceSum.buffer,
  partial.reachable.buffer,
  partial.eccentricity.buffer,
] as ArrayBuffer[]);
