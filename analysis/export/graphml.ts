/**
 * GraphML export of the graph view (yEd, Gephi, networkx, igraph): one <key> per attribute
 * with its type, positions, size and colour as node data, weight and active years on edges.
 * A small writer with proper XML escaping; no dependency.
 *
 * Reference: GraphML primer, http://graphml.graphdrawing.org/primer/graphml-primer.html
 */
import type { ExportOptions } from './gexf.ts';
import { formatSpans, nodeColors, nodeSizes } from './gexf.ts';
import { exportAttributes, type ColumnType, type GraphView } from './graph-view.ts';
import { escapeXml, formatNumber } from './xml.ts';

export { escapeXml } from './xml.ts';

type KeyType = 'string' | 'double' | 'int' | 'boolean';

const GRAPHML_TYPE: Record<ColumnType, KeyType> = {
  string: 'string',
  integer: 'int',
  double: 'double',
  boolean: 'boolean',
};

interface Key {
  id: string;
  for: 'node' | 'edge';
  name: string;
  type: KeyType;
}

/** The view as a GraphML document (UTF-8 XML text), undirected. */
export function writeGraphml(view: GraphView, options: ExportOptions = {}): string {
  const sizes = nodeSizes(view, options);
  const colors = nodeColors(view);
  const attributes = exportAttributes(view);
  const nodeKeys: Key[] = [
    { id: 'label', for: 'node', name: 'label', type: 'string' },
    ...attributes.map((a, i): Key => ({
      id: `a${i}`,
      for: 'node',
      name: a.title,
      type: GRAPHML_TYPE[a.type],
    })),
    { id: 'x', for: 'node', name: 'x', type: 'double' },
    { id: 'y', for: 'node', name: 'y', type: 'double' },
    { id: 'size', for: 'node', name: 'size', type: 'double' },
    { id: 'color', for: 'node', name: 'color', type: 'string' },
  ];
  const edgeKeys: Key[] = [
    { id: 'weight', for: 'edge', name: 'weight', type: 'double' },
    { id: 'years', for: 'edge', name: 'years', type: 'string' },
    { id: 'kinds', for: 'edge', name: 'kinds', type: 'string' },
  ];

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const k of [...nodeKeys, ...edgeKeys]) {
    out.push(`<key id="${k.id}" for="${k.for}" attr.name="${escapeXml(k.name)}" attr.type="${k.type}"/>`);
  }
  out.push('<graph id="partner-atlas" edgedefault="undirected">');
  const data = (key: string, value: string) => `<data key="${key}">${escapeXml(value)}</data>`;
  view.nodes.forEach((n, i) => {
    const parts = [
      data('label', n.label),
      ...attributes.map((a, j) => {
        const v = a.value(n);
        return v === undefined ? '' : data(`a${j}`, typeof v === 'number' ? formatNumber(v) : v);
      }),
      data('x', formatNumber(n.x)),
      data('y', formatNumber(n.y)),
      data('size', formatNumber(sizes[i] ?? 0)),
      data('color', colors[i] ?? ''),
    ];
    out.push(`<node id="${escapeXml(n.id)}">${parts.join('')}</node>`);
  });
  for (const e of view.edges) {
    out.push(
      `<edge id="${escapeXml(e.id)}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">` +
        data('weight', formatNumber(e.weight)) +
        data('years', formatSpans(e.spans)) +
        data('kinds', e.kinds.join(';')) +
        '</edge>',
    );
  }
  out.push('</graph>', '</graphml>', '');
  return out.join('\n');
}
