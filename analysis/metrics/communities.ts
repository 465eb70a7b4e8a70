/**
 * Communities by the Louvain method (Blondel et al. 2008, "Fast unfolding of communities in
 * large networks"), weighted, seeded so runs are reproducible (louvain.ts). Communities are
 * numbered by size, largest first, so ids (and the map's colours) are stable.
 */
import type Graph from 'graphology';
import { toCsr, type Csr } from './csr.ts';
import { louvain } from './louvain.ts';

export const COMMUNITY_DEFAULTS = { seed: 42, resolution: 1 } as const;

export interface Communities {
  /** Community id per business (0 = largest). */
  communities: Record<string, number>;
  modularity: number;
  count: number;
}

/**
 * Louvain communities of an undirected graph, weighted by the edge attribute `weight`, with
 * the modularity of the partition (Newman 2006). Defaults: seed 42, resolution 1.
 */
export function detectCommunities(
  graph: Graph,
  options: { seed?: number; resolution?: number; csr?: Csr } = {},
): Communities {
  return communitiesOfCsr(options.csr ?? toCsr(graph), options);
}

/** `detectCommunities` on the compact form alone (a worker that has no graphology graph). */
export function communitiesOfCsr(
  csr: Csr,
  options: { seed?: number; resolution?: number } = {},
): Communities {
  const { seed, resolution } = { ...COMMUNITY_DEFAULTS, ...options };
  // Without collaborations every business is its own community.
  const { membership, count, modularity } = louvain(csr, { seed, resolution });
  const sizes = new Int32Array(count);
  for (let i = 0; i < membership.length; i++) sizes[membership[i] as number]!++;
  const order = Array.from({ length: count }, (_, c) => c).sort(
    (a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b,
  );
  const rank = new Int32Array(count);
  order.forEach((c, i) => (rank[c] = i));
  const communities: Record<string, number> = {};
  csr.ids.forEach((id, i) => (communities[id] = rank[membership[i] as number] as number));
  return { communities, modularity, count };
}
