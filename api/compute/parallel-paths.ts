/**
 * Splits the shortest-path pass (Brandes betweenness, closeness, eccentricities) across
 * threads, one per core: the calling thread (itself a worker) runs the pure `accumulatePaths`
 * over one interleaved share of the planned sources while a worker per other core runs the
 * rest, and the partial sums are added. Small graphs are computed in-thread, where starting
 * workers would cost more than it saves.
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

/**
 * The planned pass, completed (leaves filled in), over `threads` threads (default: every
 * core) when it is at least `threshold` (sources × arcs) of work.
 */
export async function runPathsInParallel(
  csr: Csr,
  plan: SourcePlan,
  { threads = availableParallelism(), threshold = PARALLEL_THRESHOLD } = {},
): Promise<PathPartial> {
  const n = csr.ids.length;
  const { sources, multiplicity, graph } = plan;
  if (threads <= 1 || sources.length * Math.max(1, graph.targets.length) < threshold)
    return completeLeaves(plan, accumulatePaths(graph, sources, multiplicity));
  // Interleave sources so each share gets a similar mix of hubs and leaves.
  const shares = Array.from({ length: threads }, (_, t) => {
    const pick = (_s: number, i: number) => i % threads === t;
    return { sources: sources.filter(pick), multiplicity: multiplicity.filter(pick) };
  });
  const [own, ...others] = shares as [(typeof shares)[number], ...typeof shares];
  // Start the workers first: they boot while this thread works through its own share.
  const pending = Promise.all(
    others.map((share) =>
      runWorker<PathPartial>(new URL('./paths-worker.ts', import.meta.url), { graph, ...share }),
    ),
  );
  // Keep a failed worker from being an unhandled rejection while this thread is busy.
  pending.catch(() => undefined);
  const mine = accumulatePaths(graph, own.sources, own.multiplicity);
  return completeLeaves(plan, mergePaths([mine, ...(await pending)], n));
}
