/**
 * The ecosystem map in real Chromium (software WebGL): it loads the sample network, draws
 * nodes, search focuses a business, the panel shows suggestions, the consortium builder
 * highlights a team, the CSV downloads, a shared link restores the view, errors are
 * messages, and the console stays clean. Screenshots go to test-output/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import { startApp, type RunningApp } from '../helpers/start-app.ts';
import { cordisDataset } from '../../bench/browser.ts';
import { chromiumMissing, launchChromium } from './browser.ts';
import { fixtureNetwork } from './fixture-network.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const DOCS = join(ROOT, 'docs');
const SAMPLE = join(ROOT, 'data', 'sample');
const missing = chromiumMissing();
/** docs/ screenshots are refreshed on request only, so a test run leaves the tree clean. */
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Save `docs/<name>` when UPDATE_SCREENSHOTS=1 (else only under test-output/). */
async function docShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(UPDATE_SCREENSHOTS ? DOCS : SHOTS, name) });
}

/** Phones: open the controls' bottom sheet (a no-op where the sidebar is always shown). */
async function openControls(page: Page): Promise<void> {
  if (!(await page.isVisible('#sidebar-open'))) return;
  if ((await page.getAttribute('#sidebar', 'data-open')) === 'true') return;
  await page.click('#sidebar-open');
  await page.waitForFunction(
    () => (document.getElementById('sidebar')?.getBoundingClientRect().top ?? 1e9) < innerHeight,
  );
  await page.waitForTimeout(250);
}

/** The box of `selector` lies inside the viewport's width. */
async function insideWidth(page: Page, selector: string, width: number): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  return box !== null && box.x >= -0.5 && box.x + box.width <= width + 0.5;
}

/** The sample bundle when present, else the seeded fixture network written to a temp folder. */
async function dataDir(): Promise<string> {
  if (existsSync(join(SAMPLE, 'businesses.csv'))) return SAMPLE;
  const dir = mkdtempSync(join(tmpdir(), 'pa-viz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  await writeBundle(dir, fixtureNetwork(150));
  return dir;
}

/**
 * Pixels of a PNG, decoded in a blank page, within the rows [top, bottom) (all by default), that
 * are `ink` (differ from `background`) or `coloured` (saturated: community discs and ties; labels,
 * text and buttons are grey).
 */
async function countPixels(
  page: Page,
  png: Buffer,
  kind: { ink: [number, number, number] } | { coloured: true },
  rows: { top: number; bottom: number } = { top: 0, bottom: Infinity },
): Promise<number> {
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(
      async ({ data, bg, top, bottom }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        if (!ctx) return -1;
        ctx.drawImage(img, 0, 0);
        const y0 = Math.max(0, Math.floor(top));
        const y1 = Math.min(img.height, bottom === null ? img.height : Math.floor(bottom));
        const px = ctx.getImageData(0, y0, img.width, Math.max(1, y1 - y0)).data;
        let count = 0;
        for (let i = 0; i < px.length; i += 4) {
          const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
          const hit = bg
            ? Math.abs(r - bg[0]) + Math.abs(g - bg[1]) + Math.abs(b - bg[2]) > 40
            : Math.max(r, g, b) - Math.min(r, g, b) > 60;
          if (hit) count++;
        }
        return count;
      },
      {
        data: png.toString('base64'),
        bg: 'ink' in kind ? kind.ink : null,
        top: rows.top,
        // Infinity does not cross into the page; null stands for "to the last row".
        bottom: Number.isFinite(rows.bottom) ? rows.bottom : null,
      },
    );
  } finally {
    await blank.close();
  }
}

/** Nodes and edges of a GEXF or GraphML file as networkx (the reference reader) reads it. */
function readWithNetworkx(file: string, format: 'gexf' | 'graphml'): { nodes: number; edges: number } {
  const script = `import json, sys, networkx as nx
g = nx.read_${format}(sys.argv[1])
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}))`;
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as {
    nodes: number;
    edges: number;
  };
}

/** Open the Data menu and download the network in `format`; the saved file's path. */
async function downloadNetwork(page: Page, format: 'json' | 'gexf' | 'graphml'): Promise<string> {
  await page.click('#export-menu summary');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`#export-menu button[data-format="${format}"]:not([data-timeline])`),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
  return download.path();
}

if (missing) {
  describe('viz › map in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  describe('viz › map in Chromium', async () => {
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];

    const dir = await dataDir();
    const app: RunningApp = await startApp(dir);
    // Endpoints of the API that the panels use; tests of features whose endpoint the server
    // does not have yet are skipped with that reason.
    // Wait for the full view (a busy machine may still be analysing: the API then answers partial).
    type Graph = { partial?: boolean; nodes: { id: string; label: string; capabilities: string[] }[] };
    let first = (await (await fetch(`${app.url}/api/graph`)).json()) as Graph;
    for (let i = 0; first.partial && i < 60; i++) {
      await new Promise((r) => setTimeout(r, 2_000));
      first = (await (await fetch(`${app.url}/api/graph`)).json()) as Graph;
    }
    // The converted CORDIS network, when ../shared/data has it (read in place, converted to a temp folder).
    const cordis = cordisDataset()?.path ?? null;
    const probeId = first.nodes[0]?.id ?? 'none';
    const hasSuggestions = (await fetch(`${app.url}/api/businesses/${probeId}/suggestions`)).ok;
    const hasConsortia =
      (
        await fetch(`${app.url}/api/consortia`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ capabilities: first.nodes.flatMap((n) => n.capabilities).slice(0, 1) }),
        })
      ).status !== 404;

    beforeAll(async () => {
      await build({ configFile: join(ROOT, 'viz', 'vite.config.ts'), logLevel: 'warn' });
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchChromium();
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        acceptDownloads: true,
      });
      page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // A 404 from an endpoint the server does not offer yet is shown in the panel as a message.
        if (/Failed to load resource: .* 404/.test(m.text()) && (!hasSuggestions || !hasConsortia)) return;
        consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(app.url);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 120_000 });
      // Generous: building the page and a first analysis on a shared, busy machine.
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('loads the network and says how big it is', async () => {
      await expect(page.title()).resolves.toContain('Partner Atlas');
      const summary = await page.textContent('#network-summary');
      expect(summary).toContain(`${first.nodes.length.toLocaleString('en')} businesses`);
      expect(await page.isHidden('#status')).toBe(true);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, 'map.png') });
    });

    it('draws the nodes on the WebGL canvas (the map is not blank)', async () => {
      const png = await page.locator('#map').screenshot();
      const ink = await countPixels(page, png, { ink: [0xfb, 0xfc, 0xfd] });
      const box = await page.locator('#map').boundingBox();
      const area = (box?.width ?? 0) * (box?.height ?? 0);
      // Nodes and edges cover a visible share of the stage, not a stray pixel or two.
      expect(ink).toBeGreaterThan(area * 0.01);
    });

    it('search focuses a business: panel, selection and URL', async () => {
      const target = first.nodes[Math.min(5, first.nodes.length - 1)]!;
      await page.click('#search-input');
      await page.keyboard.type(target.label.slice(0, Math.max(4, target.label.length - 2)));
      await page.waitForSelector('#search-results li[role="option"]');
      const options = await page.locator('#search-results li[role="option"]').allTextContents();
      expect(options.some((o) => o.startsWith(target.label))).toBe(true);
      const index = options.findIndex((o) => o.startsWith(target.label));
      for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#panel:not([hidden])');
      await expect(page.textContent('#panel-title')).resolves.toBe(target.label);
      expect(await page.evaluate(() => window.partnerAtlas?.store.get().selected)).toBe(target.id);
      await page.waitForTimeout(800);
      expect(page.url()).toContain(`b=${encodeURIComponent(target.id)}`);
      await page.screenshot({ path: join(SHOTS, 'business-panel.png') });
    });

    it.skipIf(!hasSuggestions)(
      'the panel lists suggested partners; clicking one highlights its path',
      async () => {
        await page.waitForSelector('#suggestions .suggestion', { timeout: 15_000 });
        expect(await page.locator('#suggestions .suggestion').count()).toBeGreaterThan(0);
        await page.locator('#suggestions .suggestion').first().click();
        await page.waitForSelector('#highlight-banner:not([hidden])');
        await expect(page.textContent('#highlight-text')).resolves.toContain('Suggested partner');
        const highlighted = await page.evaluate(
          () => window.partnerAtlas?.store.get().highlight?.nodes.size ?? 0,
        );
        expect(highlighted).toBeGreaterThanOrEqual(2);
        await page.screenshot({ path: join(SHOTS, 'suggestion-path.png') });
        await page.click('#highlight-clear');
      },
    );

    it('the ego view keeps only the business and its partners', async () => {
      await page.selectOption('#ego-depth', '1');
      const counts = await page.evaluate(() => {
        const pa = window.partnerAtlas!;
        const selected = pa.store.get().selected!;
        let shown = 0;
        pa.model.graph.forEachNode((n) => {
          if (!pa.map.sigma.getNodeDisplayData(n)?.hidden) shown++;
        });
        return { shown, expected: pa.model.graph.degree(selected) + 1 };
      });
      expect(counts.shown).toBe(counts.expected);
      await page.selectOption('#ego-depth', '0');
    });

    it('a shared link restores selection, colouring and sizing', async () => {
      const target = first.nodes[2]!;
      const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await other.goto(`${app.url}/#b=${encodeURIComponent(target.id)}&color=sector&size=pagerank`);
      await other.waitForSelector('body[data-state="ready"]');
      await other.waitForSelector('#panel:not([hidden])');
      await expect(other.textContent('#panel-title')).resolves.toBe(target.label);
      expect(await other.isChecked('input[name="colorBy"][value="sector"]')).toBe(true);
      expect(await other.inputValue('#size-by')).toBe('pagerank');
      await other.close();
    });

    it('filters by year range, and the legend follows the colouring', async () => {
      await page.keyboard.press('Escape');
      const years = await page.evaluate(() => window.partnerAtlas?.model.payload.years ?? null);
      if (years) {
        await page.evaluate(
          (y) => window.partnerAtlas?.store.setFilters({ years: [y.min, y.min + 2] }),
          years,
        );
        const hidden = await page.evaluate(() => {
          const pa = window.partnerAtlas!;
          let h = 0;
          pa.model.graph.forEachEdge((e) => {
            if (pa.map.sigma.getEdgeDisplayData(e)?.hidden) h++;
          });
          return h;
        });
        expect(hidden).toBeGreaterThan(0);
        await page.screenshot({ path: join(SHOTS, 'time-range.png') });
        await page.click('#reset-filters');
      }
      await page.click('label:has(input[value="sector"])');
      await expect(page.locator('#legend .legend-item').first().textContent()).resolves.not.toContain(
        'Community',
      );
      await page.click('label:has(input[value="community"])');
    });

    it.skipIf(!hasConsortia)('the consortium builder highlights a proposed team', async () => {
      const boxes = page.locator('#consortium-capabilities input[type="checkbox"]');
      expect(await boxes.count()).toBeGreaterThan(1);
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.click('#consortium-build');
      await page.waitForSelector('#consortium-results .team', { timeout: 20_000 });
      await page.waitForSelector('#highlight-banner:not([hidden])');
      const size = await page.evaluate(() => window.partnerAtlas?.store.get().highlight?.nodes.size ?? 0);
      expect(size).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'consortium.png') });
      await page.click('#highlight-clear');
    });

    it('the centrality table sorts and its CSV downloads', async () => {
      await page.click('.view-tab[data-view="table"]');
      await page.waitForSelector('#table-view table.data tbody tr');
      const rows = await page.locator('#table-view tbody tr').count();
      expect(rows).toBe(Math.min(500, first.nodes.length));
      await page.screenshot({ path: join(SHOTS, 'centrality-table.png') });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-download')]);
      const file = await download.path();
      const text = readFileSync(file, 'utf8');
      // A byte-order mark first, so a spreadsheet reads the names as UTF-8.
      expect(text.startsWith('\ufeffid,')).toBe(true);
      const csv = text.slice(1).trim().split(/\r?\n/);
      expect(csv[0]).toMatch(/name/i);
      expect(csv.length - 1).toBe(first.nodes.length);
    });

    it('the capability-gap view lists needs nobody meets', async () => {
      await page.click('.view-tab[data-view="gaps"]');
      await page.waitForSelector('#gaps-view h2');
      await expect(page.textContent('#gaps-view')).resolves.toMatch(/need.* nobody in this network meets/);
      await page.screenshot({ path: join(SHOTS, 'gaps.png') });
      await page.click('.view-tab[data-view="map"]');
    });

    it('exports the view as SVG', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
      const svg = readFileSync(await download.path(), 'utf8');
      expect(svg).toMatch(/^<svg /);
      expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThan(10);
      // Title, legend and the data's credit line travel with the picture.
      expect(svg).toContain('Partner Atlas: ');
      expect(svg).toMatch(/<g class="frame">[\s\S]*Partner Atlas<\/text>/);
      // The names are the map's own: same texts (shortened the same way), same places.
      const drawn = await page.evaluate(() =>
        window.partnerAtlas!.map.labels().map((l) => ({ text: l.text, x: l.x, y: l.y })),
      );
      const written = [
        ...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"[^>]*stroke-width="4"[^>]*>([^<]*)<\/text>/g),
      ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
      expect(drawn.length).toBeGreaterThan(0);
      expect(written.length).toBe(drawn.length);
      for (const [i, w] of written.entries()) {
        expect(w.x).toBeCloseTo(drawn[i]!.x, 0);
        expect(w.y).toBeCloseTo(drawn[i]!.y, 0);
      }
      // Every colour of the map has its legend row (16 at most, then "+ N more").
      const legend = await page.evaluate(() => {
        const pa = window.partnerAtlas!;
        return pa.model.legends[pa.store.get().colorBy].length;
      });
      const rows = (svg.match(/<text x="32" /g) ?? []).length;
      expect(rows).toBe(Math.min(legend, 16));
      if (legend > 16) expect(svg).toContain(`+ ${legend - 15} more`);
    });

    it('exports the view as PNG through sigma', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
      const png = readFileSync(await download.path());
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(await countPixels(page, png, { ink: [255, 255, 255] })).toBeGreaterThan(1_000);
    });

    it('downloads the whole network as JSON, GEXF and GraphML that networkx reads back', async () => {
      const json = JSON.parse(readFileSync(await downloadNetwork(page, 'json'), 'utf8')) as {
        nodes: unknown[];
        edges: unknown[];
      };
      expect(json.nodes.length).toBe(first.nodes.length);
      expect(json.edges.length).toBeGreaterThan(0);
      for (const format of ['gexf', 'graphml'] as const) {
        const read = readWithNetworkx(await downloadNetwork(page, format), format);
        expect(read, format).toEqual({ nodes: first.nodes.length, edges: json.edges.length });
      }
    });

    it('is usable from the keyboard: / focuses search, Escape clears the selection', async () => {
      await page.click('#map');
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
      await page.keyboard.type(first.nodes[0]!.label.slice(0, 5));
      await page.keyboard.press('Enter');
      await page.waitForSelector('#panel:not([hidden])');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#panel[hidden]', { state: 'attached' });
    });

    it('Escape in the search box closes its list only; the open business stays', async () => {
      const [a, b] = first.nodes as [Graph['nodes'][number], Graph['nodes'][number]];
      await page.evaluate((id) => window.partnerAtlas?.store.set({ selected: id }), a.id);
      await page.waitForSelector('#panel:not([hidden])');
      await page.fill('#search-input', b.label.slice(0, 4));
      await page.waitForSelector('#search-results:not([hidden])');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#search-results[hidden]', { state: 'attached' });
      expect(await page.evaluate(() => window.partnerAtlas?.store.get().selected)).toBe(a.id);
      expect(await page.isVisible('#panel')).toBe(true);
      await page.click('#map');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#panel[hidden]', { state: 'attached' });
    });

    it('says so over the map when the filters leave nobody, with a way back', async () => {
      await page.evaluate(() => window.partnerAtlas?.store.setFilters({ sector: 'no such sector' }));
      await page.waitForSelector('#no-match:not([hidden])');
      await expect(page.textContent('#no-match')).resolves.toMatch(/No business matches these filters/);
      await page.click('#no-match-reset');
      await page.waitForSelector('#no-match[hidden]', { state: 'attached' });
      await expect(page.textContent('#filter-count')).resolves.toMatch(/Showing all/);
    });

    it('shows an analyst the confidential capabilities in the panel, marked, and a reader none', async () => {
      const keys = { reader: 'viz-panel-reader-key-0123456789', analyst: 'viz-panel-analyst-key-012345678' };
      const secured = await startApp(dir, {
        keys: readApiKeys({ API_KEYS: `${keys.reader}:reader,${keys.analyst}:analyst` }),
      });
      const profile = async (id: string, key: string) =>
        (await (
          await fetch(`${secured.url}/api/businesses/${id}`, { headers: { 'x-api-key': key } })
        ).json()) as { capabilities: { name: string; confidential?: boolean }[] };
      // A business with a confidential capability (the sample has some; a fixture may not).
      let target: string | null = null;
      for (const n of first.nodes.slice(0, 150)) {
        if ((await profile(n.id, keys.analyst)).capabilities.some((c) => c.confidential)) {
          target = n.id;
          break;
        }
      }
      if (target !== null) {
        const pillsFor = async (key: string) => {
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
          await context.addInitScript((k) => sessionStorage.setItem('partnerAtlas.apiKey', k), key);
          const p = await context.newPage();
          await p.goto(`${secured.url}/#b=${encodeURIComponent(target!)}`);
          await p.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
          await p.waitForSelector('#panel [data-list="capabilities"] .pill[title]');
          const pills = await p.$$eval('#panel [data-list="capabilities"] .pill', (ps) =>
            ps.map((x) => ({ text: x.textContent ?? '', confidential: x.hasAttribute('data-confidential') })),
          );
          await context.close();
          return pills;
        };
        const expected = (await profile(target, keys.analyst)).capabilities;
        const analyst = await pillsFor(keys.analyst);
        expect(analyst.length).toBe(expected.length);
        expect(analyst.filter((x) => x.confidential).length).toBe(
          expected.filter((c) => c.confidential).length,
        );
        const reader = await pillsFor(keys.reader);
        expect(reader.some((x) => x.confidential)).toBe(false);
        expect(reader.length).toBe(expected.filter((c) => !c.confidential).length);
      }
      await secured.close();
    }, 120_000);

    it('shows names as text, never as HTML', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pa-viz-xss-'));
      const records = fixtureNetwork(12);
      records.businesses[0]!.name = '<img src=x onerror="window.__xss=1">Evil & Co';
      await writeBundle(dir, records);
      const evil = await startApp(dir);
      const other = await browser.newPage();
      await other.goto(`${evil.url}/#b=${records.businesses[0]!.id}`);
      await other.waitForSelector('#panel:not([hidden])');
      await expect(other.textContent('#panel-title')).resolves.toBe(records.businesses[0]!.name);
      expect(await other.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await other.locator('#panel img').count()).toBe(0);
      await other.close();
      await evil.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows a message, not a blank page, when the API is down', async () => {
      const other = await browser.newPage();
      await other.route('**/api/graph*', (r) =>
        r.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: 'Unavailable', detail: 'Neo4j is not reachable' }),
        }),
      );
      await other.goto(app.url);
      await other.waitForSelector('body[data-state="error"]');
      await expect(other.textContent('#status')).resolves.toContain('Neo4j is not reachable');
      await other.close();
    });

    it('what-if: a firm that leaves, who is cut off and the reach lost, drawn on the map', async () => {
      await page.keyboard.press('Escape');
      await page.waitForSelector('#key-players .player', { timeout: 30_000 });
      const top = await page.locator('#key-players [data-what-if]').first().getAttribute('data-what-if');
      expect(top).toBeTruthy();
      await page.locator('#key-players [data-what-if]').first().click();
      await page.waitForSelector('#what-if-results .kpi-row', { timeout: 20_000 });
      const text = await page.textContent('#what-if-results');
      expect(text).toMatch(/reach drops by/);
      const state = await page.evaluate(() => {
        const w = window.partnerAtlas!.store.get().whatIf;
        return w ? { removed: [...w.removed], cutOff: w.cutOff.size } : null;
      });
      expect(state?.removed).toEqual([top]);
      // The leaving firm is drawn with its label, the cut-off businesses in red.
      await page.waitForFunction(
        (id) => window.partnerAtlas!.map.sigma.getNodeDisplayData(id!)?.label?.endsWith('(leaves)'),
        top,
        { timeout: 5_000 },
      );
      if ((state?.cutOff ?? 0) > 0)
        expect(await page.locator('#what-if-cut-off li').count()).toBeGreaterThan(0);
      await page.locator('#what-if-card').scrollIntoViewIfNeeded();
      await docShot(page, 'screenshot-what-if.png');
      await page.click('#what-if-clear');
      expect(await page.evaluate(() => window.partnerAtlas!.store.get().whatIf)).toBeNull();
    });

    it('the timeline chart follows the year window and picks a year on click', async () => {
      const years = await page.evaluate(() => window.partnerAtlas?.model.payload.years ?? null);
      if (!years) return;
      await page.waitForSelector('#timeline-svg svg circle');
      const points = await page.locator('#timeline-svg svg circle').count();
      expect(points).toBeGreaterThan(1);
      await page.locator('#timeline-svg rect[data-year]').nth(2).click();
      const picked = await page.evaluate(() => window.partnerAtlas!.store.get().filters.years);
      expect(picked?.[0]).toBe(picked?.[1]);
      expect(await page.locator('#timeline-svg rect.window').count()).toBe(1);
      await page.selectOption('#timeline-kpi', 'newTies');
      expect(await page.getAttribute('#timeline-svg svg', 'data-kpi')).toBe('newTies');
      await page.locator('#year-field').scrollIntoViewIfNeeded();
      await docShot(page, 'screenshot-timeline.png');
      await page.click('#reset-filters');
      expect(await page.evaluate(() => window.partnerAtlas!.store.get().filters.years)).toBeNull();
    });

    it('Play ends on all years and Reset stops it', async () => {
      const years = await page.evaluate(() => window.partnerAtlas?.model.payload.years ?? null);
      if (!years) return;
      await page.click('#year-play');
      await page.waitForTimeout(1_000);
      expect(await page.evaluate(() => window.partnerAtlas!.store.get().filters.years)).not.toBeNull();
      await page.click('#reset-filters');
      await page.waitForTimeout(1_200);
      expect(await page.evaluate(() => window.partnerAtlas!.store.get().filters.years)).toBeNull();
      await expect(page.textContent('#year-play')).resolves.toContain('Play');
      // The range ends at this year at the latest.
      expect(Number(await page.getAttribute('#year-to', 'max'))).toBeLessThanOrEqual(
        new Date().getFullYear(),
      );
    });

    it('a shared link restores ego depth', async () => {
      const target = first.nodes[3]!;
      const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      other.on('pageerror', (e) => consoleErrors.push(e.message));
      await other.goto(`${app.url}/#b=${encodeURIComponent(target.id)}&ego=2`);
      await other.waitForSelector('body[data-state="ready"]');
      await other.waitForSelector('#panel:not([hidden])');
      await other.waitForTimeout(300);
      expect(await other.inputValue('#ego-depth')).toBe('2');
      expect(await other.evaluate(() => window.partnerAtlas!.store.get().egoDepth)).toBe(2);
      await other.close();
    });

    it('on a 390×844 phone: full-size map, reachable actions, panel as a sheet, no page errors', async () => {
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
      const errors: string[] = [];
      phone.on('pageerror', (e) => errors.push(e.message));
      phone.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await phone.goto(app.url);
      await phone.waitForSelector('body[data-state="ready"]');
      const map = await phone.locator('#map').boundingBox();
      expect(map?.width).toBe(390);
      expect(map?.height ?? 0).toBeGreaterThan(500);
      for (const id of ['#share-button', '#export-png', '#export-svg', '#key-button']) {
        const box = await phone.locator(id).boundingBox();
        expect(box, id).not.toBeNull();
        expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390, id).toBe(true);
      }
      await phone.evaluate((id) => {
        const pa = window.partnerAtlas!;
        pa.store.set({ selected: id });
      }, first.nodes[0]!.id);
      await phone.waitForSelector('#panel:not([hidden])');
      await phone.waitForTimeout(600);
      // The map keeps its size under the sheet.
      expect((await phone.locator('#map').boundingBox())?.width).toBe(390);
      const panel = await phone.locator('#panel').boundingBox();
      expect((panel?.y ?? 0) + (panel?.height ?? 0)).toBeLessThanOrEqual(845);
      // The chosen business is not left under the sheet: the map pans it into the free part.
      const whereIs = (id: string) =>
        phone.evaluate((id) => {
          const { sigma } = window.partnerAtlas!.map;
          const p = sigma.framedGraphToViewport(sigma.getNodeDisplayData(id)!);
          return { y: p.y + document.getElementById('map')!.getBoundingClientRect().top, x: p.x };
        }, id);
      await phone.waitForFunction(() => !window.partnerAtlas!.map.sigma.getCamera().isAnimated());
      const chosen = await whereIs(first.nodes[0]!.id);
      expect(chosen.y).toBeLessThan(panel?.y ?? 0);
      expect(chosen.y).toBeGreaterThan(map?.y ?? 0);
      // The map stays drawn above the open sheet: its discs and ties, not just the labels, are in
      // the frame the browser shows (a whole-viewport capture, as the compositor outputs it).
      const frame = await phone.screenshot();
      const top = Math.max(map?.y ?? 0, 200);
      expect(
        await countPixels(page, frame, { coloured: true }, { top, bottom: panel?.y ?? 0 }),
      ).toBeGreaterThan(300);
      await docShot(phone, 'screenshot-phone.png');
      // Flying to the business frames it in the part of the map above the sheet, not under it.
      await phone.evaluate((id) => window.partnerAtlas!.map.flyTo(id), first.nodes[0]!.id);
      const onScreen = await phone.evaluate((id) => {
        const { sigma } = window.partnerAtlas!.map;
        const d = sigma.getNodeDisplayData(id)!;
        const p = sigma.framedGraphToViewport(d);
        const top = document.getElementById('map')!.getBoundingClientRect().top;
        return { y: p.y + top, x: p.x };
      }, first.nodes[0]!.id);
      expect(onScreen.y).toBeLessThan(panel?.y ?? 0);
      expect(onScreen.y).toBeGreaterThan((map?.y ?? 0) + 0);
      expect(onScreen.x).toBeGreaterThan(0);
      expect(onScreen.x).toBeLessThan(390);
      // What a thumb taps is at least 44 px high: the names in the panel (partners, the four
      // answers), then in the controls sheet the key players, buttons, links and sliders (they
      // were 15–36 px).
      const smallTargets = (selector: string) =>
        phone.$$eval(selector, (nodes) =>
          nodes
            .filter((n) => (n as HTMLElement).offsetParent !== null)
            .map((n) => ({ text: (n.textContent ?? n.id).trim().slice(0, 30), r: n.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
            .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
        );
      await phone.waitForSelector('#panel .partner-link');
      expect(await smallTargets('#panel .partner-link')).toEqual([]);
      await phone.click('#panel .close');
      await phone.click('#sidebar-open');
      await phone.waitForTimeout(400);
      const sheet = await phone.locator('#sidebar').boundingBox();
      expect(sheet?.width).toBe(390);
      await phone.waitForSelector('#key-players .player');
      expect(
        await smallTargets(
          '#sidebar .player, #sidebar button.primary, #sidebar button.secondary, #sidebar .link-button, #sidebar input[type="range"], #sidebar .segmented label',
        ),
      ).toEqual([]);
      await phone.click('#sidebar-close');
      await phone.setViewportSize({ width: 320, height: 560 });
      await phone.waitForTimeout(300);
      await phone.setViewportSize({ width: 1440, height: 900 });
      await phone.waitForTimeout(300);
      await phone.close();
      expect(errors).toEqual([]);
    });

    for (const vp of VIEWPORTS) {
      describe(`the page at ${vp.width}×${vp.height} (${vp.name}): resilience, timeline, sharing, exports, keys`, () => {
        let at: Page;
        const errors: string[] = [];
        const phone = vp.name === 'phone';
        const watch = (p: Page) => {
          p.on('pageerror', (e) => errors.push(`${vp.name}: ${e.message}`));
          p.on('console', (m) => {
            if (m.type() === 'error') errors.push(`${vp.name}: ${m.text()}`);
          });
        };
        const open = async (url: string) => {
          const context = await browser.newContext({
            viewport: { width: vp.width, height: vp.height },
            hasTouch: phone,
            acceptDownloads: true,
          });
          const p = await context.newPage();
          watch(p);
          await p.goto(url);
          await p.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
          return p;
        };
        /** The link the page holds now (the hash is written 150 ms after a change). */
        const linkOf = async (p: Page) => {
          await p.waitForTimeout(500);
          return p.url();
        };

        beforeAll(async () => {
          at = await open(app.url);
        }, 90_000);
        afterAll(async () => {
          await at?.context().close();
        });

        it('the map fills the stage and the controls are reachable, as a bottom sheet on a phone', async () => {
          const map = await at.locator('#map').boundingBox();
          if (phone) {
            expect(map?.width).toBe(vp.width);
            expect(await at.isVisible('#sidebar')).toBe(false);
          } else {
            expect(map?.width ?? 0).toBeGreaterThan(800);
            expect(await at.isVisible('#sidebar-open')).toBe(false);
          }
          await openControls(at);
          expect(await at.isVisible('#consortium-card')).toBe(true);
          expect(await insideWidth(at, '#sidebar', vp.width)).toBe(true);
          for (const id of ['#share-button', '#export-png', '#export-svg', '#export-menu', '#key-button'])
            expect(await insideWidth(at, id, vp.width), id).toBe(true);
        });

        it('key players lead to a what-if: who is cut off, reach lost, drawn on the map and in the link', async () => {
          await openControls(at);
          await at.waitForSelector('#key-players .player', { timeout: 30_000 });
          const players = await at.locator('#key-players .player').count();
          expect(players).toBeGreaterThan(0);
          const top = await at.locator('#key-players [data-what-if]').first().getAttribute('data-what-if');
          await at.locator('#key-players [data-what-if]').first().click();
          // On a phone the sheet closes to show the map: the answer waits in it.
          await at.waitForSelector('#what-if-results .kpi-row', { timeout: 20_000, state: 'attached' });
          await expect(at.textContent('#what-if-results')).resolves.toMatch(/reach drops by/);
          const removed = await at.evaluate(() => [
            ...(window.partnerAtlas!.store.get().whatIf?.removed ?? []),
          ]);
          expect(removed).toEqual([top]);
          await at.waitForFunction(
            (id) => window.partnerAtlas!.map.sigma.getNodeDisplayData(id!)?.label?.endsWith('(leaves)'),
            top,
            { timeout: 5_000 },
          );
          // On a phone the sheet gets out of the way to show the map.
          if (phone) expect(await at.getAttribute('#sidebar', 'data-open')).toBe('false');
          expect(await linkOf(at)).toContain(`out=${encodeURIComponent(top!)}`);
          await openControls(at);
          await at.click('#what-if-clear');
          expect(await at.evaluate(() => window.partnerAtlas!.store.get().whatIf)).toBeNull();
        });

        it('the timeline chart draws the KPIs and sets the year window', async () => {
          const years = await at.evaluate(() => window.partnerAtlas?.model.payload.years ?? null);
          expect(years).not.toBeNull();
          await openControls(at);
          await at.waitForSelector('#timeline-svg svg circle');
          expect(await at.locator('#timeline-svg svg circle').count()).toBeGreaterThan(1);
          expect(await insideWidth(at, '#timeline-svg svg', vp.width)).toBe(true);
          await at.locator('#timeline-svg rect[data-year]').nth(1).click();
          const picked = await at.evaluate(() => window.partnerAtlas!.store.get().filters.years);
          expect(picked?.[0]).toBe(picked?.[1]);
          expect(await linkOf(at)).toContain(`years=${picked![0]}-${picked![1]}`);
          await at.click('#reset-filters');
          expect(await at.evaluate(() => window.partnerAtlas!.store.get().filters.years)).toBeNull();
        });

        it.skipIf(!hasConsortia)(
          'consortium cards: what each member brings against the list, gaps, ties, cohesion, drawn on the map',
          async () => {
            await openControls(at);
            const held = await at
              .locator('#consortium-capabilities input[type="checkbox"]')
              .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
            expect(held.length).toBeGreaterThan(2);
            // Spread over the list, so the team needs several members.
            const caps = [0, 1, 2].map((k) => held[Math.floor((k * held.length) / 3)]!);
            for (const c of caps)
              await at.locator(`#consortium-capabilities input[value="${c.replace(/"/g, '\\"')}"]`).check();
            const answer = (await (
              await fetch(`${app.url}/api/consortia`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ capabilities: caps, alternatives: 3 }),
              })
            ).json()) as {
              teams: { members: { id: string; brings: unknown[] }[]; existingTies: [string, string][] }[];
            };
            await at.click('#consortium-build');
            await at.waitForSelector('#consortium-results .team', { timeout: 20_000 });
            const card = at.locator('#consortium-results .team').first();
            const team = answer.teams[0]!;
            // Every required capability is checked off on the card, by whom or as a gap.
            expect(await card.locator('.team-needs li').count()).toBe(caps.length);
            for (const c of caps) {
              const line = await card
                .locator(`.team-needs li[data-capability="${c.replace(/"/g, '\\"')}"]`)
                .textContent();
              expect(line).toMatch(/^(✓.*by .*\(level \d\)|✗.*gap: )/);
            }
            expect(await card.locator('.member').count()).toBe(team.members.length);
            const tied = new Set(team.existingTies.flat());
            expect(await card.locator('.member .ties', { hasText: 'Has worked with' }).count()).toBe(
              tied.size,
            );
            await expect(card.locator('.cohesion-note').textContent()).resolves.toMatch(
              /worked together, ½ if they share a partner/,
            );
            if (phone) {
              // The sheet stays open to read the cards, which fit its width; "Show on map" shows the team.
              expect(await at.getAttribute('#sidebar', 'data-open')).toBe('true');
              expect(await insideWidth(at, '#consortium-results .team', vp.width)).toBe(true);
              await at.screenshot({ path: join(SHOTS, 'consortium-phone.png') });
              await card.locator('[data-action="show"]').click();
            }
            await at.waitForSelector('#highlight-banner:not([hidden])');
            const highlight = await at.evaluate(() => {
              const h = window.partnerAtlas!.store.get().highlight;
              return h ? { nodes: [...h.nodes].sort(), edges: h.edges.size, link: h.link } : null;
            });
            expect(highlight?.nodes).toEqual(team.members.map((m) => m.id).sort());
            expect(highlight?.edges).toBe(team.existingTies.length);
            expect(highlight?.link?.kind).toBe('team');
            if (!phone) {
              await card.scrollIntoViewIfNeeded();
              await docShot(at, 'screenshot-consortium.png');
            }
          },
        );

        it.skipIf(!hasConsortia)(
          'a team exports as CSV and its shared link brings back the same team',
          async () => {
            await openControls(at);
            const card = at.locator('#consortium-results .team').first();
            const members = await card
              .locator('.member')
              .evaluateAll((li) => li.map((x) => x.getAttribute('data-member')));
            const [download] = await Promise.all([
              at.waitForEvent('download'),
              card.locator('[data-action="csv"]').click(),
            ]);
            expect(download.suggestedFilename()).toBe('partner-atlas-team-1.csv');
            const text = readFileSync(await download.path(), 'utf8');
            expect(text.startsWith('\ufeff')).toBe(true);
            const rows = text.slice(1).trimEnd().split('\r\n');
            expect(rows[0]).toMatch(
              /^team,coverage,cohesion,business_id,business,sector,level: .*,worked_with$/,
            );
            expect(
              rows
                .slice(1)
                .filter((r) => !r.includes('(not covered)'))
                .map((r) => r.split(',')[3]),
            ).toEqual(members);
            await card.locator('[data-action="share"]').click();
            const url = await linkOf(at);
            expect(url).toContain('need=');
            expect(url).toContain('team=');
            const other = await open(url);
            await other.waitForSelector('body[data-link="restored"]', { timeout: 30_000 });
            const back = await other.evaluate(() => {
              const s = window.partnerAtlas!.store.get();
              return { team: s.highlight?.link?.ids ?? [], needs: s.consortium?.capabilities ?? [] };
            });
            expect([...back.team].sort()).toEqual([...members].sort());
            const needs = await at.evaluate(() => window.partnerAtlas!.store.get().consortium?.capabilities);
            expect(back.needs).toEqual(needs);
            await openControls(other);
            expect(await other.locator('#consortium-capabilities input:checked').count()).toBe(needs!.length);
            expect(await other.locator('#consortium-results .team.chosen').count()).toBe(1);
            await other.context().close();
            await at.click('#highlight-clear');
          },
        );

        it('a shared link brings back the same view: selection, ego depth, camera, filters, colouring, suggestion', async () => {
          const target = first.nodes[4]!;
          const sector = await at.evaluate(
            (id) => window.partnerAtlas!.model.payload.nodes.find((n) => n.id === id)?.sector ?? null,
            target.id,
          );
          await at.evaluate(
            ({ id, sector }) => {
              const { store } = window.partnerAtlas!;
              store.set({ selected: id, colorBy: 'sector', egoDepth: 2 });
              store.setFilters({ sector, minDegree: 1 });
            },
            { id: target.id, sector },
          );
          await at.waitForTimeout(900);
          if (hasSuggestions) {
            // Choosing a suggestion frames it (the path through the partners in common)...
            await at.waitForSelector('#suggestions .suggestion', { timeout: 15_000, state: 'attached' });
            await at.locator('#suggestions .suggestion').first().dispatchEvent('click');
            await at.waitForTimeout(900);
          }
          // ...then the person zooms in: the link keeps that camera, not the framing.
          await at.evaluate(() =>
            window.partnerAtlas!.map.sigma.getCamera().setState({ x: 0.41, y: 0.57, ratio: 0.35 }),
          );
          const url = await linkOf(at);
          expect(url).toContain('cam=0.41,0.57,0.35');
          const before = await at.evaluate(() => {
            const s = window.partnerAtlas!.store.get();
            return {
              selected: s.selected,
              egoDepth: s.egoDepth,
              colorBy: s.colorBy,
              filters: s.filters,
              link: s.highlight?.link ?? null,
            };
          });
          const other = await open(url);
          await other.waitForSelector('body[data-link="restored"]', { timeout: 30_000 });
          await other.waitForTimeout(400);
          const after = await other.evaluate(() => {
            const pa = window.partnerAtlas!;
            const s = pa.store.get();
            return {
              view: {
                selected: s.selected,
                egoDepth: s.egoDepth,
                colorBy: s.colorBy,
                filters: s.filters,
                link: s.highlight?.link ?? null,
              },
              camera: pa.map.sigma.getCamera().getState(),
            };
          });
          expect(after.view).toEqual(before);
          if (hasSuggestions) expect(before.link?.kind).toBe('suggestion');
          expect(after.camera.x).toBeCloseTo(0.41, 3);
          expect(after.camera.y).toBeCloseTo(0.57, 3);
          expect(after.camera.ratio).toBeCloseTo(0.35, 3);
          expect(await other.inputValue('#ego-depth')).toBe('2');
          await other.context().close();
          await at.evaluate(() =>
            window.partnerAtlas!.store.set({ selected: null, highlight: null, egoDepth: 0 }),
          );
          await openControls(at);
          await at.click('#reset-filters');
        });

        it('a shared link sorts the table and draws the timeline measure the person chose', async () => {
          await openControls(at);
          await at.waitForSelector('#timeline-kpi');
          await at.selectOption('#timeline-kpi', 'density');
          await at.click('.view-tab[data-view="table"]');
          await at.waitForSelector('#table-view table.data tbody tr');
          // Sort by name (ascending), a column the default (degree, largest first) is not.
          const nameHeader = at.locator('#table-view thead th', { hasText: /^Name/ }).locator('button');
          await nameHeader.click();
          const url = await linkOf(at);
          expect(url).toContain('kpi=density');
          expect(url).toMatch(/sort=name(&|$)/);
          const firstName = await at.locator('#table-view tbody tr td.text').first().textContent();
          const other = await open(url);
          await other.waitForSelector('body[data-link="restored"]', { timeout: 30_000 });
          await other.waitForSelector('#table-view table.data tbody tr');
          expect(await other.evaluate(() => window.partnerAtlas!.store.get().tableSort)).toEqual({
            column: 'name',
            desc: false,
          });
          expect(
            await other.locator('#table-view thead th[aria-sort="ascending"]').first().textContent(),
          ).toMatch(/^Name/);
          expect(await other.locator('#table-view tbody tr td.text').first().textContent()).toBe(firstName);
          expect(await other.inputValue('#timeline-kpi')).toBe('density');
          expect(await other.getAttribute('#timeline-svg svg', 'data-kpi')).toBe('density');
          await other.context().close();
          await at.click('.view-tab[data-view="map"]');
          await at.evaluate(() => window.partnerAtlas!.store.set({ timelineKpi: null, tableSort: null }));
        });

        it('a shared what-if link brings back the firms that leave and who is cut off', async () => {
          const hub = await at.evaluate(() => {
            const g = window.partnerAtlas!.model.graph;
            return g.nodes().sort((a, b) => g.degree(b) - g.degree(a))[0]!;
          });
          const other = await open(`${app.url}/#out=${encodeURIComponent(hub)}`);
          await other.waitForSelector('body[data-link="restored"]', { timeout: 30_000 });
          const removed = await other.evaluate(() => [
            ...(window.partnerAtlas!.store.get().whatIf?.removed ?? []),
          ]);
          expect(removed).toEqual([hub]);
          await other.context().close();
        });

        it('exports PNG, SVG and the network as JSON, GEXF and GraphML', async () => {
          const [png] = await Promise.all([at.waitForEvent('download'), at.click('#export-png')]);
          expect(
            readFileSync(await png.path())
              .subarray(1, 4)
              .toString('ascii'),
          ).toBe('PNG');
          const [svg] = await Promise.all([at.waitForEvent('download'), at.click('#export-svg')]);
          expect(readFileSync(await svg.path(), 'utf8')).toMatch(/^<svg /);
          const items = at.locator('#export-menu button[data-format]');
          const formats = await items.evaluateAll((b) =>
            b.map((x) => ({
              format: x.getAttribute('data-format')!,
              timeline: x.hasAttribute('data-timeline'),
            })),
          );
          expect(formats.length).toBeGreaterThan(0);
          for (const [i, { format, timeline }] of formats.entries()) {
            await at.click('#export-menu summary');
            const [file] = await Promise.all([at.waitForEvent('download'), items.nth(i).click()]);
            expect(file.suggestedFilename().endsWith(`${timeline ? '-timeline' : ''}.${format}`)).toBe(true);
            const text = readFileSync(await file.path(), 'utf8');
            expect(text.length, format).toBeGreaterThan(100);
            expect(text.trimStart()[0], format).toBe(format === 'json' ? '{' : '<');
            // The timeline GEXF is the dynamic one, for Gephi's timeline.
            if (timeline) expect(text).toContain('<graph mode="dynamic"');
          }
        });

        it('with API keys: asks for a key, says why on 401, then works with the key in a header only', async () => {
          const KEY = 'viz-test-reader-key-0123456789';
          const secured = await startApp(dir, { keys: readApiKeys({ API_KEYS: `${KEY}:reader` }) });
          const context = await browser.newContext({
            viewport: { width: vp.width, height: vp.height },
            hasTouch: phone,
          });
          const other = await context.newPage();
          const sent: { url: string; key: string | undefined }[] = [];
          other.on('pageerror', (e) => errors.push(`${vp.name} keys: ${e.message}`));
          other.on('request', (r) => {
            if (r.url().includes('/api/')) sent.push({ url: r.url(), key: r.headers()['x-api-key'] });
          });
          await other.goto(secured.url);
          await other.waitForSelector('body[data-state="error"]');
          await expect(other.textContent('#status')).resolves.toMatch(/needs an API key/);
          expect(await other.isVisible('#key-form')).toBe(true);
          expect(await insideWidth(other, '#key-form', vp.width)).toBe(true);
          // No map: no key to reading it, no data credit, and no key to forget yet.
          expect(await other.isVisible('#map-key')).toBe(false);
          expect(await other.isVisible('#stage > .credit')).toBe(false);
          expect(await other.isVisible('#key-forget')).toBe(false);
          await other.fill('#key-input', 'wrong-key-wrong-key-wrong');
          await other.click('#key-form button[type="submit"]');
          await other.waitForSelector('body[data-state="error"]');
          await expect(other.textContent('#status')).resolves.toMatch(/refused the API key/);
          // The header says the key was refused, and the controls that need the map are off.
          expect(await other.textContent('#key-state')).toBe('Key refused');
          // The refused key is kept in the tab: it can be forgotten.
          expect(await other.isVisible('#key-forget')).toBe(true);
          expect(await other.textContent('#network-summary')).toMatch(/Key refused/);
          expect(await other.$eval('#export-png', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
          expect(await other.$eval('#key-input', (b) => (b as HTMLInputElement).disabled)).toBe(false);
          await other.fill('#key-input', KEY);
          await other.click('#key-form button[type="submit"]');
          await other.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
          expect(await other.textContent('#key-state')).toContain('✓');
          // A reader may not export the centrality report: the tab says so without asking, with
          // nothing to download (no table made from the map's figures instead).
          // aria-disabled: Playwright's click waits for an enabled element, hence force.
          await other.click('.view-tab[data-view="table"]', { force: true });
          await other.waitForSelector('#report-refusal');
          await expect(other.textContent('#table-view')).resolves.toMatch(/needs an analyst key/);
          expect(await other.$('#csv-download')).toBeNull();
          expect(sent.some((r) => r.url.includes('/api/reports/'))).toBe(false);
          // The data export is fetched with the key in its header (a plain link could not send it).
          await other.click('.view-tab[data-view="map"]');
          const graphml = readWithNetworkx(await downloadNetwork(other, 'graphml'), 'graphml');
          expect(graphml.nodes).toBeGreaterThan(0);
          expect(sent.some((r) => r.url.includes('/api/graph?format=graphml') && r.key === KEY)).toBe(true);
          expect(other.url()).not.toContain(KEY);
          expect(sent.filter((r) => r.key === KEY).length).toBeGreaterThan(0);
          expect(sent.every((r) => !r.url.includes(KEY))).toBe(true);
          await context.close();
          await secured.close();
        });

        it('raised no page errors', () => {
          // The signed-out page's 401/403 answers are expected console lines, not page errors.
          expect(errors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
        });
      });
    }

    describe.skipIf(!cordis)('the CORDIS semiconductor-EV network', () => {
      let cordisApp: RunningApp;
      beforeAll(async () => {
        cordisApp = await startApp(cordis!);
        // Wait for the full analysis (the API answers partial while it runs).
        for (let i = 0; i < 90; i++) {
          const g = (await (await fetch(`${cordisApp.url}/api/graph`)).json()) as { partial?: boolean };
          if (!g.partial) break;
          await new Promise((r) => setTimeout(r, 2_000));
        }
      }, 240_000);
      afterAll(() => {
        if (cordis) rmSync(cordis, { recursive: true, force: true });
      });

      for (const vp of VIEWPORTS) {
        it(`draws after the no-overlap pass with its credit line at ${vp.width}×${vp.height}, no page errors`, async () => {
          const context = await browser.newContext({
            viewport: { width: vp.width, height: vp.height },
            hasTouch: vp.name === 'phone',
          });
          const p = await context.newPage();
          const errors: string[] = [];
          p.on('pageerror', (e) => errors.push(e.message));
          p.on('console', (m) => {
            if (m.type() === 'error') errors.push(m.text());
          });
          await p.goto(cordisApp.url);
          await p.waitForSelector('body[data-state="ready"]', { timeout: 120_000 });
          const info = await p.evaluate(() => ({
            order: window.partnerAtlas!.model.graph.order,
            moved: window.partnerAtlas!.spread.moved,
          }));
          expect(info.order).toBeGreaterThan(700);
          expect(info.moved).toBeGreaterThan(0);
          await expect(p.textContent('#stage .credit')).resolves.toContain('© European Union (CC BY 4.0)');
          await p.waitForTimeout(600);
          if (vp.name === 'desktop') await docShot(p, 'screenshot-cordis-noverlap.png');
          else await p.screenshot({ path: join(SHOTS, 'cordis-phone.png') });
          await context.close();
          expect(errors).toEqual([]);
        }, 150_000);
      }
    });

    it('logs no console errors', () => {
      expect(consoleErrors).toEqual([]);
    });
  });
}
