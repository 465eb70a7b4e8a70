/**
 * Reach within two steps (Kumu's "reach"): how many other businesses are a partner or a
 * partner's partner, one introduction away. networkx equivalent:
 * `len(single_source_shortest_path_length(G, v, cutoff=2)) - 1`.
 */
import type { Csr } from './csr.ts';

/** Number of other businesses within two steps, per node index. */
export function reach2(csr: Csr): Float64Array {
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  const mark = new Int32Array(n).fill(-1);
  const out = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    mark[u] = u;
    let count = 0;
    for (let k = offsets[u] as number; k < (offsets[u + 1] as number); k++) {
      const v = targets[k] as number;
      if (mark[v] !== u) {
        mark[v] = u;
        count++;
      }
      for (let j = offsets[v] as number; j < (offsets[v + 1] as number); j++) {
        const w = targets[j] as number;
        if (mark[w] !== u) {
          mark[w] = u;
          count++;
        }
      }
    }
    out[u] = count;
  }
  return out;
}
