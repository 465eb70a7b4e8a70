/** Degree (number of distinct partners) and weighted degree (sum of collaboration weights). */
import type { Csr } from './csr.ts';

export function degrees(csr: Csr): Float64Array {
  const n = csr.ids.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (csr.offsets[i + 1] as number) - (csr.offsets[i] as number);
  return out;
}

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
