/**
 * Degree (number of distinct partners, networkx `G.degree()`) and weighted degree (sum of
 * collaboration weights, i.e. of events, networkx `G.degree(weight='weight')`). Freeman 1978,
 * "Centrality in social networks: conceptual clarification". Self-loops are ignored.
 */
import type { Csr } from './csr.ts';

/** Number of distinct partners per node index. */
export function degrees(csr: Csr): Float64Array {
  const n = csr.ids.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (csr.offsets[i + 1] as number) - (csr.offsets[i] as number);
  return out;
}

/** Sum of collaboration weights per node index. */
export function weightedDegrees(csr: Csr): Float64Array {
  const n = csr.ids.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = csr.offsets[i] as number; k < (csr.offsets[i + 1] as number); k++)
      s += csr.weights[k] as number;
    out[i] = s;
  }
  return out;
}
