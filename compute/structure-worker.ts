/**
 * Worker: communities and constraint (analysis/partnering/structure.ts) of a lean graph, or of
 * compact arrays given as they are (the past network the ranker is fitted on).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../analysis/metrics/csr.ts';
import { structureOfCsr, structureWithCommunities } from '../analysis/partnering/structure.ts';
import { leanToCsr, type LeanGraph } from './lean-graph.ts';
import { serializeError } from './worker-errors.ts';

const data = workerData as ({ graph: LeanGraph } | { csr: Omit<Csr, 'index'> }) & {
  /** Communities found by GDS: only modularity and constraint are computed here. */
  communityAt?: Int32Array;
};
try {
  const csr: Csr =
    'graph' in data
      ? leanToCsr(data.graph)
      : { ...data.csr, index: new Map(data.csr.ids.map((id, i) => [id, i])) };
  const structure = data.communityAt ? structureWithCommunities(csr, data.communityAt) : structureOfCsr(csr);
  parentPort?.postMessage({ type: 'done', structure }, [
    structure.communityAt.buffer,
    structure.constraintAt.buffer,
  ] as ArrayBuffer[]);
} catch (error) {
  parentPort?.postMessage({ type: 'failed', error: serializeError(error) });
}
