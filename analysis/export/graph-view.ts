/**
 * The network as the front end and graph tools see it: every business with its position,
 * sector, community, public capabilities and needs and its metrics; every collaboration with
 * its weight and the years it was active. Plain data, the source of the JSON, GEXF and
 * GraphML exports of GET /api/graph.
 */
import type { NetworkGraph } from '../domain.ts';
import { yearOf } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import type { LayoutPositions } from '../layout/force-atlas.ts';
import { runToEnd } from '../steps.ts';
import { visibleTo } from '../visibility.ts';

/** Metric name → business id → value (e.g. `{ degree: { b1: 3 } }`). */
export type MetricTable = Record<string, Record<string, number>>;

export interface GraphViewNode {
  id: string;
  label: string;
  sector?: string;
  /** Employees. */
  employees?: number;
  site?: string;
  founded?: number;
  community?: number;
  x: number;
  y: number;
  /** Names of the public capabilities held. */
  capabilities: string[];
  /** Names of the public needs. */
  needs: string[];
  /** First year with a collaboration, if any is dated. */
  firstYear?: number;
  metrics: Record<string, number>;
}

/** A year interval [start, end]; end null means still active. */
export type YearSpan = [number, number | null];

export interface GraphViewEdge {
  id: string;
  source: string;
  target: string;
  weight: number;
  /** Active years of each dated event; empty when no event is dated. */
  spans: YearSpan[];
  kinds: string[];
}

export interface GraphView {
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
  /** The metric names, in a stable order (a node lacks one only where it is undefined). */
  metrics: string[];
  sectors: string[];
  communities: number;
  /** Earliest and latest year in the collaboration history, when any is dated. */
  years?: { min: number; max: number };
}

export interface GraphViewOptions {
  /** Per-node metrics. Default none. */
  metrics?: MetricTable;
  /** Business id → community index. Default none. */
  communities?: Record<string, number>;
  /** Include capabilities and needs marked confidential. Default false. */
  includeConfidential?: boolean;
}

/**
 * Build the view of `graph` laid out at `positions`. Businesses missing from `positions`
 * are an error (the layout must come from the same snapshot).
 */
export function toGraphView(
  graph: NetworkGraph,
  positions: LayoutPositions,
  options: GraphViewOptions = {},
): GraphView {
  return runToEnd(toGraphViewSteps(graph, positions, options));
}

/** `toGraphView`, pausing (yielding) every few thousand edges or businesses. */
export function* toGraphViewSteps(
  graph: NetworkGraph,
  positions: LayoutPositions,
  options: GraphViewOptions = {},
): Generator<void, GraphView, void> {
  const STEP = 2_000;
  let done = 0;
  const metricTable = options.metrics ?? {};
  const metricNames = Object.keys(metricTable);
  const visible = visibleTo(options.includeConfidential === true ? undefined : 'reader');
  const sectors = new Set<string>();
  const communities = new Set<number>();
  let minYear = Infinity;
  let maxYear = -Infinity;

  const edges: GraphViewEdge[] = [];
  const firstYear = new Map<string, number>();
  for (const { edge: id, attributes: attrs, source, target } of graph.edgeEntries()) {
    if (++done % STEP === 0) yield;
    const spans: YearSpan[] = [];
    const kinds = new Set<string>();
    for (const event of attrs.events) {
      if (event.kind) kinds.add(event.kind);
      if (!event.start) continue;
      const start = yearOf(event.start);
      const end = event.end ? yearOf(event.end) : null;
      spans.push([start, end]);
      minYear = Math.min(minYear, start);
      maxYear = Math.max(maxYear, end ?? start);
      for (const n of [source, target]) firstYear.set(n, Math.min(firstYear.get(n) ?? Infinity, start));
    }
    spans.sort((a, b) => a[0] - b[0]);
    edges.push({ id, source, target, weight: attrs.weight, spans, kinds: [...kinds].sort() });
  }

  const nodes: GraphViewNode[] = [];
  for (const { node: id, attributes: attrs } of graph.nodeEntries()) {
    if (++done % STEP === 0) yield;
    const p = positions[id];
    if (!p) throw new InvalidInputError(`analysis/export: no layout position for business "${id}".`, id);
    const metrics: Record<string, number> = {};
    for (const name of metricNames) {
      const v = metricTable[name]?.[id];
      if (v !== undefined) metrics[name] = v;
    }
    const node: GraphViewNode = {
      id,
      label: attrs.name,
      x: p.x,
      y: p.y,
      capabilities: attrs.capabilities.filter(visible).map((c) => c.name),
      needs: attrs.needs.filter(visible).map((n) => n.name),
      metrics,
    };
    if (attrs.sector !== undefined) {
      node.sector = attrs.sector;
      sectors.add(attrs.sector);
    }
    if (attrs.size !== undefined) node.employees = attrs.size;
    if (attrs.site !== undefined) node.site = attrs.site;
    if (attrs.founded !== undefined) node.founded = attrs.founded;
    const community = options.communities?.[id];
    if (community !== undefined) {
      node.community = community;
      communities.add(community);
    }
    const fy = firstYear.get(id);
    if (fy !== undefined) node.firstYear = fy;
    nodes.push(node);
  }

  const view: GraphView = {
    nodes,
    edges,
    metrics: metricNames,
    sectors: [...sectors].sort(),
    communities: communities.size,
  };
  if (Number.isFinite(minYear)) view.years = { min: minYear, max: maxYear };
  return view;
}
