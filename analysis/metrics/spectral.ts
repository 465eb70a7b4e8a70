/**
 * PageRank (Brin & Page 1998) as networkx's `pagerank(G, alpha=0.85, weight='weight')`:
 * dangling nodes (isolates) spread their rank uniformly; the result sums to 1.
 * Eigenvector centrality as networkx's `eigenvector_centrality_numpy(G)`: unweighted, the
 * leading eigenvector of the adjacency matrix scaled to unit Euclidean length. On a
 * disconnected graph the leading eigenvector lives on the component with the largest
 * eigenvalue and is 0 elsewhere (as numpy's answer is, when that eigenvalue is unique).
 */
import type { Csr } from './csr.ts';
import { weightedDegrees } from './degree.ts';

export const PAGERANK_DEFAULTS = { alpha: 0.85, tolerance: 1e-12, maxIterations: 1000 } as const;

export function pagerank(
  csr: Csr,
  options: { alpha?: number; tolerance?: number; maxIterations?: number } = {},
): Float64Array {
  const { alpha, tolerance, maxIterations } = { ...PAGERANK_DEFAULTS, ...options };
  const n = csr.ids.length;
  if (n === 0) return new Float64Array(0);
  const strength = weightedDegrees(csr);
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    let dangling = 0;
    for (let i = 0; i < n; i++) if (strength[i] === 0) dangling += x[i] as number;
    const base = (alpha * dangling + (1 - alpha)) / n;
    next.fill(base);
    for (let i = 0; i < n; i++) {
      const s = strength[i] as number;
      if (s === 0) continue;
      const share = (alpha * (x[i] as number)) / s;
      for (let k = csr.offsets[i] as number; k < (csr.offsets[i + 1] as number); k++) {
        const j = csr.targets[k] as number;
        next[j] = (next[j] as number) + share * (csr.weights[k] as number);
      }
    }
    let err = 0;
    for (let i = 0; i < n; i++) err += Math.abs((next[i] as number) - (x[i] as number));
    [x, next] = [next, x];
    if (err < n * tolerance) break;
  }
  return x;
}

export const EIGENVECTOR_DEFAULTS = { tolerance: 1e-13, maxIterations: 20_000 } as const;

export function eigenvector(
  csr: Csr,
  options: { tolerance?: number; maxIterations?: number } = {},
): Float64Array {
  const { tolerance, maxIterations } = { ...EIGENVECTOR_DEFAULTS, ...options };
  const n = csr.ids.length;
  const x = new Float64Array(n);
  if (n === 0 || csr.targets.length === 0) return x;
  // Power iteration on (A + I): same eigenvectors, and the shift removes the oscillation of
  // bipartite components. Start from degrees so isolated nodes start (and stay) at 0.
  for (let i = 0; i < n; i++) x[i] = (csr.offsets[i + 1] as number) - (csr.offsets[i] as number);
  let y = new Float64Array(n);
  let cur = x;
  normalise(cur);
  for (let iter = 0; iter < maxIterations; iter++) {
    for (let i = 0; i < n; i++) {
      let s = cur[i] as number;
      for (let k = csr.offsets[i] as number; k < (csr.offsets[i + 1] as number); k++)
        s += cur[csr.targets[k] as number] as number;
      y[i] = s;
    }
    normalise(y);
    let diff = 0;
    for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs((y[i] as number) - (cur[i] as number)));
    [cur, y] = [y, cur];
    if (diff < tolerance) break;
  }
  return cur;
}

function normalise(v: Float64Array): void {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
}
