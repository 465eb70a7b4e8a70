/**
 * The network structure that partnering needs and nothing more: Louvain communities and
 * Burt's constraint, by position in the graph's node order. Computed once per snapshot on its
 * own (the API runs it in a worker, compute/run-structure.ts), so suggestions, questions
 * and consortia never wait for the report's shortest-path pass (betweenness, closeness); the
 * report reuses these communities. Same seed (42, the report's) and the same functions.
 */
import type Graph from 'graphology';
import { communitiesOfCsr, COMMUNITY_DEFAULTS } from '../metrics/communities.ts';
import { toCsr, type Csr } from '../metrics/csr.ts';
import { modularity } from '../metrics/louvain.ts';
import { structuralHoles } from '../metrics/structural-holes.ts';

export interface NetworkStructure {
  /** Community by position in `graph.nodes()` (0 = largest). */
  communityAt: Int32Array;
  /** Burt's constraint by position (NaN: isolated). */
  constraintAt: Float64Array;
  modularity: number;
  communities: number;
  /** Which engine found the communities (absent: local Louvain). */
  communitiesBy?: 'local' | 'gds';
}

export function computeStructure(graph: Graph, seed: number = COMMUNITY_DEFAULTS.seed): NetworkStructure {
  return structureOfCsr(toCsr(graph), seed);
}

/** `computeStructure` on the compact form (what the worker has). */
export function structureOfCsr(csr: Csr, seed: number = COMMUNITY_DEFAULTS.seed): NetworkStructure {
  const { communities, modularity, count } = communitiesOfCsr(csr, { seed });
  const communityAt = new Int32Array(csr.ids.length);
  csr.ids.forEach((id, i) => (communityAt[i] = communities[id] as number));
  return {
    communityAt,
    constraintAt: structuralHoles(csr).constraint,
    modularity,
    communities: count,
  };
}

/**
 * The structure around communities found elsewhere (GDS's seeded Leiden): their modularity and
 * Burt's constraint are computed here. `communityAt` is by position in the CSR's node order.
 */
export function structureWithCommunities(csr: Csr, communityAt: Int32Array): NetworkStructure {
  return {
    communityAt,
    constraintAt: structuralHoles(csr).constraint,
    modularity: csr.ids.length > 0 ? modularity(csr, communityAt) : 0,
    communities: new Set(communityAt).size,
    communitiesBy: 'gds',
  };
}
