/** Worker: Brandes / BFS path statistics for a share of the sources of a compact graph. */
import { parentPort, workerData } from 'node:worker_threads';
import { accumulatePaths } from '../../analysis/metrics/betweenness.ts';
import type { Csr } from '../../analysis/metrics/csr.ts';

const { offsets, targets, sources, multiplicity, n } = workerData as {
  offsets: Int32Array;
  targets: Int32Array;
  sources: Int32Array;
  multiplicity: Float64Array;
  n: number;
};
const csr: Csr = {
  ids: new Array<string>(n),
  index: new Map(),
  offsets,
  targets,
  weights: new Float64Array(0),
};
const partial = accumulatePaths(csr, sources, multiplicity);
parentPort?.postMessage(partial, [
  partial.betweenness.buffer,
  partial.distanceSum.buffer,
  partial.reachable.buffer,
  partial.eccentricity.buffer,
] as ArrayBuffer[]);
