/**
 * Local structure of each business's neighbourhood, unweighted as in networkx:
 * clustering coefficient (`nx.clustering`), core number (Batagelj & Zaversnik 2003,
 * "An O(m) algorithm for cores decomposition of networks"), Burt's constraint and effective
 * size (Burt 1992, *Structural Holes*; `nx.constraint`, `nx.effective_size`), and the reach
 * within two steps (Kumu's "reach": businesses one introduction away).
 */
import type { Csr } from './csr.ts';

/** Triangles through each node and the local clustering coefficient. */
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
    for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
      const u = targets[k] as number;
      if ((deg[u] as number) > (deg[v] as number)) {
        const du = deg[u] as number;
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

/**
 * Burt's constraint and effective size, unweighted. With p(u,v) = 1/deg(u) for a tie:
 * constraint(v) = Σ_{j∈N(v)} (p(v,j) + Σ_{q∈N(v)∩N(j)} p(v,q)·p(q,j))²;
 * effective size(v) = |N(v)| − 2·t/|N(v)| where t is the number of ties among v's partners.
 * Isolated businesses get NaN (no value).
 */
export function structuralHoles(csr: Csr): { constraint: Float64Array; effectiveSize: Float64Array } {
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  const constraint = new Float64Array(n);
  const effectiveSize = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    const dv = (offsets[v + 1] as number) - (offsets[v] as number);
    if (dv === 0) {
      constraint[v] = NaN;
      effectiveSize[v] = NaN;
      continue;
    }
    for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) mark[targets[k] as number] = v;
    let c = 0;
    let links = 0;
    for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
      const j = targets[k] as number;
      let indirect = 0;
      // q ranges over v's partners that are also j's partners: p(v,q)·p(q,j) = 1/dv · 1/dq.
      for (let m = offsets[j] as number; m < (offsets[j + 1] as number); m++) {
        const q = targets[m] as number;
        if (mark[q] === v) {
          links++;
          indirect += 1 / ((offsets[q + 1] as number) - (offsets[q] as number));
        }
      }
      c += (1 / dv + indirect / dv) ** 2;
    }
    constraint[v] = c;
    effectiveSize[v] = dv - links / dv;
  }
  return { constraint, effectiveSize };
}

/** Number of other businesses within two steps. */
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
