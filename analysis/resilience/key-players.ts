/**
 * Key players: the businesses whose departure would most fragment the network, measured by
 * the share of pairs of the remaining businesses still connected (reachability, 1 − Borgatti's
 * fragmentation: Borgatti 2006, "Identifying sets of key players in a social network") and the
 * share left in the largest component.
 *
 * Two methods, both exact for single removals:
 * - `recompute` removes each business in turn and recomputes the components (O(n·m); the
 *   reference, used for small networks);
 * - `articulation` does one depth-first pass (Hopcroft & Tarjan 1973, articulation points) that
 *   records subtree sizes: removing v splits only v's component, into the child subtrees with
 *   low ≥ disc(v) and the rest, so every removal's pieces are known in O(n + m) in all.
 * The ranking is compared with simply ranking by betweenness (overlap of the two top lists).
 */
import type { NetworkGraph } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import { computeBetweenness } from '../metrics/betweenness.ts';
import { componentStats, reachability, UnionFind } from './components.ts';
import { networkArrays, type NetworkArrays } from './network-arrays.ts';

export const KEY_PLAYER_DEFAULTS = {
  limit: 10,
  method: 'auto',
  /** `auto` recomputes up to this many businesses, then uses the articulation pass. */
  recomputeUpTo: 300,
  /** Betweenness is exact up to this many businesses, then estimated from this many sources. */
  exactBetweennessUpTo: 3000,
  betweennessSamples: 200,
  seed: 42,
} as const;

export type KeyPlayerMethod = 'recompute' | 'articulation';

/** What the network looks like after one business leaves. */
export interface RemovalImpact {
  id: string;
  name: string;
  /** Share of the pairs of remaining businesses still connected. */
  reachabilityAfter: number;
  /** Share of the remaining businesses in the largest component. */
  largestComponentShareAfter: number;
  componentsAfter: number;
  /** Businesses of its component that are no longer connected to the biggest piece left of it. */
  cutOff: number;
}

export interface KeyPlayerReport {
  method: KeyPlayerMethod;
  /** Whether the network is the one active in `asOf` (else every collaboration). */
  asOf: number | null;
  before: { businesses: number; reachability: number; largestComponentShare: number; components: number };
  /** The `limit` most damaging departures, worst first. */
  keyPlayers: (RemovalImpact & { rank: number; betweenness: number; betweennessRank: number })[];
  betweenness: {
    /** Ids of the top `limit` by betweenness. */
    top: string[];
    /** How many of the key players are also in that top list. */
    overlap: number;
    sampled: boolean;
  };
}

export interface KeyPlayerOptions {
  /** How many key players (default 10). */
  limit?: number;
  /** `auto` (default), `recompute` or `articulation`. */
  method?: KeyPlayerMethod | 'auto';
  /** Ask of the network active in this year (default: every collaboration). */
  asOf?: number;
  /** Betweenness per business, when already computed (e.g. the API's cached report). */
  betweenness?: Record<string, number>;
  seed?: number;
}

interface Impacts {
  reachability: Float64Array;
  largest: Int32Array;
  components: Int32Array;
  cutOff: Int32Array;
}

/** Each removal by recomputing the components without it. */
export function impactsByRecompute(net: NetworkArrays): Impacts {
  const n = net.ids.length;
  const out = emptyImpacts(n);
  const uf = new UnionFind(n);
  const all = Array.from({ length: n }, (_, i) => i);
  const base = new UnionFind(n);
  for (const [a, b] of net.edges) base.union(a, b);
  for (let v = 0; v < n; v++) {
    uf.reset(all);
    for (const [a, b] of net.edges) if (a !== v && b !== v) uf.union(a, b);
    const rest = all.filter((u) => u !== v);
    const stats = componentStats(uf, rest);
    out.reachability[v] = reachability(stats.connectedPairs, n - 1);
    out.largest[v] = stats.largest;
    out.components[v] = stats.components;
    // Pieces of v's old component: the biggest stays, the others are cut off.
    const root = base.find(v);
    const pieces = new Map<number, number>();
    for (const u of rest)
      if (base.find(u) === root) pieces.set(uf.find(u), (pieces.get(uf.find(u)) ?? 0) + 1);
    const own = (base.size[root] as number) - 1;
    out.cutOff[v] = own - Math.max(0, ...pieces.values());
  }
  return out;
}

function emptyImpacts(n: number): Impacts {
  return {
    reachability: new Float64Array(n),
    largest: new Int32Array(n),
    components: new Int32Array(n),
    cutOff: new Int32Array(n),
  };
}

/** Each removal from one iterative depth-first pass with subtree sizes. */
export function impactsByArticulation(net: NetworkArrays): Impacts {
  const n = net.ids.length;
  const { offsets, targets } = net;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const sub = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const cursor = new Int32Array(n);
  const comp = new Int32Array(n);
  // Per node: sum, max, sum of s(s−1)/2 and count of the child subtrees that removing it separates.
  const sepSum = new Float64Array(n);
  const sepMax = new Float64Array(n);
  const sepPairs = new Float64Array(n);
  const sepCount = new Int32Array(n);
  const compSize: number[] = [];
  const stack = new Int32Array(n);
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    const c = compSize.length;
    let size = 0;
    let top = 0;
    stack[top++] = root;
    disc[root] = low[root] = time++;
    sub[root] = 1;
    cursor[root] = offsets[root] as number;
    while (top > 0) {
      const v = stack[top - 1] as number;
      const k = cursor[v] as number;
      if (k < (offsets[v + 1] as number)) {
        cursor[v] = k + 1;
        const w = targets[k] as number;
        if (disc[w] === -1) {
          parent[w] = v;
          disc[w] = low[w] = time++;
          sub[w] = 1;
          cursor[w] = offsets[w] as number;
          stack[top++] = w;
        } else if (w !== parent[v]) low[v] = Math.min(low[v] as number, disc[w] as number);
        continue;
      }
      top--;
      comp[v] = c;
      size++;
      const p = parent[v] as number;
      if (p < 0) continue;
      low[p] = Math.min(low[p] as number, low[v] as number);
      sub[p] = (sub[p] as number) + (sub[v] as number);
      if ((low[v] as number) >= (disc[p] as number)) {
        const s = sub[v] as number;
        sepSum[p] = (sepSum[p] as number) + s;
        sepMax[p] = Math.max(sepMax[p] as number, s);
        sepPairs[p] = (sepPairs[p] as number) + (s * (s - 1)) / 2;
        sepCount[p] = (sepCount[p] as number) + 1;
      }
    }
    compSize.push(size);
  }
  let pairs = 0;
  let first = 0;
  let second = 0;
  let firstComp = -1;
  compSize.forEach((s, c) => {
    pairs += (s * (s - 1)) / 2;
    if (s > first) {
      second = first;
      first = s;
      firstComp = c;
    } else if (s > second) second = s;
  });
  const out = emptyImpacts(n);
  for (let v = 0; v < n; v++) {
    const c = comp[v] as number;
    const own = compSize[c] as number;
    // For a DFS root every child subtree is separated, so the rest is empty.
    const rest = own - 1 - (sepSum[v] as number);
    const pairsAfter = pairs - (own * (own - 1)) / 2 + (sepPairs[v] as number) + (rest * (rest - 1)) / 2;
    const otherLargest = c === firstComp ? second : first;
    const biggestPiece = Math.max(sepMax[v] as number, rest);
    out.reachability[v] = reachability(pairsAfter, n - 1);
    out.largest[v] = Math.max(otherLargest, biggestPiece);
    out.components[v] = compSize.length - 1 + (sepCount[v] as number) + (rest > 0 ? 1 : 0);
    out.cutOff[v] = own - 1 - biggestPiece;
  }
  return out;
}

/** Competition rank (1 = largest) of each value. */
function ranksOf(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const ranks = new Array<number>(values.length);
  order.forEach(([v, i], k) => {
    const prev = order[k - 1];
    ranks[i] = prev && prev[0] === v ? (ranks[prev[1]] as number) : k + 1;
  });
  return ranks;
}

/**
 * The businesses whose departure most fragments the network.
 * @throws InvalidInputError for a bad limit, method or year
 */
export function keyPlayers(graph: NetworkGraph, options: KeyPlayerOptions = {}): KeyPlayerReport {
  const limit = options.limit ?? KEY_PLAYER_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidInputError(`limit must be a whole number of at least 1 (got ${limit})`, 'limit');
  const requested = options.method ?? KEY_PLAYER_DEFAULTS.method;
  if (!['auto', 'recompute', 'articulation'].includes(requested))
    throw new InvalidInputError(
      `method must be auto, recompute or articulation (got "${requested}")`,
      'method',
    );
  const net = networkArrays(graph, options.asOf !== undefined ? { asOf: options.asOf } : {});
  const n = net.ids.length;
  const method: KeyPlayerMethod =
    requested === 'auto'
      ? n <= KEY_PLAYER_DEFAULTS.recomputeUpTo
        ? 'recompute'
        : 'articulation'
      : requested;
  const impacts = method === 'recompute' ? impactsByRecompute(net) : impactsByArticulation(net);

  const base = new UnionFind(n);
  for (const [a, b] of net.edges) base.union(a, b);
  const stats = componentStats(base, net.ids.keys());

  const sampled = options.betweenness === undefined && n > KEY_PLAYER_DEFAULTS.exactBetweennessUpTo;
  const betweenness =
    options.betweenness ??
    computeBetweenness(graph, {
      seed: options.seed ?? KEY_PLAYER_DEFAULTS.seed,
      ...(sampled && { samples: KEY_PLAYER_DEFAULTS.betweennessSamples }),
    });
  const bValues = net.ids.map((id) => betweenness[id] ?? 0);
  const bRanks = ranksOf(bValues);
  const byBetweenness = net.ids
    .map((id, i) => i)
    .sort((x, y) => (bValues[y] as number) - (bValues[x] as number) || cmp(net.ids[x], net.ids[y]))
    .slice(0, limit)
    .map((i) => net.ids[i] as string);

  const order = net.ids
    .map((_id, i) => i)
    .sort(
      (x, y) =>
        (impacts.reachability[x] as number) - (impacts.reachability[y] as number) ||
        (impacts.largest[x] as number) - (impacts.largest[y] as number) ||
        (bValues[y] as number) - (bValues[x] as number) ||
        cmp(net.ids[x], net.ids[y]),
    )
    .slice(0, limit);
  const players = order.map((v, k) => {
    const id = net.ids[v] as string;
    return {
      rank: k + 1,
      id,
      name: graph.getNodeAttribute(id, 'name'),
      reachabilityAfter: impacts.reachability[v] as number,
      largestComponentShareAfter: n > 1 ? (impacts.largest[v] as number) / (n - 1) : 0,
      componentsAfter: impacts.components[v] as number,
      cutOff: impacts.cutOff[v] as number,
      betweenness: bValues[v] as number,
      betweennessRank: bRanks[v] as number,
    };
  });
  const topSet = new Set(byBetweenness);
  return {
    method,
    asOf: options.asOf ?? null,
    before: {
      businesses: n,
      reachability: reachability(stats.connectedPairs, n),
      largestComponentShare: n > 0 ? stats.largest / n : 0,
      components: stats.components,
    },
    keyPlayers: players,
    betweenness: { top: byBetweenness, overlap: players.filter((p) => topSet.has(p.id)).length, sampled },
  };
}

function cmp(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
