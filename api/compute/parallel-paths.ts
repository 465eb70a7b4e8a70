/**
 * Splits the shortest-path pass (Brandes betweenness, closeness, eccentricities) across worker
 * threads, one per core: each runs the pure `accumulatePaths` over an interleaved share of the
 * sources and the partial sums are added. Small graphs are computed in-thread, where starting
 * workers would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import type { Csr } from '../../analysis/metrics/csr.ts';
import { accumulatePaths, mergePaths, type PathPartial } from '../../analysis/metrics/paths.ts';
import { runWorker } from './spawn-worker.ts';

/** Below this many (sources × ties) the pass runs in the calling thread. */
export const PARALLEL_THRESHOLD = 2_000_000;

export async function accumulatePathsInParallel(
  csr: Csr,
  sources: Int32Array,
  threads = availableParallelism(),
): Promise<PathPartial> {
  const n = csr.ids.length;
  if (threads <= 1 || sources.length * Math.max(1, csr.targets.length) < PARALLEL_THRESHOLD)
    return accumulatePaths(csr, sources);
  // Interleave sources so each worker gets a similar mix of hubs and leaves.
  const shares = Array.from({ length: threads }, (_, t) => sources.filter((_s, i) => i % threads === t));
  const parts = await Promise.all(
    shares.map((share) =>
      runWorker<PathPartial>(new URL('./paths-worker.ts', import.meta.url), {
        offsets: csr.offsets,
        targets: csr.targets,
        sources: share,
        n,
      }),
    ),
  );
  return mergePaths(parts, n);
}
