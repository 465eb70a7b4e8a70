/**
 * What if some businesses left, or new collaborations formed? The summary KPIs of the network
 * before and after, the businesses cut off from the largest component, and the businesses that
 * would no longer have any holder of a capability they need among their partners (`partners`)
 * or anywhere they can reach (`network`). By default the network is every collaboration; with
 * `asOf`, the ties active in that year (analysis/timeline/activity.ts).
 */
import type { NetworkGraph } from '../domain.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { detectCommunities } from '../metrics/communities.ts';
import { visibleTo, type Viewer } from '../visibility.ts';
import { UndirectedGraph } from 'graphology';
import { componentStats, reachability, UnionFind } from './components.ts';
import { adjacency, networkArrays } from './network-arrays.ts';

export const WHAT_IF_DEFAULTS = {
  seed: 42,
  /** Modularity (two Louvain runs) only up to this many businesses unless asked for. */
  modularityUpTo: 2000,
  maxChanges: 1000,
} as const;

export interface WhatIfRequest {
  removeBusinesses?: string[];
  addCollaborations?: { source: string; target: string }[];
  /** Ask of the network active in this year (default: every collaboration). */
  asOf?: number;
  /** `reader` does not see confidential capabilities and needs (default `analyst`). */
  viewer?: Viewer;
  /** Louvain modularity before and after (default: only for networks of up to 2000 businesses). */
  modularity?: boolean;
  seed?: number;
}

export interface WhatIfKpis {
  businesses: number;
  collaborations: number;
  components: number;
  largestComponentShare: number;
  /** Share of pairs of businesses connected by some path. */
  reachability: number;
  density: number;
  averagePartners: number;
  /** Of ties whose two sectors are known; null when none is. */
  crossSectorShare: number | null;
  modularity: number | null;
}

export interface LostCapability {
  business: string;
  businessName: string;
  capability: string;
  /** `partners`: no partner holds it any more; `network`: nobody it can reach does. */
  scope: 'partners' | 'network';
  /** The departing businesses that held it for this business. */
  lostHolders: string[];
}

export interface WhatIfResult {
  asOf: number | null;
  before: WhatIfKpis;
  after: WhatIfKpis;
  removed: { id: string; name: string }[];
  added: { source: string; target: string }[];
  /** In the largest component before, still here, not in it after. */
  cutOff: { id: string; name: string }[];
  lostCapabilities: LostCapability[];
}

interface State {
  alive: Uint8Array;
  edges: [number, number][];
}

/**
 * The network before and after removing businesses and adding collaborations.
 * @throws NotFoundError for an unknown business; InvalidInputError for a tie with itself, a
 *   tie with a removed business, or more than 1000 changes
 */
export function whatIf(graph: NetworkGraph, request: WhatIfRequest): WhatIfResult {
  const remove = request.removeBusinesses ?? [];
  const add = request.addCollaborations ?? [];
  if (remove.length + add.length > WHAT_IF_DEFAULTS.maxChanges)
    throw new InvalidInputError(`at most ${WHAT_IF_DEFAULTS.maxChanges} changes at once`, 'removeBusinesses');
  for (const id of remove) if (!graph.hasNode(id)) throw new NotFoundError('business', id);
  const removedSet = new Set(remove);
  for (const { source, target } of add) {
    for (const id of [source, target]) if (!graph.hasNode(id)) throw new NotFoundError('business', id);
    if (source === target)
      throw new InvalidInputError(
        `a business cannot collaborate with itself ("${source}")`,
        'addCollaborations',
      );
    if (removedSet.has(source) || removedSet.has(target))
      throw new InvalidInputError(
        `cannot add a collaboration with a removed business (${source}–${target}); drop one of the two changes`,
        'addCollaborations',
      );
  }
  const net = networkArrays(graph, request.asOf !== undefined ? { asOf: request.asOf } : {});
  const n = net.ids.length;
  const before: State = { alive: new Uint8Array(n).fill(1), edges: net.edges };
  const alive = new Uint8Array(n).fill(1);
  for (const id of removedSet) alive[net.index.get(id) as number] = 0;
  const existing = new Set(net.edges.map(([a, b]) => (a < b ? a * n + b : b * n + a)));
  const edges = net.edges.filter(([a, b]) => alive[a] && alive[b]);
  const added: { source: string; target: string }[] = [];
  for (const { source, target } of add) {
    const a = net.index.get(source) as number;
    const b = net.index.get(target) as number;
    const key = a < b ? a * n + b : b * n + a;
    if (existing.has(key)) continue;
    existing.add(key);
    edges.push([a, b]);
    added.push({ source, target });
  }
  const after: State = { alive, edges };

  const seed = request.seed ?? WHAT_IF_DEFAULTS.seed;
  const withModularity = request.modularity ?? n <= WHAT_IF_DEFAULTS.modularityUpTo;
  const sectors = net.ids.map((id) => graph.getNodeAttribute(id, 'sector'));
  const kpis = (s: State): { kpis: WhatIfKpis; uf: UnionFind; largestRoot: number } => {
    const uf = new UnionFind(n);
    for (const [a, b] of s.edges) uf.union(a, b);
    const nodes: number[] = [];
    for (let i = 0; i < n; i++) if (s.alive[i]) nodes.push(i);
    const stats = componentStats(uf, nodes);
    let largestRoot = -1;
    for (const v of nodes)
      if (uf.find(v) === v && uf.size[v] === stats.largest && largestRoot === -1) largestRoot = v;
    let known = 0;
    let cross = 0;
    for (const [a, b] of s.edges) {
      const sa = sectors[a];
      const sb = sectors[b];
      if (sa === undefined || sb === undefined) continue;
      known++;
      if (sa !== sb) cross++;
    }
    let modularity: number | null = null;
    if (withModularity) {
      const g = new UndirectedGraph();
      for (const [a, b] of s.edges) g.mergeEdge(a, b, { weight: 1 });
      modularity = s.edges.length > 0 ? detectCommunities(g, { seed }).modularity : 0;
    }
    const b = nodes.length;
    const m = s.edges.length;
    return {
      uf,
      largestRoot,
      kpis: {
        businesses: b,
        collaborations: m,
        components: stats.components,
        largestComponentShare: b > 0 ? stats.largest / b : 0,
        reachability: reachability(stats.connectedPairs, b),
        density: b > 1 ? (2 * m) / (b * (b - 1)) : 0,
        averagePartners: b > 0 ? (2 * m) / b : 0,
        crossSectorShare: known > 0 ? cross / known : null,
        modularity,
      },
    };
  };
  const k0 = kpis(before);
  const k1 = kpis(after);
  const name = (id: string) => graph.getNodeAttribute(id, 'name');

  const cutOff: { id: string; name: string }[] = [];
  for (let v = 0; v < n; v++) {
    if (!alive[v]) continue;
    if (k0.uf.find(v) === k0.largestRoot && k1.uf.find(v) !== k1.largestRoot) {
      const id = net.ids[v] as string;
      cutOff.push({ id, name: name(id) });
    }
  }

  const lostCapabilities =
    removedSet.size > 0 ? lostHolders(graph, net.ids, before, after, k0.uf, k1.uf, request.viewer) : [];
  return {
    asOf: request.asOf ?? null,
    before: k0.kpis,
    after: k1.kpis,
    removed: [...removedSet].map((id) => ({ id, name: name(id) })),
    added,
    cutOff,
    lostCapabilities,
  };
}

/** Needs whose every holder among the partners (or in reach) is among the departing businesses. */
function lostHolders(
  graph: NetworkGraph,
  ids: string[],
  before: State,
  after: State,
  ufBefore: UnionFind,
  ufAfter: UnionFind,
  viewer: Viewer | undefined,
): LostCapability[] {
  const visible = visibleTo(viewer);
  const n = ids.length;
  // Holders of each capability, and how many sit in each component before and after.
  const holders = new Map<string, Set<number>>();
  ids.forEach((id, i) => {
    for (const c of graph.getNodeAttribute(id, 'capabilities')) {
      if (!visible(c)) continue;
      const set = holders.get(c.name) ?? new Set<number>();
      set.add(i);
      holders.set(c.name, set);
    }
  });
  const perComponent = (uf: UnionFind, alive: Uint8Array) => {
    const counts = new Map<string, Map<number, number>>();
    for (const [name, set] of holders) {
      const m = new Map<number, number>();
      for (const h of set) if (alive[h]) m.set(uf.find(h), (m.get(uf.find(h)) ?? 0) + 1);
      counts.set(name, m);
    }
    return counts;
  };
  const inReachBefore = perComponent(ufBefore, before.alive);
  const inReachAfter = perComponent(ufAfter, after.alive);
  const adjBefore = adjacency(n, before.edges);
  const adjAfter = adjacency(n, after.edges);
  const partnerHolders = (adj: { offsets: Int32Array; targets: Int32Array }, v: number, set: Set<number>) => {
    const found: number[] = [];
    for (let k = adj.offsets[v] as number; k < (adj.offsets[v + 1] as number); k++) {
      const w = adj.targets[k] as number;
      if (set.has(w)) found.push(w);
    }
    return found;
  };
  const out: LostCapability[] = [];
  for (let v = 0; v < n; v++) {
    if (!after.alive[v]) continue;
    const id = ids[v] as string;
    for (const need of graph.getNodeAttribute(id, 'needs')) {
      if (!visible(need)) continue;
      const set = holders.get(need.name);
      if (!set || set.has(v)) continue;
      const reachBefore = inReachBefore.get(need.name)?.get(ufBefore.find(v)) ?? 0;
      const reachAfter = inReachAfter.get(need.name)?.get(ufAfter.find(v)) ?? 0;
      const lost = (scope: 'partners' | 'network', from: number[]) =>
        out.push({
          business: id,
          businessName: graph.getNodeAttribute(id, 'name'),
          capability: need.name,
          scope,
          lostHolders: from.filter((h) => !after.alive[h]).map((h) => ids[h] as string),
        });
      if (reachBefore > 0 && reachAfter === 0) {
        const root = ufBefore.find(v);
        lost(
          'network',
          [...set].filter((h) => ufBefore.find(h) === root),
        );
        continue;
      }
      const pBefore = partnerHolders(adjBefore, v, set);
      if (pBefore.length > 0 && partnerHolders(adjAfter, v, set).length === 0) lost('partners', pBefore);
    }
  }
  return out.sort((x, y) =>
    x.business < y.business ? -1 : x.business > y.business ? 1 : x.capability < y.capability ? -1 : 1,
  );
}
