/**
 * Communities and constraint of a snapshot's graph in a worker thread (structure-worker.ts):
 * all that suggestions, questions and consortia need of the network's shape, without the
 * report's betweenness and closeness. The graph crosses as a lean graph gathered in slices.
 */
import type Graph from 'graphology';
import type { Csr } from '../analysis/metrics/csr.ts';
import type { NetworkStructure } from '../analysis/partnering/structure.ts';
import { toLeanGraphSteps } from './lean-graph.ts';
import { runInSlices } from './slices.ts';
import { runStreamingWorker } from './spawn-worker.ts';
import { deserializeError, type SerializedError } from './worker-errors.ts';

type StructureAnswer =
  { type: 'done'; structure: NetworkStructure } | { type: 'failed'; error: SerializedError };

/**
 * With `communityAt` (communities found by GDS, by position in `graph.nodes()`), the worker
 * computes only their modularity and the constraint.
 */
export async function runStructure(graph: Graph, communityAt?: Int32Array): Promise<NetworkStructure> {
  const lean = await runInSlices(toLeanGraphSteps(graph));
  return inWorker({ graph: lean, ...(communityAt && { communityAt }) }, [
    lean.sources.buffer,
    lean.targets.buffer,
    lean.weights.buffer,
  ] as ArrayBuffer[]);
}

/** The same of compact arrays (copied to the worker; the caller keeps its own). */
export function runStructureOfCsr(csr: Csr): Promise<NetworkStructure> {
  const { ids, offsets, targets, weights } = csr;
  return inWorker({ csr: { ids, offsets, targets, weights } }, []);
}

function inWorker(data: unknown, transfer: ArrayBuffer[]): Promise<NetworkStructure> {
  return runStreamingWorker<NetworkStructure>(
    new URL('./structure-worker.ts', import.meta.url),
    data,
    transfer,
    (message, done, fail) => {
      const answer = message as StructureAnswer;
      if (answer.type === 'done') done(answer.structure);
      else fail(deserializeError(answer.error));
    },
  );
}
