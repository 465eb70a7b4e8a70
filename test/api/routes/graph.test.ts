import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeLayout } from '../../../analysis/layout/force-atlas.ts';
import { analysisOf } from '../../../api/derived.ts';
import { graphView, graphViewNow, layoutInWorker } from '../../../api/routes/graph.ts';
import { createSnapshot } from '../../../api/snapshot.ts';
import { writeBundle } from '../../../data/bundle/write-bundle.ts';
import { bundleDir, MINIMAL } from '../../helpers/bundle-dir.ts';
import { startApp } from '../../helpers/start-app.ts';

const PYTHON = '/usr/bin/python3';

describe('api › GET /api/graph', async () => {
  const app = await startApp(
    bundleDir({
      ...MINIMAL,
      'capabilities.csv':
        'business_id,capability,level,confidential\nb1,milling,4,\nb2,layup,3,\nb2,secret,5,true\n',
      'needs.csv': 'business_id,capability\nb3,layup\n',
    }),
  );

  it('refuses an unknown format with a problem+json 400 that names the field', async () => {
    const res = await fetch(`${app.url}/api/graph?format=dot`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).detail).toContain('format');
  });

  it('refuses sizing by an unknown metric', async () => {
    const res = await fetch(`${app.url}/api/graph?format=gexf&sizeBy=nope`);
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/Unknown metric "nope".*degree/);
  });

  it('returns every business with position, community, metrics and public capabilities', async () => {
    const res = await fetch(`${app.url}/api/graph`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.snapshot.id).toBe(app.store.current.id);
    expect(body.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['b1', 'b2', 'b3']);
    const b2 = body.nodes.find((n: { id: string }) => n.id === 'b2');
    expect(b2).toMatchObject({ label: 'Beta Composites', sector: 'composites', capabilities: ['layup'] });
    expect(b2.metrics.degree).toBe(2);
    expect(b2.metrics.betweenness).toBeCloseTo(1, 9);
    expect(Number.isFinite(b2.x) && Number.isFinite(b2.y)).toBe(true);
    expect(typeof b2.community).toBe('number');
    expect(body.metrics).toEqual(
      expect.arrayContaining(['degree', 'weighted_degree', 'pagerank', 'betweenness']),
    );
    expect(body.edges).toHaveLength(2);
    expect(body.years).toEqual({ min: 2019, max: 2022 });
  });

  it('gives the same positions on every request of a snapshot', async () => {
    const a = await (await fetch(`${app.url}/api/graph`)).json();
    const b = await (await fetch(`${app.url}/api/graph`)).json();
    expect(a.nodes).toEqual(b.nodes);
  });

  it('revalidates with the ETag: an unchanged graph answers 304', async () => {
    const first = await fetch(`${app.url}/api/graph`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${app.url}/api/graph`, {
      // fetch adds cache-control: no-cache to conditional requests unless one is given.
      headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  it('downloads GEXF (1.2draft by default, 1.3 on request) and GraphML as named attachments', async () => {
    const gexf = await fetch(`${app.url}/api/graph?format=gexf`);
    expect(gexf.headers.get('content-type')).toContain('application/gexf+xml');
    expect(gexf.headers.get('content-disposition')).toMatch(/attachment; filename="?partner-atlas-.*\.gexf/);
    expect(await gexf.text()).toContain('xmlns="http://www.gexf.net/1.2draft"');
    const v13 = await (await fetch(`${app.url}/api/graph?format=gexf&version=1.3`)).text();
    expect(v13).toContain('xmlns="http://gexf.net/1.3"');
    const graphml = await fetch(`${app.url}/api/graph?format=graphml&sizeBy=pagerank`);
    expect(graphml.headers.get('content-type')).toContain('application/graphml+xml');
    const text = await graphml.text();
    expect(text).toContain('<node id="b1">');
    expect(text).not.toContain('secret');
  });
});

// Issue 18 item 9: the default GEXF was 1.3, which networkx.read_gexf cannot read ("No <graph> element").
describe('api › GET /api/graph?format=gexf read by networkx', async () => {
  const app = await startApp(
    bundleDir({
      'businesses.csv':
        'id,name,sector,size,site,founded,sme,country,ec_contribution,score,degree\n' +
        'b1,"Tab\there, line\nbreak",machining,40,Unit 4,1998,true,DE,125000,0.5,x\n' +
        'b2,"Quote "" & <tag> \'s",composites,,,,false,FR,,2.25,y\n' +
        'b3,Ünïcödé ☃ 東京,,7,,2015,,JP,99,3,\n' +
        'b4,Alone,metrology,,,,true,,,,\n',
      'capabilities.csv':
        'business_id,capability,level,confidential\nb1,milling,4,\nb1,five-axis,5,\nb2,layup,3,\nb2,secret,5,true\n',
      'needs.csv': 'business_id,capability,priority\nb3,layup,4\nb3,milling,2\n',
      'collaborations.csv':
        'source,target,weight,start,end,kind\nb1,b2,2,2019,2021,joint-project\nb2,b1,1,2022-03,,supply\nb2,b3,1.5,2020-05-01,,\n',
    }),
  );
  const tmp = mkdtempSync(join(tmpdir(), 'pa-gexf-nx-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const READ = `
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
print(json.dumps({"directed": g.is_directed(),
  "nodes": {n: d for n, d in g.nodes(data=True)},
  "edges": [[u, v, d] for u, v, d in g.edges(data=True)]}))
`;

  it.skipIf(!existsSync(PYTHON))(
    'reads the default export in python3 networkx with every node and edge attribute of the JSON graph',
    async () => {
      const res = await fetch(`${app.url}/api/graph?format=gexf`);
      expect(res.status).toBe(200);
      const file = join(tmp, 'default.gexf');
      writeFileSync(file, await res.text());
      const view = (await (await fetch(`${app.url}/api/graph`)).json()) as {
        metrics: string[];
        nodes: {
          id: string;
          label: string;
          sector?: string;
          community?: number;
          x: number;
          y: number;
          capabilities: string[];
          needs: string[];
          metrics: Record<string, number>;
        }[];
        edges: {
          source: string;
          target: string;
          weight: number;
          spans: [number, number | null][];
          kinds: string[];
        }[];
      };
      const g = JSON.parse(execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8' })) as {
        directed: boolean;
        nodes: Record<string, Record<string, unknown> & { viz: { position: { x: number; y: number } } }>;
        edges: [string, string, Record<string, unknown>][];
      };
      expect(g.directed).toBe(false);
      expect(Object.keys(g.nodes).sort()).toEqual(view.nodes.map((n) => n.id).sort());
      expect(view.metrics.length).toBeGreaterThan(3);
      for (const n of view.nodes) {
        const read = g.nodes[n.id]!;
        expect(read, n.id).toMatchObject({
          label: n.label,
          sector: n.sector ?? '',
          community: n.community ?? -1,
          capabilities: n.capabilities.join(';'),
          needs: n.needs.join(';'),
        });
        for (const m of view.metrics) {
          const value = n.metrics[m];
          if (value === undefined) expect(read[m], `${n.id} ${m}`).toBeUndefined();
          else expect(read[m], `${n.id} ${m}`).toBeCloseTo(value, 9);
        }
        expect(read.viz.position.x).toBeCloseTo(n.x, 6);
        expect(read.viz.position.y).toBeCloseTo(n.y, 6);
      }
      // Names with a tab, a line break, quotes, markup and other scripts come back exactly.
      expect(g.nodes.b1?.label).toBe('Tab\there, line\nbreak');
      expect(g.nodes.b2?.label).toBe('Quote " & <tag> \'s');
      expect(g.nodes.b3?.label).toBe('Ünïcödé ☃ 東京');
      expect(g.nodes.b2?.capabilities).toBe('layup');
      expect(g.edges).toHaveLength(view.edges.length);
      for (const e of view.edges) {
        const read = g.edges.find(([u, v]) => [u, v].sort().join() === [e.source, e.target].sort().join());
        expect(read?.[2], `${e.source}-${e.target}`).toMatchObject({
          weight: e.weight,
          years: e.spans.map(([a, b]) => `${a}-${b ?? ''}`).join(';'),
          kinds: e.kinds.join(';'),
        });
      }
      expect(g.edges.find(([u, v]) => [u, v].sort().join() === 'b1,b2')?.[2]).toMatchObject({
        weight: 3,
        years: '2019-2021;2022-',
        kinds: 'joint-project;supply',
      });
    },
  );

  const READ_SPELLS = `
import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
print(json.dumps({"mode": g.graph.get("mode"),
  "nodes": {n: d.get("spells") for n, d in g.nodes(data=True)},
  "edges": {"-".join(sorted([u, v])): d.get("spells") for u, v, d in g.edges(data=True)}}))
`;

  it.skipIf(!existsSync(PYTHON))(
    'timeline=true gives Gephi a dynamic GEXF: each tie with the years it was active, each business from its first tie',
    async () => {
      const file = join(tmp, 'timeline.gexf');
      const res = await fetch(`${app.url}/api/graph?format=gexf&timeline=true`);
      expect(res.status).toBe(200);
      writeFileSync(file, await res.text());
      const view = (await (await fetch(`${app.url}/api/graph`)).json()) as {
        years: { min: number; max: number };
      };
      const last = view.years.max;
      const g = JSON.parse(execFileSync(PYTHON, ['-c', READ_SPELLS, file], { encoding: 'utf8' })) as {
        mode: string;
        nodes: Record<string, [number, number][] | null>;
        edges: Record<string, [number, number][] | null>;
      };
      expect(g.mode).toBe('dynamic');
      // 2019–2021 and 2022– (ongoing: closed at the last year of the data).
      expect(g.edges['b1-b2']).toEqual([
        [2019, 2021],
        [2022, last],
      ]);
      expect(g.edges['b2-b3']).toEqual([[2020, last]]);
      expect(g.nodes.b1).toEqual([[2019, last]]);
      expect(g.nodes.b3).toEqual([[2020, last]]);
      // No dated tie: present all along (no spell).
      expect(g.nodes.b4).toBeNull();
      const v13 = await (await fetch(`${app.url}/api/graph?format=gexf&version=1.3&timeline=true`)).text();
      expect(v13).toContain(
        'mode="dynamic" defaultedgetype="undirected" timeformat="integer" timerepresentation="interval"',
      );
      // The default stays static.
      expect(await (await fetch(`${app.url}/api/graph?format=gexf`)).text()).toContain(
        '<graph mode="static"',
      );
    },
  );

  const READ_BOTH = `
import json, sys, networkx as nx
out = {}
for fmt, path in (("gexf", sys.argv[1]), ("graphml", sys.argv[2])):
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    out[fmt] = {n: {k: [v, type(v).__name__] for k, v in d.items() if k != "viz"} for n, d in g.nodes(data=True)}
print(json.dumps(out))
`;

  it.skipIf(!existsSync(PYTHON))(
    'GEXF and GraphML carry every node field and extra column, typed: counts as int, sme as bool, numbers as float',
    async () => {
      const gexf = join(tmp, 'fields.gexf');
      const graphml = join(tmp, 'fields.graphml');
      writeFileSync(gexf, await (await fetch(`${app.url}/api/graph?format=gexf`)).text());
      writeFileSync(graphml, await (await fetch(`${app.url}/api/graph?format=graphml`)).text());
      const read = JSON.parse(
        execFileSync(PYTHON, ['-c', READ_BOTH, gexf, graphml], { encoding: 'utf8' }),
      ) as Record<'gexf' | 'graphml', Record<string, Record<string, [unknown, string]>>>;
      const view = (await (await fetch(`${app.url}/api/graph`)).json()) as {
        nodes: {
          id: string;
          employees?: number;
          site?: string;
          founded?: number;
          firstYear?: number;
          attributes?: Record<string, string>;
        }[];
      };
      expect(view.nodes.find((n) => n.id === 'b1')?.attributes).toEqual({
        sme: 'true',
        country: 'DE',
        ec_contribution: '125000',
        score: '0.5',
        degree: 'x',
      });
      for (const format of ['gexf', 'graphml'] as const) {
        const b1 = read[format].b1!;
        expect(b1.employees, format).toEqual([40, 'int']);
        expect(b1.site, format).toEqual(['Unit 4', 'str']);
        expect(b1.founded, format).toEqual([1998, 'int']);
        expect(b1.firstYear, format).toEqual([2019, 'int']);
        expect(b1.sme, format).toEqual([true, 'bool']);
        expect(read[format].b2!.sme, format).toEqual([false, 'bool']);
        expect(b1.country, format).toEqual(['DE', 'str']);
        expect(b1.ec_contribution, format).toEqual([125000, 'int']);
        expect(b1.score, format).toEqual([0.5, 'float']);
        // Counts are integers; a column named like a metric keeps its own name apart.
        expect(b1.degree, format).toEqual([1, 'int']);
        expect(b1.core?.[1], format).toBe('int');
        expect(b1.betweenness?.[1], format).toBe('float');
        expect(b1['degree (column)'], format).toEqual(['x', 'str']);
        // What a business does not have is not written (no empty or zero stand-in).
        expect(read[format].b4!.employees, format).toBeUndefined();
        expect(read[format].b4!.country, format).toBeUndefined();
        expect(read[format].b4!.firstYear, format).toBeUndefined();
        for (const n of view.nodes)
          for (const field of ['employees', 'site', 'founded', 'firstYear'] as const)
            expect(read[format][n.id]![field]?.[0], `${format} ${n.id} ${field}`).toEqual(n[field]);
      }
    },
  );
});

describe('api › GET /api/graph on a network big enough for the layout worker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-graph-big-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const n = 1_600;
  const businesses = Array.from({ length: n }, (_, i) => ({ id: `b${i}`, name: `Business ${i}` }));
  const collaborations = businesses.map((b, i) => ({
    source: b.id,
    target: `b${(i * 13 + 1) % n}`,
    weight: 1,
  }));
  await writeBundle(dir, { businesses, capabilities: [], needs: [], collaborations });
  const app = await startApp(dir);

  it('warms the layout at start but builds the map’s view only when the map is asked for', async () => {
    const s = app.store.current;
    expect(s.results.layout).toBeDefined();
    await s.results.layout;
    await analysisOf(s);
    // The report and the layout are done: a view built unasked would be under way by now.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.results.graphView).toBeUndefined();
    expect((await fetch(`${app.url}/api/graph`)).status).toBe(200);
    expect(s.results.graphView).toBeDefined();
  });

  it('lays out every business in a worker thread', async () => {
    const body = await (await fetch(`${app.url}/api/graph`)).json();
    expect(body.nodes).toHaveLength(n);
    expect(
      body.nodes.every((x: { x: number; y: number }) => Number.isFinite(x.x) && Number.isFinite(x.y)),
    ).toBe(true);
  });

  it(
    'places every business where the same seeded layout in this thread would',
    { timeout: 120_000 },
    async () => {
      const snapshot = app.store.current;
      expect(await layoutInWorker(snapshot)).toEqual(computeLayout(snapshot.graph));
    },
  );
});

describe('api › graph view while the analysis runs', () => {
  it('draws from the layout with degree only, then serves the full view', async () => {
    const businesses = Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, name: `B${i}` }));
    const collaborations = businesses.map((b, i) => ({
      source: b.id,
      target: `b${(i + 1) % 30}`,
      weight: 2,
    }));
    const s = createSnapshot({ businesses, capabilities: [], needs: [], collaborations }, 'test');
    const early = await graphViewNow(s, 0);
    expect(early.partial).toBe(true);
    expect(early.view.metrics).toEqual(['degree', 'weighted_degree']);
    expect(early.view.nodes[0]?.metrics).toEqual({ degree: 2, weighted_degree: 4 });
    await graphView(s);
    const later = await graphViewNow(s, 0);
    expect(later.partial).toBe(false);
    expect(later.view.metrics).toContain('betweenness');
    expect(later.view.nodes.map((n) => [n.x, n.y])).toEqual(early.view.nodes.map((n) => [n.x, n.y]));
  });
});
