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
  runPathsInShares,
  shareSources,
  SPLIT_THRESHOLD,
  type PathPartial,
  type SourcePlan,
  type SourceShare,
} from '../analysis/metrics/betweenness.ts';
import type { Csr } from '../analysis/metrics/csr.ts';
import { runWorker } from './spawn-worker.ts';

/** Below this many (sources × arcs) the pass runs in the calling thread. */
export const PARALLEL_THRESHOLD = SPLIT_THRESHOLD;

/**
 * The planned pass, completed (leaves filled in), over `threads` threads (default: every
 * core) when it is at least `threshold` (sources × arcs) of work; the shares and their sum are
 * analysis/metrics/betweenness.ts's (`shareSources`), so the CLI's in-process pass gives the
 * same bits.
 */
export async function runPathsInParallel(
  csr: Csr,
  plan: SourcePlan,
  { threads = availableParallelism(), threshold = PARALLEL_THRESHOLD } = {},
): Promise<PathPartial> {
  const n = csr.ids.length;
  const shares = shareSources(plan, threads, threshold);
  if (shares.length === 1) return runPathsInShares(plan, 1);
  const [own, ...others] = shares as [SourceShare, ...SourceShare[]];
  const { graph } = plan;
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
