/**
 * Shortest-path metrics on hops, from one breadth-first search per source:
 * betweenness (Brandes 2001, "A faster algorithm for betweenness centrality"), closeness with
 * the Wasserman–Faust scaling for disconnected graphs (as networkx's `closeness_centrality`),
 * eccentricities and distance sums for the diameter and average shortest path.
 *
 * `accumulatePaths` runs over a range of sources so the work can be split across worker
 * threads; `finishPaths` sums the partial results and applies networkx's normalisation.
 */
import type { Rng } from '../rng.ts';
import type { Csr } from './csr.ts';

export interface PathPartial {
  /** Raw Brandes dependencies summed over the sources (each pair counted from both ends). */
  betweenness: Float64Array;
  /** Per source: sum of distances to reachable nodes, number reachable (incl. itself), eccentricity. */
  distanceSum: Float64Array;
  reachable: Float64Array;
  eccentricity: Float64Array;
  /** Sources processed. */
  sources: number;
}

/** Brandes and BFS statistics from each source in `sources` (node indices). */
export function accumulatePaths(csr: Csr, sources: ArrayLike<number>): PathPartial {
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  const betweenness = new Float64Array(n);
  const distanceSum = new Float64Array(n).fill(NaN);
  const reachable = new Float64Array(n).fill(NaN);
  const eccentricity = new Float64Array(n).fill(NaN);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  // Predecessors of w on shortest paths, stored in w's own slice of the arc array (a node has
  // at most degree-many), so the dependency pass visits predecessors only, not every neighbour.
  const preds = new Int32Array(targets.length);
  const predCount = new Int32Array(n);
  for (let q = 0; q < sources.length; q++) {
    const s = sources[q] as number;
    let head = 0;
    let tail = 0;
    order[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    let sum = 0;
    let ecc = 0;
    while (head < tail) {
      const v = order[head++] as number;
      const dv = dist[v] as number;
      const sv = sigma[v] as number;
      sum += dv;
      if (dv > ecc) ecc = dv;
      for (let k = offsets[v] as number, end = offsets[v + 1] as number; k < end; k++) {
        const w = targets[k] as number;
        let dw = dist[w] as number;
        if (dw === -1) {
          dw = dv + 1;
          dist[w] = dw;
          order[tail++] = w;
        }
        if (dw === dv + 1) {
          sigma[w] = (sigma[w] as number) + sv;
          const c = predCount[w] as number;
          preds[(offsets[w] as number) + c] = v;
          predCount[w] = c + 1;
        }
      }
    }
    distanceSum[s] = sum;
    reachable[s] = tail;
    eccentricity[s] = ecc;
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i] as number;
      const coeff = (1 + (delta[w] as number)) / (sigma[w] as number);
      for (let k = offsets[w] as number, end = k + (predCount[w] as number); k < end; k++) {
        const v = preds[k] as number;
        delta[v] = (delta[v] as number) + (sigma[v] as number) * coeff;
      }
      betweenness[w] = (betweenness[w] as number) + (delta[w] as number);
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i] as number;
      dist[v] = -1;
      sigma[v] = 0;
      delta[v] = 0;
      predCount[v] = 0;
    }
  }
  return { betweenness, distanceSum, reachable, eccentricity, sources: sources.length };
}

/** Sum partial results (from several workers) into one. */
export function mergePaths(parts: PathPartial[], n: number): PathPartial {
  const out: PathPartial = {
    betweenness: new Float64Array(n),
    distanceSum: new Float64Array(n).fill(NaN),
    reachable: new Float64Array(n).fill(NaN),
    eccentricity: new Float64Array(n).fill(NaN),
    sources: 0,
  };
  for (const p of parts) {
    out.sources += p.sources;
    for (let i = 0; i < n; i++) {
      out.betweenness[i] = (out.betweenness[i] as number) + (p.betweenness[i] as number);
      if (!Number.isNaN(p.reachable[i])) {
        out.distanceSum[i] = p.distanceSum[i] as number;
        out.reachable[i] = p.reachable[i] as number;
        out.eccentricity[i] = p.eccentricity[i] as number;
      }
    }
  }
  return out;
}

export interface PathMetrics {
  /** networkx `betweenness_centrality(G, normalized=True)`; scaled by n/k when sampled. */
  betweenness: Float64Array;
  /** networkx `closeness_centrality(G)` (wf_improved=True); NaN for unsampled sources. */
  closeness: Float64Array;
  /** Whether betweenness is estimated from a sample of sources. */
  sampled: boolean;
}

/** Normalise merged partial results as networkx does. */
export function finishPaths(partial: PathPartial, n: number): PathMetrics {
  const sampled = partial.sources < n;
  const betweenness = new Float64Array(n);
  const scale = n > 2 ? 1 / ((n - 1) * (n - 2)) : 0;
  const sampleScale = sampled && partial.sources > 0 ? n / partial.sources : 1;
  for (let i = 0; i < n; i++) betweenness[i] = (partial.betweenness[i] as number) * scale * sampleScale;
  const closeness = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = partial.reachable[i] as number;
    const total = partial.distanceSum[i] as number;
    if (Number.isNaN(r)) closeness[i] = NaN;
    else closeness[i] = total > 0 && n > 1 ? ((r - 1) / total) * ((r - 1) / (n - 1)) : 0;
  }
  return { betweenness, closeness, sampled };
}

/** Indices of all nodes, or `k` distinct ones chosen with `rng` (for sampled betweenness). */
export function chooseSources(n: number, k: number | undefined, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (k === undefined || k >= n) return all;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

/** Exact (or sampled, with `k` sources) path metrics in this thread. */
export function computePathMetrics(csr: Csr, options: { k?: number; rng?: Rng } = {}): PathMetrics {
  const n = csr.ids.length;
  const sources =
    options.k !== undefined && options.rng
      ? chooseSources(n, options.k, options.rng)
      : chooseSources(n, undefined, () => 0);
  return finishPaths(accumulatePaths(csr, sources), n);
}
