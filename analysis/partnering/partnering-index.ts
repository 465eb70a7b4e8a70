/**
 * The per-snapshot index behind the four questions, suggestions and consortia: who holds and
 * who seeks each capability (best level first), how rare each capability is, each business's
 * partners, and optional community and constraint figures. Built once per snapshot so that a
 * question about one business costs milliseconds, not a pass over the network.
 */
import type { HeldCapability, HeldNeed, NetworkGraph } from '../domain.ts';
import { runToEnd } from '../steps.ts';
import { csrFromEdges, type Csr } from '../metrics/csr.ts';
import { visibleTo } from '../visibility.ts';
import type { RankerModel } from './ranker.ts';
import type { NetworkStructure } from './structure.ts';

/** Who may see confidential capabilities and needs. */
export type Viewer = 'reader' | 'analyst' | 'admin';

export interface Holder {
  id: string;
  /** Position of the business in the index's `ids`. */
  pos: number;
  level: number;
  confidential: boolean;
}

export interface Seeker {
  id: string;
  /** Position of the business in the index's `ids`. */
  pos: number;
  priority: number;
  confidential: boolean;
}

export interface PartneringIndex {
  graph: NetworkGraph;
  ids: string[];
  /** Holders of each capability, highest level first, then id. */
  holders: Map<string, Holder[]>;
  seekers: Map<string, Seeker[]>;
  category: Map<string, string>;
  partners: Map<string, Set<string>>;
  /** Position of each business in `ids`, for the per-query score arrays. */
  position: Map<string, number>;
  /** Σ priority / 5 of each business's needs: all of them, and the non-confidential ones. */
  needWeight: { all: Float64Array; visible: Float64Array };
  /** Partners by position: `targets[offsets[i] .. offsets[i+1])`, in the graph's order. */
  neighbours: { offsets: Int32Array; targets: Int32Array };
  /**
   * Per tie, aligned with `neighbours.targets`: the start year of its first and of its last
   * dated event (0: undated), how many events (rows) it has and its weight (the edge's, or the
   * sum of the kept events' weights with `until`).
   */
  ties: { first: Int32Array; last: Int32Array; events: Int32Array; weight: Float64Array };
  /** The latest start year of any tie (0: no dated tie): the "now" of recency features. */
  latestYear: number;
  /** Ties kept only up to this start year (`until` of the build), else undefined. */
  until: number | undefined;
  /** Adamic–Adar weight of each business as a shared partner: 1 / ln(max(2, partners)). */
  sharedPartnerWeight: Float64Array;
  /** Community by position (−1: not known). */
  communityAt: Int32Array;
  /** Burt's constraint by position (NaN: none, e.g. isolated). */
  constraintAt: Float64Array;
  /** The learned (or default) suggestion ranker of this index (ranker.ts); none: fit not run. */
  ranker?: RankerModel;
  /** Zeroed per-position work arrays that suggestPartners borrows and zeroes again. */
  scratch: {
    comp: Float64Array;
    reci: Float64Array;
    aa: Float64Array;
    reached: Uint8Array;
    excluded: Uint8Array;
    /** Candidate positions in the order reached (the first slots), and their scores. */
    order: Int32Array;
    scores: Float64Array;
  };
}

export interface PartneringExtras {
  /**
   * Keep only collaboration events that started in or before this year (undated ones are
   * dropped), and the ties left with at least one: the network as it stood at the end of that
   * year. Used to fit the ranker on the past (ranker.ts). Businesses are all kept.
   */
  until?: number;
  communities?: Record<string, number>;
  constraint?: Record<string, number | null>;
  /** Communities and constraint by position in `graph.nodes()` (structure.ts); wins over the records. */
  structure?: Pick<NetworkStructure, 'communityAt' | 'constraintAt'>;
}

export function buildPartneringIndex(graph: NetworkGraph, extras: PartneringExtras = {}): PartneringIndex {
  return runToEnd(buildPartneringIndexSteps(graph, extras));
}

/** `buildPartneringIndex`, pausing (yielding) every few thousand businesses. */
export function* buildPartneringIndexSteps(
  graph: NetworkGraph,
  extras: PartneringExtras = {},
): Generator<void, PartneringIndex, void> {
  // A pause every 2,000 businesses, or 10,000 edges.
  const STEP = 2_000;
  const TIE_STEP = 10_000;
  const holders = new Map<string, Holder[]>();
  const seekers = new Map<string, Seeker[]>();
  const category = new Map<string, string>();
  const partners = new Map<string, Set<string>>();
  const ids = graph.nodes();
  const n = ids.length;
  const position = new Map(ids.map((id, i) => [id, i]));
  const needWeight = { all: new Float64Array(n), visible: new Float64Array(n) };
  const until = extras.until;
  let latestYear = 0;
  for (let pos = 0; pos < n; pos++) {
    const id = ids[pos] as string;
    if (pos % STEP === STEP - 1) yield;
    const attrs = graph.getNodeAttributes(id);
    for (const c of attrs.capabilities) {
      if (until !== undefined && c.since !== undefined && c.since > until) continue;
      let list = holders.get(c.name);
      if (!list) holders.set(c.name, (list = []));
      list.push({ id, pos, level: c.level, confidential: c.confidential === true });
      if (c.category !== undefined && !category.has(c.name)) category.set(c.name, c.category);
    }
    for (const need of attrs.needs) {
      let list = seekers.get(need.name);
      if (!list) seekers.set(need.name, (list = []));
      list.push({ id, pos, priority: need.priority, confidential: need.confidential === true });
      needWeight.all[pos] = (needWeight.all[pos] as number) + need.priority / 5;
      if (need.confidential !== true)
        needWeight.visible[pos] = (needWeight.visible[pos] as number) + need.priority / 5;
    }
  }
  // Ties: one pass over the edges (each edge's events are read once), then both ends' slots
  // (the shared CSR builder, analysis/metrics/csr.ts).
  const tieSources: number[] = [];
  const tieTargets: number[] = [];
  const edgeStats: number[] = [];
  let seen = 0;
  for (const { source, target, attributes } of graph.edgeEntries()) {
    if (++seen % TIE_STEP === 0) yield;
    if (source === target) continue;
    let first = 0;
    let last = 0;
    let events = 0;
    let weight = 0;
    for (const event of attributes.events ?? []) {
      const y = event.start === undefined ? NaN : Number(event.start.slice(0, 4));
      const dated = Number.isInteger(y);
      if (until !== undefined && (!dated || y > until)) continue;
      events++;
      weight += typeof event.weight === 'number' ? event.weight : 1;
      if (dated) {
        if (first === 0 || y < first) first = y;
        if (y > last) last = y;
      }
    }
    if (until !== undefined && events === 0) continue;
    if (last > latestYear) latestYear = last;
    tieSources.push(position.get(source) as number);
    tieTargets.push(position.get(target) as number);
    edgeStats.push(
      first,
      last,
      Math.max(1, events),
      until === undefined && typeof attributes.weight === 'number' ? attributes.weight : weight || 1,
    );
  }
  const { offsets, targets: targetsAt, edgeAt } = csrFromEdges(n, tieSources, tieTargets, undefined, true);
  const m2 = edgeAt.length;
  const tieFirstAt = new Int32Array(m2);
  const tieLastAt = new Int32Array(m2);
  const tieEventsAt = new Int32Array(m2);
  const tieWeightAt = new Float64Array(m2);
  for (let k = 0; k < m2; k++) {
    const e = edgeAt[k] as number;
    tieFirstAt[k] = edgeStats[4 * e] as number;
    tieLastAt[k] = edgeStats[4 * e + 1] as number;
    tieEventsAt[k] = edgeStats[4 * e + 2] as number;
    tieWeightAt[k] = edgeStats[4 * e + 3] as number;
  }
  yield;
  for (let i = 0; i < n; i++) {
    const set = new Set<string>();
    for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++)
      set.add(ids[targetsAt[k] as number] as string);
    partners.set(ids[i] as string, set);
    if (i % STEP === STEP - 1) yield;
  }
  yield;
  for (const list of holders.values()) list.sort((a, b) => b.level - a.level || (a.id < b.id ? -1 : 1));
  yield;
  for (const name of seekers.keys()) if (!holders.has(name)) holders.set(name, []);
  const sharedPartnerWeight = new Float64Array(n);
  const structure = extras.structure;
  if (structure && (structure.communityAt.length !== n || structure.constraintAt.length !== n))
    throw new Error(`structure has ${structure.communityAt.length} businesses, the graph ${n}`);
  const communityAt = structure ? Int32Array.from(structure.communityAt) : new Int32Array(n).fill(-1);
  const constraintAt = structure ? Float64Array.from(structure.constraintAt) : new Float64Array(n).fill(NaN);
  ids.forEach((id, i) => {
    sharedPartnerWeight[i] = 1 / Math.log(Math.max(2, (offsets[i + 1] as number) - (offsets[i] as number)));
    if (structure) return;
    const community = extras.communities?.[id];
    if (community !== undefined) communityAt[i] = community;
    const constraint = extras.constraint?.[id];
    if (constraint !== undefined && constraint !== null) constraintAt[i] = constraint;
  });
  return {
    graph,
    ids,
    position,
    needWeight,
    neighbours: { offsets, targets: targetsAt },
    ties: { first: tieFirstAt, last: tieLastAt, events: tieEventsAt, weight: tieWeightAt },
    latestYear,
    until,
    sharedPartnerWeight,
    communityAt,
    constraintAt,
    scratch: {
      comp: new Float64Array(n),
      reci: new Float64Array(n),
      aa: new Float64Array(n),
      reached: new Uint8Array(n),
      excluded: new Uint8Array(n),
      order: new Int32Array(n),
      scores: new Float64Array(n),
    },
    holders,
    seekers,
    category,
    partners,
  };
}

/**
 * The index with communities and constraint set from `structure` (by position in the graph's
 * node order): lets the index build while the structure is computed elsewhere.
 */
export function withStructure(
  index: PartneringIndex,
  structure: Pick<NetworkStructure, 'communityAt' | 'constraintAt'>,
): PartneringIndex {
  const n = index.ids.length;
  if (structure.communityAt.length !== n || structure.constraintAt.length !== n)
    throw new Error(`structure has ${structure.communityAt.length} businesses, the index ${n}`);
  return {
    ...index,
    communityAt: Int32Array.from(structure.communityAt),
    constraintAt: Float64Array.from(structure.constraintAt),
  };
}

/** The index's ties as the compact form the metrics run on (e.g. the past network's structure). */
export function indexCsr(index: PartneringIndex): Csr {
  return {
    ids: index.ids,
    index: index.position,
    offsets: index.neighbours.offsets,
    targets: index.neighbours.targets,
    weights: index.ties.weight,
  };
}

export function capabilitiesOf(index: PartneringIndex, id: string, viewer: Viewer): HeldCapability[] {
  const until = index.until;
  return index.graph
    .getNodeAttribute(id, 'capabilities')
    .filter(
      (c) => visibleTo(viewer)(c) && (until === undefined || c.since === undefined || c.since <= until),
    );
}

export function needsOf(index: PartneringIndex, id: string, viewer: Viewer): HeldNeed[] {
  return index.graph.getNodeAttribute(id, 'needs').filter(visibleTo(viewer));
}

/** Holders of a capability visible to the viewer, highest level first (the index's own list for analysts and admins: do not mutate). */
export function holdersOf(index: PartneringIndex, capability: string, viewer: Viewer): readonly Holder[] {
  const all = index.holders.get(capability) ?? [];
  return viewer === 'reader' ? all.filter(visibleTo(viewer)) : all;
}

/**
 * Whether the viewer may know that a capability exists: someone holds or seeks it where the
 * viewer can see. A reader asking about a capability that appears only in confidence is
 * answered as for a name nobody uses, so the answer does not reveal it (issue 18 item 3).
 */
export function knowsCapability(index: PartneringIndex, capability: string, viewer: Viewer): boolean {
  const seen = visibleTo(viewer);
  return (index.holders.get(capability) ?? []).some(seen) || (index.seekers.get(capability) ?? []).some(seen);
}

export function levelOf(
  index: PartneringIndex,
  id: string,
  capability: string,
  viewer: Viewer,
): number | undefined {
  return capabilitiesOf(index, id, viewer).find((c) => c.name === capability)?.level;
}

/**
 * Rarity of a capability in [0, 1]: 1 when one business holds it, falling with the number of
 * holders (an inverse document frequency, ln(n / holders) / ln(n)).
 */
export function rarity(index: PartneringIndex, capability: string, viewer: Viewer): number {
  return rarityFromCount(index, holdersOf(index, capability, viewer).length);
}

/** Rarity of a capability held by `holders` businesses (see `rarity`). */
export function rarityFromCount(index: PartneringIndex, holders: number): number {
  const n = index.ids.length;
  if (holders === 0 || n < 2) return 1;
  return Math.log(n / holders) / Math.log(n);
}

export function nameOf(index: PartneringIndex, id: string): string {
  return index.graph.getNodeAttribute(id, 'name');
}

/** Hop distances from `source`, up to `maxDepth`. */
export function distancesFrom(index: PartneringIndex, source: string, maxDepth: number): Map<string, number> {
  const dist = new Map<string, number>([[source, 0]]);
  let frontier = [source];
  for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const w of index.partners.get(v) ?? []) {
        if (!dist.has(w)) {
          dist.set(w, d);
          next.push(w);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

/** Partners two businesses have in common. */
export function commonPartners(index: PartneringIndex, a: string, b: string): string[] {
  const pa = index.partners.get(a) ?? new Set<string>();
  const pb = index.partners.get(b) ?? new Set<string>();
  const [small, large] = pa.size <= pb.size ? [pa, pb] : [pb, pa];
  return [...small].filter((z) => large.has(z)).sort();
}
