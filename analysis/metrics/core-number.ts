/**
 * Core number (k-core) of each business, as networkx's `core_number(G)`: the largest k such
 * that it belongs to a subgraph where everyone has at least k partners. Batagelj & Zaversnik
 * 2003, "An O(m) algorithm for cores decomposition of networks" (bucket sort by degree).
 */
import type { Csr } from './csr.ts';

/** Core number of each node (the largest k such that it is in the k-core). */
export function coreNumbers(csr: Csr): Float64Array {
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let i = 0; i < n; i++) {
    deg[i] = (offsets[i + 1] as number) - (offsets[i] as number);
    if ((deg[i] as number) > maxDeg) maxDeg = deg[i] as number;
  }
  // Bucket sort by degree.
  const bin = new Int32Array(maxDeg + 1);
  for (let i = 0; i < n; i++) bin[deg[i] as number]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d] as number;
    bin[d] = start;
    start += c;
  }
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pos[i] = bin[deg[i] as number] as number;
    vert[pos[i] as number] = i;
    bin[deg[i] as number]!++;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1] as number;
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i] as number;
    const dv = deg[v] as number;
    for (let k = offsets[v] as number, end = offsets[v + 1] as number; k < end; k++) {
      const u = targets[k] as number;
      const du = deg[u] as number;
      if (du > dv) {
        const pu = pos[u] as number;
        const pw = bin[du] as number;
        const w = vert[pw] as number;
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]!++;
        deg[u] = du - 1;
      }
    }
  }
  return Float64Array.from(deg);
}
