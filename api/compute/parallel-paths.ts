/**
 * Splits the shortest-path pass (Brandes betweenness, closeness, eccentricities) across worker
 * threads, one per core: each runs the pure `accumulatePaths` over an interleaved share of the
 * planned sources and the partial sums are added. Small graphs are computed in-thread, where
 * starting workers would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import {
  accumulatePaths,
  completeLeaves,
  mergePaths,
  type PathPartial,
  type SourcePlan,
} from '../../analysis/metrics/betweenness.ts';
import type { Csr } from '../../analysis/metrics/csr.ts';
import { runWorker } from './spawn-worker.ts';

/** Below this many (sources × arcs) the pass runs in the calling thread. */
export const PARALLEL_THRESHOLD = 5_000_000;

/** The planned pass, completed (leaves filled in), over `threads` workers (default: every core). */
export async function runPathsInParallel(
  csr: Csr,
  plan: SourcePlan,
  threads = availableParallelism(),
): Promise<PathPartial> {
  const n = csr.ids.length;
  const { sources, multiplicity, graph } = plan;
  if (threads <= 1 || sources.length * Math.max(1, graph.targets.length) < PARALLEL_THRESHOLD)
    return completeLeaves(plan, accumulatePaths(graph, sources, multiplicity));
  // Interleave sources so each worker gets a similar mix of hubs and leaves.
  const shares = Array.from({ length: threads }, (_, t) => {
    const pick = (_s: number, i: number) => i % threads === t;
    return { sources: sources.filter(pick), multiplicity: multiplicity.filter(pick) };
  });
  const parts = await Promise.all(
    shares.map((share) =>
      runWorker<PathPartial>(new URL('./paths-worker.ts', import.meta.url), {
        graph,
        ...share,
      }),
    ),
  );
  return completeLeaves(plan, mergePaths(parts, n));
}
