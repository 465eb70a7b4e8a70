/**
 * Burt's structural-holes measures (Burt 1992, *Structural Holes: The Social Structure of
 * Competition*), unweighted as networkx's `constraint(G)` and `effective_size(G)` (which uses
 * Borgatti's 1997 simplification for unweighted graphs). Low constraint and high effective
 * size mark brokers: businesses whose partners are not partners of each other.
 * Isolated businesses have no value (NaN here, null in the report).
 */
import type Graph from 'graphology';
import { toCsr, type Csr } from './csr.ts';

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

/** Burt's constraint per business id; null for isolated businesses. */
export function computeConstraint(graph: Graph): Record<string, number | null> {
  const csr = toCsr(graph);
  const { constraint } = structuralHoles(csr);
  const out: Record<string, number | null> = {};
  csr.ids.forEach((id, i) => {
    const c = constraint[i] as number;
    out[id] = Number.isNaN(c) ? null : c;
  });
  return out;
}
