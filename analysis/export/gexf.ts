/**
 * GEXF export of the graph view, for Gephi: positions, sizes and colours as viz: elements;
 * sector, community, capabilities, needs and metrics as typed attributes; collaboration
 * weights, active years and kinds on edges. GEXF 1.2draft by default: Gephi reads it, and so
 * does networkx (`read_gexf` knows only the 1.1draft and 1.2draft namespaces and finds "no
 * <graph> element" in a 1.3 file, networkx 3.6 included); 1.3 on request. A small writer with
 * proper XML escaping (graphology-gexf's 1.2 output has a malformed viz namespace).
 *
 * Reference: GEXF 1.2draft and 1.3 specifications and primer, https://gexf.net/
 */
import { exportAttributes, type GraphView } from './graph-view.ts';
import { categoryColor } from './palette.ts';
import { escapeXml, formatNumber } from './xml.ts';

export type GexfVersion = '1.3' | '1.2draft';

export interface ExportOptions {
  /** Metric that sizes nodes, when present in the view. Default `degree`. */
  sizeBy?: string;
  /** Smallest and largest node size. Default [4, 24]. */
  sizeRange?: [number, number];
}

export interface GexfOptions extends ExportOptions {
  /** Default `1.2draft` (networkx and Gephi read it); `1.3` on request. */
  version?: GexfVersion;
  /**
   * A dynamic graph for Gephi's timeline: each collaboration with the spells (year intervals)
   * it was active, each business from its first dated tie. Default false (static).
   */
  timeline?: boolean;
}

/**
 * Year intervals of an edge for GEXF spells: its spans with an open end closed at `lastYear`
 * (a spell needs both ends to be read back), overlapping ones merged, in order.
 */
export function spellsOf(spans: GraphView['edges'][number]['spans'], lastYear: number): [number, number][] {
  const closed = spans
    .map(([s, e]): [number, number] => [s, Math.max(s, e ?? lastYear)])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of closed) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

export const EXPORT_DEFAULTS = {
  sizeBy: 'degree',
  sizeRange: [4, 24] as [number, number],
  version: '1.2draft' as GexfVersion,
} as const;

const NAMESPACES: Record<GexfVersion, { gexf: string; viz: string; schema?: string }> = {
  '1.3': {
    gexf: 'http://gexf.net/1.3',
    viz: 'http://gexf.net/1.3/viz',
    schema: 'http://gexf.net/1.3/gexf.xsd',
  },
  '1.2draft': { gexf: 'http://www.gexf.net/1.2draft', viz: 'http://www.gexf.net/1.2draft/viz' },
};

/** Node sizes scaled by the square root of `metric`, so area follows the value. */
export function nodeSizes(view: GraphView, options: ExportOptions = {}): number[] {
  const metric = options.sizeBy ?? EXPORT_DEFAULTS.sizeBy;
  const [lo, hi] = options.sizeRange ?? EXPORT_DEFAULTS.sizeRange;
  const values = view.nodes.map((n) => Math.sqrt(Math.max(0, n.metrics[metric] ?? 0)));
  const max = values.reduce((m, v) => Math.max(m, v), 0);
  return values.map((v) => Math.round((max > 0 ? lo + ((hi - lo) * v) / max : lo) * 100) / 100);
}

/** Colour of a node: by community when known, else by sector. */
export function nodeColors(view: GraphView): string[] {
  const sectorIndex = new Map(view.sectors.map((s, i) => [s, i]));
  return view.nodes.map((n) =>
    categoryColor(n.community ?? (n.sector !== undefined ? sectorIndex.get(n.sector) : undefined)),
  );
}

/** Active years of an edge as text, e.g. `2019-2021;2022-`. */
export function formatSpans(spans: GraphView['edges'][number]['spans']): string {
  return spans.map(([s, e]) => `${s}-${e ?? ''}`).join(';');
}

function rgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** The view as a GEXF document (UTF-8 XML text), undirected. */
export function writeGexf(view: GraphView, options: GexfOptions = {}): string {
  const version = options.version ?? EXPORT_DEFAULTS.version;
  const ns = NAMESPACES[version];
  const sizes = nodeSizes(view, options);
  const colors = nodeColors(view);
  const nodeAttributes = exportAttributes(view);
  // Without a dated tie there is no timeline to draw: the graph stays static.
  const dynamic = options.timeline === true && view.years !== undefined;
  const lastYear = view.years?.max ?? 0;
  const spells = (list: [number, number][]) =>
    dynamic && list.length > 0
      ? `<spells>${list.map(([s, e]) => `<spell start="${s}" end="${e}"/>`).join('')}</spells>`
      : '';
  const edgeAttributes: [string, string][] = [
    ['years', 'string'],
    ['kinds', 'string'],
  ];
  const attr = (k: string, v: string) => ` ${k}="${escapeXml(v)}"`;

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<gexf xmlns="${ns.gexf}" xmlns:viz="${ns.viz}" version="${version === '1.3' ? '1.3' : '1.2'}"` +
      (ns.schema
        ? ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ns.gexf} ${ns.schema}"`
        : '') +
      '>',
    '<meta><creator>Partner Atlas</creator><description>Partner network with ForceAtlas2 layout and metrics</description></meta>',
    dynamic
      ? `<graph mode="dynamic" defaultedgetype="undirected" timeformat="integer"${version === '1.3' ? ' timerepresentation="interval"' : ''}>`
      : '<graph mode="static" defaultedgetype="undirected">',
    '<attributes class="node">',
    ...nodeAttributes.map(
      (a) => `<attribute id="${escapeXml(a.title)}" title="${escapeXml(a.title)}" type="${a.type}"/>`,
    ),
    '</attributes>',
    '<attributes class="edge">',
    ...edgeAttributes.map(([id, type]) => `<attribute id="${id}" title="${id}" type="${type}"/>`),
    '</attributes>',
    '<nodes>',
  );
  view.nodes.forEach((n, i) => {
    const values = nodeAttributes.flatMap((a): [string, string][] => {
      const v = a.value(n);
      return v === undefined ? [] : [[a.title, typeof v === 'number' ? formatNumber(v) : v]];
    });
    const [r, g, b] = rgb(colors[i] ?? '#9aa3ad');
    out.push(
      `<node${attr('id', n.id)}${attr('label', n.label)}><attvalues>` +
        values.map(([k, v]) => `<attvalue${attr('for', k)}${attr('value', v)}/>`).join('') +
        '</attvalues>' +
        spells(n.firstYear !== undefined ? [[n.firstYear, lastYear]] : []) +
        `<viz:color r="${r}" g="${g}" b="${b}"/>` +
        `<viz:size value="${formatNumber(sizes[i] ?? 1)}"/>` +
        `<viz:position x="${formatNumber(n.x)}" y="${formatNumber(n.y)}" z="0"/>` +
        '</node>',
    );
  });
  out.push('</nodes>', '<edges>');
  for (const e of view.edges) {
    out.push(
      `<edge${attr('id', e.id)}${attr('source', e.source)}${attr('target', e.target)} weight="${formatNumber(e.weight)}"><attvalues>` +
        `<attvalue for="years"${attr('value', formatSpans(e.spans))}/>` +
        `<attvalue for="kinds"${attr('value', e.kinds.join(';'))}/>` +
        '</attvalues>' +
        spells(spellsOf(e.spans, lastYear)) +
        '</edge>',
    );
  }
  out.push('</edges>', '</graph>', '</gexf>', '');
  return out.join('\n');
}
