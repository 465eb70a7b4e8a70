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
  const { seed, resolution } = { ...COMMUNITY_DEFAULTS, ...options };
  const csr = options.csr ?? toCsr(graph);
  // Without collaborations every business is its own community.
  const result = louvain(csr, { seed, resolution });
  const raw: Record<string, number> = {};
  csr.ids.forEach((id, i) => (raw[id] = result.membership[i] as number));
  const modularity = result.modularity;
  const sizes = new Map<number, number>();
  for (const c of Object.values(raw)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const rank = new Map(order.map((c, i) => [c, i]));
  const communities: Record<string, number> = {};
  for (const [id, c] of Object.entries(raw)) communities[id] = rank.get(c) ?? 0;
  return { communities, modularity, count: order.length };
}
