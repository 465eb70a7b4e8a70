/** Worker: communities and constraint of a lean graph (analysis/partnering/structure.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { structureOfCsr } from '../../analysis/partnering/structure.ts';
import { leanToCsr, type LeanGraph } from './lean-graph.ts';
import { serializeError } from './worker-errors.ts';

const { graph: lean } = workerData as { graph: LeanGraph };
try {
  const structure = structureOfCsr(leanToCsr(lean));
  parentPort?.postMessage({ type: 'done', structure }, [
    structure.communityAt.buffer,
    structure.constraintAt.buffer,
  ] as ArrayBuffer[]);
} catch (error) {
  parentPort?.postMessage({ type: 'failed', error: serializeError(error) });
}
