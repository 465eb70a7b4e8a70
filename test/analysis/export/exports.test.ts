import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { InvalidInputError } from '../../../analysis/errors.ts';
import { spellsOf, writeGexf } from '../../../analysis/export/gexf.ts';
import { escapeXml, writeGraphml } from '../../../analysis/export/graphml.ts';
import { exportAttributes, extraColumns, toGraphView } from '../../../analysis/export/graph-view.ts';
import { computeLayout } from '../../../analysis/layout/force-atlas.ts';

const PYTHON = '/usr/bin/python3';
const tmp = mkdtempSync(join(tmpdir(), 'pa-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RECORDS: NetworkRecords = {
  businesses: [
    { id: 'b1', name: 'Alpha & Sons <Machining>', sector: 'machining', size: 12 },
    { id: 'b2', name: 'Béta "Composites" Ltd', sector: 'composites' },
    { id: 'b3', name: "Gamma's Metrology", sector: 'metrology' },
    { id: 'b4', name: 'Delta ☃ Labs' },
  ],
  capabilities: [
    { businessId: 'b1', capability: 'milling', level: 4 },
    { businessId: 'b1', capability: 'secret sauce', level: 5, confidential: true },
    { businessId: 'b2', capability: 'layup', level: 3 },
  ],
  needs: [{ businessId: 'b3', capability: 'layup', priority: 4 }],
  collaborations: [
    { source: 'b1', target: 'b2', weight: 2, start: '2019', end: '2021', kind: 'joint-project' },
    { source: 'b2', target: 'b1', weight: 1, start: '2022-03', kind: 'supply' },
    { source: 'b2', target: 'b3', weight: 1.5, start: '2020-05-01' },
  ],
};

function makeView() {
  const graph = buildGraph(RECORDS);
  return toGraphView(graph, computeLayout(graph, { iterations: 30 }), {
    metrics: { degree: { b1: 1, b2: 2, b3: 1, b4: 0 }, pagerank: { b1: 0.25, b2: 0.4, b3: 0.25, b4: 0.1 } },
    communities: { b1: 0, b2: 0, b3: 1, b4: 2 },
  });
}

/** Read a file with networkx and print what it found as JSON. */
function readWithNetworkx(
  reader: 'read_gexf' | 'read_graphml',
  file: string,
): {
  nodes: Record<string, Record<string, unknown>>;
  edges: [string, string, Record<string, unknown>][];
  directed: boolean;
} {
  const script = `
import json, sys, networkx as nx
g = nx.${reader}(sys.argv[1])
print(json.dumps({"directed": g.is_directed(),
  "nodes": {str(n): {k: (v if isinstance(v, (int, float, str)) else str(v)) for k, v in d.items()} for n, d in g.nodes(data=True)},
  "edges": [[str(u), str(v), {k: (x if isinstance(x, (int, float, str)) else str(x)) for k, x in d.items()}] for u, v, d in g.edges(data=True)]}))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }));
}

describe('export › graph view', () => {
  it('refuses a layout that misses a business', () => {
    const graph = buildGraph(RECORDS);
    expect(() => toGraphView(graph, { b1: { x: 0, y: 0 } })).toThrow(InvalidInputError);
  });

  it('keeps confidential capabilities out unless asked', () => {
    const graph = buildGraph(RECORDS);
    const positions = computeLayout(graph, { iterations: 0 });
    const open = toGraphView(graph, positions).nodes.find((n) => n.id === 'b1');
    expect(open?.capabilities).toEqual(['milling']);
    const full = toGraphView(graph, positions, { includeConfidential: true }).nodes.find(
      (n) => n.id === 'b1',
    );
    expect(full?.capabilities).toEqual(['milling', 'secret sauce']);
  });

  it('gives each collaboration its active years and the network its year range', () => {
    const view = makeView();
    const e = view.edges.find((x) => x.source === 'b1' || x.target === 'b1');
    expect(e?.spans).toEqual([
      [2019, 2021],
      [2022, null],
    ]);
    expect(e?.weight).toBe(3);
    expect(view.years).toEqual({ min: 2019, max: 2022 });
    expect(view.nodes.find((n) => n.id === 'b3')?.firstYear).toBe(2020);
    expect(view.communities).toBe(3);
    expect(view.sectors).toEqual(['composites', 'machining', 'metrology']);
  });
});

describe('export › GraphML', () => {
  it('escapes the five XML specials and drops forbidden control characters', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it.skipIf(!existsSync(PYTHON))('reads back in networkx with names, positions, metrics and weights', () => {
    const file = join(tmp, 'net.graphml');
    writeFileSync(file, writeGraphml(makeView()));
    const g = readWithNetworkx('read_graphml', file);
    expect(g.directed).toBe(false);
    expect(Object.keys(g.nodes).sort()).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(g.nodes.b1).toMatchObject({
      label: 'Alpha & Sons <Machining>',
      sector: 'machining',
      community: 0,
      degree: 1,
    });
    expect(g.nodes.b2?.label).toBe('Béta "Composites" Ltd');
    expect(g.nodes.b4?.label).toBe('Delta ☃ Labs');
    expect(typeof g.nodes.b1?.x).toBe('number');
    expect(g.nodes.b2?.pagerank).toBeCloseTo(0.4, 12);
    expect(g.edges).toHaveLength(2);
    const e12 = g.edges.find(([u, v]) => [u, v].sort().join() === 'b1,b2');
    expect(e12?.[2]).toMatchObject({ weight: 3, years: '2019-2021;2022-' });
  });
});

describe('export › GEXF', () => {
  // Issue 18 item 9: the 1.3 default was a file networkx.read_gexf cannot read.
  it('declares GEXF 1.2draft by default and 1.3 on request', () => {
    const xml = writeGexf(makeView());
    expect(xml).toContain('xmlns="http://www.gexf.net/1.2draft"');
    expect(xml).toContain('version="1.2"');
    const v13 = writeGexf(makeView(), { version: '1.3' });
    expect(v13).toContain('xmlns="http://gexf.net/1.3"');
    expect(v13).toContain('version="1.3"');
  });

  it.skipIf(!existsSync(PYTHON))(
    'the default GEXF reads back in networkx with names, positions, metrics and weights',
    () => {
      const file = join(tmp, 'net.gexf');
      writeFileSync(file, writeGexf(makeView()));
      const g = readWithNetworkx('read_gexf', file);
      expect(g.directed).toBe(false);
      expect(Object.keys(g.nodes).sort()).toEqual(['b1', 'b2', 'b3', 'b4']);
      expect(g.nodes.b1).toMatchObject({
        label: 'Alpha & Sons <Machining>',
        sector: 'machining',
        community: 0,
      });
      expect(g.nodes.b3?.label).toBe("Gamma's Metrology");
      expect(g.nodes.b4?.label).toBe('Delta ☃ Labs');
      expect(g.nodes.b2?.pagerank).toBeCloseTo(0.4, 12);
      expect(String(g.nodes.b1?.viz)).toMatch(/'position': \{'x': -?[\d.]+/);
      const e12 = g.edges.find(([u, v]) => [u, v].sort().join() === 'b1,b2');
      expect(e12?.[2]).toMatchObject({ weight: 3, years: '2019-2021;2022-' });
    },
  );

  it.skipIf(!existsSync(PYTHON))('1.3 parses in an independent XML parser with the same content', () => {
    // networkx's read_gexf does not read GEXF 1.3, so read the 1.3 file with ElementTree.
    const file = join(tmp, 'net13.gexf');
    writeFileSync(file, writeGexf(makeView(), { version: '1.3' }));
    const script = `
import json, sys, xml.etree.ElementTree as ET
ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
root = ET.parse(sys.argv[1]).getroot()
nodes = {}
for n in root.iterfind("g:graph/g:nodes/g:node", ns):
    pos = n.find("viz:position", ns)
    nodes[n.get("id")] = {"label": n.get("label"), "x": float(pos.get("x")),
      **{a.get("for"): a.get("value") for a in n.iterfind("g:attvalues/g:attvalue", ns)}}
edges = [[e.get("source"), e.get("target"), float(e.get("weight"))] for e in root.iterfind("g:graph/g:edges/g:edge", ns)]
print(json.dumps({"nodes": nodes, "edges": edges, "type": root.find("g:graph", ns).get("defaultedgetype")}))
`;
    const g = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' }));
    expect(g.type).toBe('undirected');
    expect(g.nodes.b1).toMatchObject({
      label: 'Alpha & Sons <Machining>',
      sector: 'machining',
      pagerank: '0.25',
    });
    expect(g.nodes.b2.label).toBe('Béta "Composites" Ltd');
    expect(g.edges).toContainEqual(['b1', 'b2', 3]);
  });
});

describe('export › GEXF spells', () => {
  it('closes open ends at the last year and merges overlapping spans, in order', () => {
    expect(
      spellsOf(
        [
          [2022, null],
          [2019, 2021],
          [2020, 2020],
          [2021, 2023],
        ],
        2025,
      ),
    ).toEqual([[2019, 2025]]);
    expect(
      spellsOf(
        [
          [2015, 2016],
          [2018, null],
        ],
        2020,
      ),
    ).toEqual([
      [2015, 2016],
      [2018, 2020],
    ]);
    expect(spellsOf([], 2020)).toEqual([]);
  });
});

describe('export › extra columns', () => {
  it('types a column by its written values: text keeps leading zeros and plus signs', () => {
    const node = (id: string, attributes: Record<string, string>) => ({
      id,
      label: id,
      x: 0,
      y: 0,
      capabilities: [],
      needs: [],
      metrics: {},
      attributes,
    });
    const view = {
      nodes: [
        node('a', {
          sme: 'true',
          projects: '3',
          cost: '12.5',
          postcode: '01234',
          phone: '+441142',
          city: 'Lyon',
        }),
        node('b', { sme: 'false', projects: '0', cost: '-3', postcode: '75001', phone: '+331', city: '' }),
      ],
      edges: [],
      metrics: [],
      sectors: [],
      communities: 0,
    };
    expect(extraColumns(view)).toEqual([
      { name: 'city', type: 'string' },
      { name: 'cost', type: 'double' },
      { name: 'phone', type: 'string' },
      { name: 'postcode', type: 'string' },
      { name: 'projects', type: 'integer' },
      { name: 'sme', type: 'boolean' },
    ]);
  });

  it.skipIf(!existsSync(PYTHON))(
    'renames a column called x, size or label, or one that equals another once XML drops its control characters, so networkx reads every value',
    () => {
      const node = (id: string, attributes: Record<string, string>) => ({
        id,
        label: `name ${id}`,
        x: 1.5,
        y: 2.5,
        capabilities: [],
        needs: [],
        metrics: {},
        attributes,
      });
      const view = {
        nodes: [node('a', { x: 'west', size: 'large', label: 'L', room: '1', 'room\u0001': '2' })],
        edges: [],
        metrics: [],
        sectors: [],
        communities: 0,
      };
      const titles = exportAttributes(view).map((a) => a.title);
      expect(titles).toEqual(expect.arrayContaining(['x (column)', 'size (column)', 'label (column)']));
      expect(new Set(titles).size).toBe(titles.length);
      const dir = mkdtempSync(join(tmpdir(), 'pa-graphml-'));
      const file = join(dir, 'g.graphml');
      writeFileSync(file, writeGraphml(view));
      const read = readWithNetworkx('read_graphml', file).nodes.a as Record<string, unknown>;
      expect(read).toMatchObject({
        x: 1.5,
        y: 2.5,
        label: 'name a',
        'x (column)': 'west',
        'size (column)': 'large',
        'label (column)': 'L',
      });
      expect([read.room, read['room (column)']].sort()).toEqual([1, 2]);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
