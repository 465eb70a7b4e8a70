/**
 * The display model: a graphology graph built once from GET /api/graph (positions, labels,
 * attributes as the API gave them) plus lookups the panels and reducers need: colours per
 * colouring mode, sizes per metric, capability index, neighbourhoods. Derived once per
 * load; the display state never writes to it.
 */
import Graph from 'graphology';
import type { GraphEdge, GraphNode, GraphPayload } from '../api-client.ts';
import type { ColorBy } from '../state.ts';
import { categoryColor } from './palette.ts';

export interface NodeAttrs {
  x: number;
  y: number;
  label: string;
  size: number;
  color: string;
  data: GraphNode;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  data: GraphEdge;
}

export type DisplayGraph = Graph<NodeAttrs, EdgeAttrs>;

export interface Category {
  key: string;
  label: string;
  color: string;
  count: number;
  /** Value of the filter this category sets (sector name or community index). */
  value: string | number | null;
}

export interface MapModel {
  payload: GraphPayload;
  graph: DisplayGraph;
  /** Node colours by mode. */
  colors: Record<ColorBy, Map<string, string>>;
  legends: Record<ColorBy, Category[]>;
  /** Node size per metric, memoised on first use. */
  sizesFor(metric: string): Map<string, number>;
  capabilities: { name: string; holders: number; seekers: number }[];
  maxDegree: number;
}

/** Communities past this many get the "other" grey (the palette has 15 distinct hues). */
const MAX_COLORED = 15;

function nodeSizeRange(order: number): [number, number] {
  if (order > 20_000) return [1.5, 10];
  if (order > 3_000) return [2, 14];
  return [3, 15];
}

const labelCache = new WeakMap<GraphPayload['nodes'], Map<number, string>>();

/**
 * A community named by what its members share: its most common capability (held by at least
 * 30% of members) and sector (at least 40%), then its number as the API, CSV and exports give
 * it, e.g. "ECSEL-2017-1-IA · company (#3)". One numbering everywhere: the data's.
 */
export function communityLabel(community: number, nodes: GraphPayload['nodes']): string {
  let labels = labelCache.get(nodes);
  if (!labels) {
    labels = new Map();
    const members = new Map<number, GraphPayload['nodes']>();
    for (const n of nodes) {
      if (n.community === undefined) continue;
      const list = members.get(n.community) ?? [];
      list.push(n);
      members.set(n.community, list);
    }
    const top = (counts: Map<string, number>) =>
      [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    for (const [c, list] of members) {
      const sectors = new Map<string, number>();
      const caps = new Map<string, number>();
      for (const n of list) {
        if (n.sector !== undefined) sectors.set(n.sector, (sectors.get(n.sector) ?? 0) + 1);
        for (const cap of n.capabilities) caps.set(cap, (caps.get(cap) ?? 0) + 1);
      }
      const parts: string[] = [];
      const cap = top(caps);
      const sector = top(sectors);
      if (list.length >= 3 && cap && cap[1] / list.length >= 0.3) parts.push(cap[0]);
      if (list.length >= 3 && sector && sector[1] / list.length >= 0.4) parts.push(sector[0]);
      labels.set(c, parts.length ? `${parts.join(' · ')} (#${c})` : `Community #${c}`);
    }
    labelCache.set(nodes, labels);
  }
  return labels.get(community) ?? `Community #${community}`;
}

/** Build the display model from the API payload. */
export function buildModel(payload: GraphPayload): MapModel {
  const graph: DisplayGraph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: true });
  const [minSize, maxSize] = nodeSizeRange(payload.nodes.length);
  for (const n of payload.nodes) {
    graph.addNode(n.id, { x: n.x, y: n.y, label: n.label, size: minSize, color: '#999', data: n });
  }
  let maxWeight = 1;
  for (const e of payload.edges) maxWeight = Math.max(maxWeight, e.weight);
  const edgeScale = payload.edges.length > 20_000 ? 0.6 : 1;
  for (const e of payload.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    graph.mergeEdgeWithKey(e.id, e.source, e.target, {
      size: edgeScale * (0.6 + (2.4 * Math.log1p(e.weight)) / Math.log1p(maxWeight)),
      color: '#ccc',
      data: e,
    });
  }

  // Sectors by frequency so the most common get the most distinct colours.
  const sectorCounts = new Map<string, number>();
  const communityCounts = new Map<number, number>();
  for (const n of payload.nodes) {
    if (n.sector !== undefined) sectorCounts.set(n.sector, (sectorCounts.get(n.sector) ?? 0) + 1);
    if (n.community !== undefined)
      communityCounts.set(n.community, (communityCounts.get(n.community) ?? 0) + 1);
  }
  const sectors = [...sectorCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const sectorIndex = new Map(sectors.map(([s], i) => [s, i]));
  const communities = [...communityCounts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const communityIndex = new Map(communities.map(([c], i) => [c, i]));
  const colors: Record<ColorBy, Map<string, string>> = { community: new Map(), sector: new Map() };
  for (const n of payload.nodes) {
    const ci = n.community !== undefined ? communityIndex.get(n.community) : undefined;
    colors.community.set(n.id, categoryColor(ci !== undefined && ci < MAX_COLORED ? ci : undefined));
    const si = n.sector !== undefined ? sectorIndex.get(n.sector) : undefined;
    colors.sector.set(n.id, categoryColor(si !== undefined && si < MAX_COLORED ? si : undefined));
  }
  const legendOf = <T extends string | number>(
    entries: [T, number][],
    label: (k: T) => string,
  ): Category[] => {
    const shown = entries.slice(0, MAX_COLORED).map(([k, count], i) => ({
      key: String(k),
      label: label(k),
      color: categoryColor(i),
      count,
      value: k as string | number,
    }));
    const rest = entries.slice(MAX_COLORED).reduce((s, [, c]) => s + c, 0);
    if (rest > 0)
      shown.push({
        key: 'other',
        label: 'Other',
        color: categoryColor(undefined),
        count: rest,
        value: null as never,
      });
    return shown;
  };
  const legends: Record<ColorBy, Category[]> = {
    community: legendOf(communities, (c) => communityLabel(c, payload.nodes)),
    sector: legendOf(sectors, (s) => s),
  };

  const sizeCache = new Map<string, Map<string, number>>();
  const sizesFor = (metric: string): Map<string, number> => {
    let sizes = sizeCache.get(metric);
    if (sizes) return sizes;
    sizes = new Map();
    let max = 0;
    for (const n of payload.nodes) max = Math.max(max, n.metrics[metric] ?? 0);
    for (const n of payload.nodes) {
      const v = Math.max(0, n.metrics[metric] ?? 0);
      // Area proportional to the value: radius ∝ √value.
      sizes.set(n.id, max > 0 ? minSize + (maxSize - minSize) * Math.sqrt(v / max) : minSize);
    }
    sizeCache.set(metric, sizes);
    return sizes;
  };

  const caps = new Map<string, { name: string; holders: number; seekers: number }>();
  for (const n of payload.nodes) {
    for (const c of n.capabilities) {
      const e = caps.get(c) ?? { name: c, holders: 0, seekers: 0 };
      e.holders += 1;
      caps.set(c, e);
    }
    for (const c of n.needs) {
      const e = caps.get(c) ?? { name: c, holders: 0, seekers: 0 };
      e.seekers += 1;
      caps.set(c, e);
    }
  }
  let maxDegree = 0;
  graph.forEachNode((id) => {
    maxDegree = Math.max(maxDegree, graph.degree(id));
  });

  return {
    payload,
    graph,
    colors,
    legends,
    sizesFor,
    capabilities: [...caps.values()].sort((a, b) => a.name.localeCompare(b.name)),
    maxDegree,
  };
}

/** Businesses within `depth` steps of `center` (breadth-first), the center included. */
export function neighbourhood(graph: DisplayGraph, center: string, depth: number): Set<string> {
  const seen = new Set([center]);
  let frontier = [center];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const n of frontier) {
      graph.forEachNeighbor(n, (m) => {
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      });
    }
    frontier = next;
  }
  return seen;
}

/** A shortest path from `a` to `b` (breadth-first), as node ids, or null if none. */
export function shortestPath(graph: DisplayGraph, a: string, b: string): string[] | null {
  if (!graph.hasNode(a) || !graph.hasNode(b)) return null;
  const parent = new Map<string, string | null>([[a, null]]);
  const queue = [a];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as string;
    if (n === b) break;
    graph.forEachNeighbor(n, (m) => {
      if (!parent.has(m)) {
        parent.set(m, n);
        queue.push(m);
      }
    });
  }
  if (!parent.has(b)) return null;
  const path: string[] = [];
  for (let n: string | null = b; n !== null; n = parent.get(n) ?? null) path.unshift(n);
  return path;
}

/** Edge ids along a path of node ids. */
export function pathEdges(graph: DisplayGraph, path: string[]): string[] {
  const edges: string[] = [];
  for (let i = 1; i < path.length; i++) {
    const e = graph.edge(path[i - 1] as string, path[i] as string);
    if (e !== undefined) edges.push(e);
  }
  return edges;
}
