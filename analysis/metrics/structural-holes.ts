/** Burt's constraint per business by id (null for isolated businesses): see local-structure.ts. */
import type Graph from 'graphology';
import { toCsr } from './csr.ts';
import { structuralHoles } from './local-structure.ts';

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
