/**
 * PageRank (Brin & Page 1998, "The anatomy of a large-scale hypertextual web search engine")
 * as networkx's `pagerank(G, alpha=0.85, weight='weight')` on the undirected graph: each
 * business passes its rank to partners in proportion to collaboration weight; businesses with
 * no collaborations (dangling) spread theirs uniformly, as does the teleport; the result sums
 * to 1.
 *
 * Solved as the linear system y = (1/n)·1 + α·P·y, with P the weight-normalised adjacency and
 * zero columns for the dangling businesses, by Gauss–Seidel sweeps (each update used at once),
 * then scaled to sum 1: with the dangling mass spread like the teleport (uniformly), that is
 * exactly networkx's fixed point (Langville & Meyer 2006, "Deeper inside PageRank", §5), and it
 * needs about half the sweeps of the power iteration. Stops when a sweep changes the scaled
 * ranks by less than n·tolerance in L1.
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
  // share[j] = y[j] / strength[j]: what j passes per unit of weight (0 when dangling).
  const inverse = new Float64Array(n);
  for (let j = 0; j < n; j++) inverse[j] = (strength[j] as number) > 0 ? 1 / (strength[j] as number) : 0;
  const y = new Float64Array(n).fill(1 / n);
  const share = new Float64Array(n);
  for (let j = 0; j < n; j++) share[j] = (y[j] as number) * (inverse[j] as number);
  const base = 1 / n;
  let total = 1;
  for (let iter = 0; iter < maxIterations; iter++) {
    let change = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = offsets[i] as number, end = offsets[i + 1] as number; k < end; k++)
        acc += (weights[k] as number) * (share[targets[k] as number] as number);
      const v = base + alpha * acc;
      change += Math.abs(v - (y[i] as number));
      y[i] = v;
      share[i] = v * (inverse[i] as number);
      sum += v;
    }
    total = sum;
    if (change / total < n * tolerance) break;
  }
  for (let i = 0; i < n; i++) y[i] = (y[i] as number) / total;
  return y;
}
