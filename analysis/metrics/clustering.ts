/**
 * Local clustering coefficient (Watts & Strogatz 1998, "Collective dynamics of 'small-world'
 * networks"), unweighted as networkx's `clustering(G)`: the share of pairs of a business's
 * partners who are partners themselves; 0 with fewer than two partners.
 */
import type { Csr } from './csr.ts';

/** Local clustering coefficient per node index. */
export function clustering(csr: Csr): Float64Array {
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  const mark = new Int32Array(n).fill(-1);
  const out = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const d = (offsets[u + 1] as number) - (offsets[u] as number);
    if (d < 2) continue;
    for (let k = offsets[u] as number; k < (offsets[u + 1] as number); k++) mark[targets[k] as number] = u;
    let links = 0;
    for (let k = offsets[u] as number; k < (offsets[u + 1] as number); k++) {
      const v = targets[k] as number;
      for (let j = offsets[v] as number; j < (offsets[v + 1] as number); j++)
        if (mark[targets[j] as number] === u) links++;
    }
    // Each tie among neighbours was counted from both ends.
    out[u] = links / (d * (d - 1));
  }
  return out;
}
