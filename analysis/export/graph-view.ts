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
import { xmlText } from './xml.ts';

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
  /** The other columns of businesses.csv (CORDIS: country, activity_type, sme…), as text. */
  attributes?: Record<string, string>;
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

/** Metrics whose values are whole numbers (counts), typed as integers in GEXF and GraphML. */
export const INTEGER_METRICS: ReadonlySet<string> = new Set(['degree', 'core', 'reach_2']);

export type ColumnType = 'boolean' | 'integer' | 'double' | 'string';

/** A typed node attribute of the XML exports and how to read it (undefined: not written). */
export interface ExportAttribute {
  title: string;
  type: ColumnType;
  value: (n: GraphViewNode) => string | number | undefined;
}

/** The node attributes both XML exports write besides the view's metrics and extra columns. */
export const NODE_FIELDS: readonly ExportAttribute[] = [
  { title: 'sector', type: 'string', value: (n) => n.sector ?? '' },
  { title: 'community', type: 'integer', value: (n) => n.community ?? -1 },
  { title: 'capabilities', type: 'string', value: (n) => n.capabilities.join(';') },
  { title: 'needs', type: 'string', value: (n) => n.needs.join(';') },
  { title: 'employees', type: 'integer', value: (n) => n.employees },
  { title: 'site', type: 'string', value: (n) => n.site },
  { title: 'founded', type: 'integer', value: (n) => n.founded },
  { title: 'firstYear', type: 'integer', value: (n) => n.firstYear },
];

/**
 * Names the XML exports write for themselves: the label, and GraphML's position, size and colour
 * keys (a column called `x` beside them would leave networkx and Gephi with one of the two).
 */
const RESERVED_TITLES = ['label', 'x', 'y', 'size', 'color'];

/**
 * Every typed node attribute of an XML export, in order: the fields, the metrics, then the
 * extra columns (named `NAME (column)` where a field, a metric, `label`, `x`, `y`, `size` or `color`
 * has the name, compared without the characters XML forbids). Titles
 * are unique, so they serve as GEXF attribute ids too.
 */
export function exportAttributes(view: GraphView): ExportAttribute[] {
  const taken = new Set([...RESERVED_TITLES, ...NODE_FIELDS.map((f) => f.title), ...view.metrics]);
  const unique = (raw: string) => {
    // Compared as written: the XML writers drop the characters XML 1.0 forbids, so `a\u0001`
    // and `a` would otherwise become two attributes with one name.
    const name = xmlText(raw);
    let title = taken.has(name) || name === '' ? `${name} (column)` : name;
    for (let k = 2; taken.has(title); k++) title = `${name} (column ${k})`;
    taken.add(title);
    return title;
  };
  return [
    ...NODE_FIELDS,
    ...view.metrics.map((m) => ({
      title: m,
      type: (INTEGER_METRICS.has(m) ? 'integer' : 'double') as ColumnType,
      value: (n: GraphViewNode) => n.metrics[m],
    })),
    ...extraColumns(view).map(({ name, type }) => ({
      title: unique(name),
      type,
      value: (n: GraphViewNode) => {
        const v = n.attributes?.[name];
        return v === undefined || v === '' ? undefined : v;
      },
    })),
  ];
}

/**
 * The extra business columns of a view with the type their values share, for typed export
 * attributes (Gephi filters a boolean or a number column as such): `true`/`false` only →
 * boolean, whole numbers → integer, numbers → double, else string. Written numbers only: a
 * leading zero or plus sign (a postcode `01234`, a phone `+44…`) keeps the column text, so the
 * value a spreadsheet or Gephi shows is the one in the data. Sorted by name.
 */
export function extraColumns(view: GraphView): { name: string; type: ColumnType }[] {
  const values = new Map<string, string[]>();
  for (const n of view.nodes)
    for (const [k, v] of Object.entries(n.attributes ?? {})) {
      let list = values.get(k);
      if (!list) values.set(k, (list = []));
      if (v !== '') list.push(v);
    }
  const INTEGER = /^-?(0|[1-9]\d{0,8})$/;
  const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d+)?([eE][-+]?\d+)?$/;
  return [...values.keys()].sort().map((name) => {
    const vs = values.get(name) ?? [];
    const type: ColumnType =
      vs.length === 0
        ? 'string'
        : vs.every((v) => v === 'true' || v === 'false')
          ? 'boolean'
          : vs.every((v) => INTEGER.test(v))
            ? 'integer'
            : vs.every((v) => NUMBER.test(v) && Number.isFinite(Number(v)))
              ? 'double'
              : 'string';
    return { name, type };
  });
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
    if (attrs.attributes !== undefined && Object.keys(attrs.attributes).length > 0)
      node.attributes = { ...attrs.attributes };
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
