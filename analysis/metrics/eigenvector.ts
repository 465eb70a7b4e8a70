/**
 * Eigenvector centrality (Bonacich 1972, "Factoring and weighting approaches to status scores
 * and clique identification") as networkx's `eigenvector_centrality_numpy(G)`: unweighted, the
 * leading eigenvector of the adjacency matrix, non-negative, scaled to unit Euclidean length.
 *
 * Power iteration on A + I: the same eigenvectors, and the shift removes the oscillation of
 * bipartite components. Disconnected graphs: the iteration converges to the component with the
 * largest leading eigenvalue and every other business gets 0, which is numpy's answer when
 * that eigenvalue is unique. When two components tie exactly (two identical components), the
 * eigenvector is not unique; we return the mix the degree start converges to, which networkx
 * does not define either. Isolated businesses are always 0.
 */
import type { Csr } from './csr.ts';

export const EIGENVECTOR_DEFAULTS = {
  /** Largest change of any entry between iterations at convergence. */
  tolerance: 1e-13,
  maxIterations: 20_000,
} as const;

/** Eigenvector centrality per node index. */
export function eigenvector(
  csr: Csr,
  options: { tolerance?: number; maxIterations?: number } = {},
): Float64Array {
  const { tolerance, maxIterations } = { ...EIGENVECTOR_DEFAULTS, ...options };
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  let cur = new Float64Array(n);
  if (n === 0 || targets.length === 0) return cur;
  // Start from degrees so isolated businesses start, and stay, at 0.
  for (let i = 0; i < n; i++) cur[i] = (offsets[i + 1] as number) - (offsets[i] as number);
  normalise(cur);
  let y = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    for (let i = 0; i < n; i++) {
      let s = cur[i] as number;
      for (let k = offsets[i] as number, end = offsets[i + 1] as number; k < end; k++)
        s += cur[targets[k] as number] as number;
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
