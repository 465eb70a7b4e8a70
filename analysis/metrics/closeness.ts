/**
 * Closeness centrality on hops with the Wasserman–Faust scaling for disconnected graphs
 * (Wasserman & Faust 1994, *Social Network Analysis*, §5.3), as networkx's
 * `closeness_centrality(G)` (wf_improved=True): for a business reaching r − 1 others at total
 * distance D, closeness = ((r − 1) / D) · ((r − 1) / (n − 1)); an isolated business gets 0.
 * Computed from the distance statistics of the shared shortest-path pass (betweenness.ts).
 */
import type { PathPartial } from './betweenness.ts';

/** Closeness per node; NaN where the pass did not search from that node (sampled runs). */
export function closenessFromPaths(partial: PathPartial): Float64Array {
  const n = partial.reachable.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = partial.reachable[i] as number;
    const total = partial.distanceSum[i] as number;
    if (Number.isNaN(r)) out[i] = NaN;
    else out[i] = total > 0 && n > 1 ? ((r - 1) / total) * ((r - 1) / (n - 1)) : 0;
  }
  return out;
}
