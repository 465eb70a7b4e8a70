/**
 * PageRank (Brin & Page 1998, "The anatomy of a large-scale hypertextual web search engine")
 * as networkx's `pagerank(G, alpha=0.85, weight='weight')` on the undirected graph: each
 * business passes its rank to partners in proportion to collaboration weight; businesses with
 * no collaborations (dangling) spread theirs uniformly, as does the teleport; the result sums
 * to 1. Power iteration until the L1 change is below n·tolerance (networkx's test).
 */
import type { Csr } from './csr.ts';
import { weightedDegrees } from './degree.ts';

export const PAGERANK_DEFAULTS = {
  /** Damping factor. */
  alpha: 0.85,
  /** Per-node L1 tolerance (networkx's default is 1e-6; tighter so fixtures agree to 1e-9). */
  tolerance: 1e-12,
  maxIterations: 1000,
} as const;

/** PageRank per node index (weights from the CSR). */
export function pagerank(
  csr: Csr,
  options: { alpha?: number; tolerance?: number; maxIterations?: number } = {},
): Float64Array {
  const { alpha, tolerance, maxIterations } = { ...PAGERANK_DEFAULTS, ...options };
  const n = csr.ids.length;
  if (n === 0) return new Float64Array(0);
  const { offsets, targets, weights } = csr;
  const strength = weightedDegrees(csr);
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    let dangling = 0;
    for (let i = 0; i < n; i++) if (strength[i] === 0) dangling += x[i] as number;
    next.fill((alpha * dangling + (1 - alpha)) / n);
    for (let i = 0; i < n; i++) {
      const s = strength[i] as number;
      if (s === 0) continue;
      const share = (alpha * (x[i] as number)) / s;
      for (let k = offsets[i] as number, end = offsets[i + 1] as number; k < end; k++) {
        const j = targets[k] as number;
        next[j] = (next[j] as number) + share * (weights[k] as number);
      }
    }
    let err = 0;
    for (let i = 0; i < n; i++) err += Math.abs((next[i] as number) - (x[i] as number));
    [x, next] = [next, x];
    if (err < n * tolerance) break;
  }
  return x;
}
