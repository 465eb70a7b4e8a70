/**
 * Names and framing on the map in real Chromium, at desktop 1440×900 and on a 390×844 phone
 * (touch, 3× pixels), on the sample network: every name is written once, on one side of its
 * disc (the label layer and sigma's hover layer used to write the selected business twice),
 * a name too long for either side is shortened with "…" rather than dropped, a team's names
 * do not overlap, and an ego view fills the part of the map the bottom sheet leaves free.
 *
 * Text is counted where it is drawn: every fillText on the map's canvases during one render.
 * The page is built into a temporary folder and served from there (the API from the app), so
 * other browser tests that rebuild viz/dist meanwhile do not change what this one loads.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../helpers/start-app.ts';
import { chromiumMissing, launchChromium } from '../browser.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMPLE = join(ROOT, 'data', 'sample');
const missing =
  chromiumMissing() ??
  (existsSync(join(SAMPLE, 'businesses.csv')) ? null : 'the sample bundle (data/sample) is missing');

const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 } };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 3,
};

/** One piece of text drawn on a canvas of the map, in CSS pixels of the map. */
interface Drawn {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** A drawn name with the business it names and that business's disc. */
interface NamedDraw extends Drawn {
  node: string;
  disc: { x: number; y: number; size: number };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

if (missing) {
  describe('viz › map labels and framing in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  describe('viz › map labels and framing in Chromium', async () => {
    const app = await startApp(SAMPLE);
    const dist = mkdtempSync(join(tmpdir(), 'pa-viz-labels-'));
    let browser: Browser;

    beforeAll(async () => {
      await build({
        configFile: join(ROOT, 'viz', 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: dist, emptyOutDir: true },
      });
      browser = await launchChromium();
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      rmSync(dist, { recursive: true, force: true });
    });

    /** A page in a fresh context: the page from `dist`, the API from the app, text recorded. */
    const open = async (options: BrowserContextOptions, hash: string): Promise<Page> => {
      const context = await browser.newContext(options);
      await context.route(
        (url) => url.origin === app.url && !url.pathname.startsWith('/api'),
        async (route) => {
          const path = new URL(route.request().url()).pathname;
          const file = join(dist, path === '/' ? 'index.html' : path);
          if (!file.startsWith(dist) || !existsSync(file)) return route.fulfill({ status: 404 });
          return route.fulfill({
            body: readFileSync(file),
            contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          });
        },
      );
      await context.addInitScript(() => {
        const log: Drawn[] = [];
        (window as unknown as { __mapText: Drawn[] }).__mapText = log;
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
          if (this.canvas.closest?.('#map'))
            log.push({
              text,
              x,
              y,
              width: this.measureText(text).width,
              size: Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 0),
            });
          return maxWidth === undefined
            ? fillText.call(this, text, x, y)
            : fillText.call(this, text, x, y, maxWidth);
        };
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${app.url}/${hash}`);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
      await page.waitForSelector('body[data-link="restored"]', { timeout: 30_000 });
      await settle(page);
      expect(errors).toEqual([]);
      return page;
    };

    /** Wait until the camera rests: framing waits a frame before it moves, a busy machine longer. */
    const settle = async (page: Page) => {
      const state = () =>
        page.evaluate(() => JSON.stringify(window.partnerAtlas!.map.sigma.getCamera().getState()));
      let before = '';
      for (let i = 0; i < 20; i++) {
        await page.waitForTimeout(300);
        await page.waitForFunction(() => !window.partnerAtlas!.map.sigma.getCamera().isAnimated());
        const now = await state();
        if (now === before) return;
        before = now;
      }
    };

    /** The text one full render writes on the map, each piece with the business it names. */
    const namesDrawn = async (page: Page, render: () => Promise<void> = () => refresh(page)) => {
      await page.evaluate(() => {
        (window as unknown as { __mapText: Drawn[] }).__mapText.length = 0;
      });
      await render();
      // A hover render of sigma's (its hover layer) comes a frame after the full one.
      await page.waitForTimeout(250);
      return page.evaluate(() => {
        const { sigma } = window.partnerAtlas!.map;
        const log = (window as unknown as { __mapText: Drawn[] }).__mapText;
        const named: NamedDraw[] = [];
        for (const d of log) {
          const stem = d.text.endsWith('…') ? d.text.slice(0, -1) : null;
          // A shortened name may fit several businesses ("Brightside…"): it names the one
          // whose disc it sits beside.
          let best: NamedDraw | null = null;
          let bestGap = Infinity;
          sigma.getGraph().forEachNode((node) => {
            const data = sigma.getNodeDisplayData(node);
            if (!data?.label || data.hidden) return;
            if (data.label !== d.text && !(stem && data.label.startsWith(stem))) return;
            const p = sigma.framedGraphToViewport(data);
            const size = sigma.scaleSize(data.size);
            const gap =
              Math.min(Math.abs(d.x - (p.x + size)), Math.abs(d.x + d.width - (p.x - size))) +
              Math.abs(d.y - p.y);
            if (gap < bestGap) {
              bestGap = gap;
              best = { ...d, node, disc: { x: p.x, y: p.y, size } };
            }
          });
          if (best) named.push(best);
        }
        return { named, all: log.length };
      });
    };
    const refresh = (page: Page) =>
      page.evaluate(() => {
        window.partnerAtlas!.map.sigma.refresh();
      });

    /** Nodes named more than once, and names drawn across their own disc. */
    const faults = (named: NamedDraw[]) => {
      const byNode = new Map<string, NamedDraw[]>();
      for (const n of named) byNode.set(n.node, [...(byNode.get(n.node) ?? []), n]);
      const twice = [...byNode].filter(([, list]) => list.length > 1).map(([node]) => node);
      const across = named
        .filter((n) => n.x < n.disc.x + n.disc.size && n.x + n.width > n.disc.x - n.disc.size)
        .map((n) => n.node);
      return { twice, across, byNode };
    };

    for (const [name, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`labels › each name is drawn once, on one side of its disc: a business and its suggested partner (${name})`, async () => {
        const page = await open(options, '#b=b0072&sugg=b0133');
        try {
          const { named } = await namesDrawn(page);
          const { twice, across, byNode } = faults(named);
          expect(twice).toEqual([]);
          expect(across).toEqual([]);
          // The business and the suggested partner are named (once, by the test above), and so is
          // every partner in common: the suggestion is framed, not left where the camera was.
          expect(byNode.get('b0072')?.length).toBe(1);
          expect(byNode.get('b0133')?.length).toBe(1);
          const highlighted = await page.evaluate(() => [
            ...(window.partnerAtlas!.store.get().highlight?.nodes ?? []),
          ]);
          expect(highlighted.length).toBeGreaterThan(2);
          for (const id of highlighted) expect(byNode.get(id)?.length, id).toBe(1);
          const width = await page.evaluate(() => window.partnerAtlas!.map.sigma.getDimensions().width);
          for (const n of named) {
            expect(n.x, n.text).toBeGreaterThanOrEqual(0);
            expect(n.x + n.width, n.text).toBeLessThanOrEqual(width);
          }
        } finally {
          await page.context().close();
        }
      });
    }

    it('labels › the hovered business is named once, not again by sigma on its hover layer (desktop)', async () => {
      const page = await open(DESKTOP, '#b=b0072&sugg=b0133');
      try {
        // The suggested partner: its name sits left of its disc, near the panel's edge.
        const at = await page.evaluate(() => {
          const { sigma } = window.partnerAtlas!.map;
          const p = sigma.framedGraphToViewport(sigma.getNodeDisplayData('b0133')!);
          const box = document.getElementById('map')!.getBoundingClientRect();
          return { x: box.left + p.x, y: box.top + p.y };
        });
        const { named } = await namesDrawn(page, () => page.mouse.move(at.x, at.y));
        expect(await page.evaluate(() => window.partnerAtlas!.store.get().hovered)).toBe('b0133');
        const { twice, across, byNode } = faults(named);
        expect(twice).toEqual([]);
        expect(across).toEqual([]);
        expect(byNode.get('b0133')?.length).toBe(1);
      } finally {
        await page.context().close();
      }
    });

    it('labels › on a phone an ego view names each business once', async () => {
      const page = await open(PHONE, '#b=b0030');
      try {
        await page.selectOption('#ego-depth', '1');
        await settle(page);
        const { named } = await namesDrawn(page);
        const { twice, across, byNode } = faults(named);
        expect(twice).toEqual([]);
        expect(across).toEqual([]);
        expect(byNode.get('b0030')?.length).toBe(1);
      } finally {
        await page.context().close();
      }
    });

    it('labels › on a phone a long name that fits neither side of its disc is shortened with "…", not dropped', async () => {
      const page = await open(PHONE, '');
      try {
        // Two businesses: Redmires Nuclear Manufacturing Centre, Grindleford Print Works Technologies.
        await page.evaluate(() =>
          window.partnerAtlas!.store.setFilters({ capability: 'hydrogen fuel-cell integration' }),
        );
        await settle(page);
        expect(await page.evaluate(() => window.partnerAtlas!.map.visibleCount())).toBe(2);
        const { named } = await namesDrawn(page);
        const width = await page.evaluate(() => window.partnerAtlas!.map.sigma.getDimensions().width);
        expect(named.map((n) => n.node).sort()).toEqual(['b0030', 'b0062'].sort());
        expect(named.some((n) => n.text.endsWith('…'))).toBe(true);
        for (const n of named) {
          expect(n.x, n.text).toBeGreaterThanOrEqual(0);
          expect(n.x + n.width, n.text).toBeLessThanOrEqual(width);
        }
      } finally {
        await page.context().close();
      }
    });

    it("labels › on a phone a team's names do not overlap one another", async () => {
      const page = await open(PHONE, '');
      try {
        // Bradfield Institute for Advanced Manufacturing sits just above Broomhill Partners LLP.
        const team = ['b0106', 'b0129', 'b0107', 'b0125'];
        await page.evaluate((ids) => {
          window.partnerAtlas!.store.set({
            highlight: {
              nodes: new Set(ids),
              edges: new Set(),
              label: 'Team 1',
              link: { kind: 'team', ids },
            },
            selected: null,
          });
        }, team);
        await settle(page);
        const { named } = await namesDrawn(page);
        const box = (n: NamedDraw) => ({ x1: n.x, x2: n.x + n.width, y1: n.y - n.size, y2: n.y + 3 });
        const overlapping: string[] = [];
        for (const [i, a] of named.entries())
          for (const b of named.slice(i + 1)) {
            const p = box(a);
            const q = box(b);
            if (p.x1 < q.x2 && p.x2 > q.x1 && p.y1 < q.y2 && p.y2 > q.y1)
              overlapping.push(`${a.text} / ${b.text}`);
          }
        expect(overlapping).toEqual([]);
        const { twice } = faults(named);
        expect(twice).toEqual([]);
        // Every member is named.
        expect(named.filter((n) => team.includes(n.node)).length).toBe(team.length);
      } finally {
        await page.context().close();
      }
    });

    /** The floating controls' boxes in map pixels, measured in the page (not by the page's code). */
    const controlBoxes = (page: Page) =>
      page.evaluate(() => {
        const m = document.getElementById('map')!.getBoundingClientRect();
        const boxes: { id: string; x1: number; y1: number; x2: number; y2: number }[] = [];
        for (const c of document.querySelectorAll<HTMLElement>(
          '.map-controls button, #map-key, #sidebar-open, #ego-control, #highlight-banner',
        )) {
          if (c.hidden || c.offsetParent === null) continue;
          const r = c.getBoundingClientRect();
          if (r.width === 0) continue;
          boxes.push({
            id: c.id || c.className,
            x1: r.left - m.left,
            y1: r.top - m.top,
            x2: r.right - m.left,
            y2: r.bottom - m.top,
          });
        }
        return boxes;
      });

    for (const hash of ['', '#b=b0030']) {
      it(`labels › on a phone no name is drawn under the zoom buttons or another floating control (${hash || 'no selection'})`, async () => {
        const page = await open(PHONE, hash);
        try {
          const controls = await controlBoxes(page);
          const zoom = controls.filter((c) => c.id.startsWith('zoom'));
          expect(zoom.length).toBe(3);
          const under: string[] = [];
          let besideZoom = 0;
          // Pan across the network at a close zoom, so long names run towards the buttons.
          for (let i = 0; i < 8; i++) {
            const { named, all } = await namesDrawn(page, async () => {
              await page.evaluate((step) => {
                window
                  .partnerAtlas!.map.sigma.getCamera()
                  .setState({ x: 0.3 + 0.08 * step, y: 0.5, ratio: 0.5 });
              }, i);
            });
            expect(all).toBeGreaterThan(0);
            for (const n of named) {
              const box = { x1: n.x, x2: n.x + n.width, y1: n.y - n.size, y2: n.y + 3 };
              for (const c of controls)
                if (box.x1 < c.x2 && box.x2 > c.x1 && box.y1 < c.y2 && box.y2 > c.y1)
                  under.push(`${n.text} under ${c.id} (camera ${i})`);
              // A name on the buttons' rows: placed clear of them (flipped or shortened), not lost.
              if (zoom.some((z) => box.y1 < z.y2 && box.y2 > z.y1)) besideZoom++;
            }
          }
          expect(under).toEqual([]);
          expect(besideZoom).toBeGreaterThan(0);
        } finally {
          await page.context().close();
        }
      });
    }

    it('framing › on a phone a business picked with many partners is zoomed so they fill the strip above the sheet', async () => {
      // Calow Aviation Systems plc: 37 partners across the network. The camera used to zoom out
      // by the share the sheet hides, leaving the network a 130 px thumbnail in the strip.
      const page = await open(PHONE, '#b=b0133');
      try {
        const r = await page.evaluate(() => {
          const { sigma } = window.partnerAtlas!.map;
          const mapBox = document.getElementById('map')!.getBoundingClientRect();
          const panel = document.getElementById('panel')!.getBoundingClientRect();
          let top = 0;
          for (const id of ['sidebar-open', 'ego-control', 'highlight-banner']) {
            const c = document.getElementById(id);
            if (!c || c.hidden || c.offsetParent === null) continue;
            top = Math.max(top, c.getBoundingClientRect().bottom - mapBox.top);
          }
          const ids = ['b0133', ...sigma.getGraph().neighbors('b0133')];
          const points = ids.map((id) => sigma.framedGraphToViewport(sigma.getNodeDisplayData(id)!));
          const xs = points.map((p) => p.x);
          const ys = points.map((p) => p.y);
          return {
            box: { x1: Math.min(...xs), x2: Math.max(...xs), y1: Math.min(...ys), y2: Math.max(...ys) },
            free: { top, bottom: panel.top - mapBox.top, width: mapBox.width },
            partners: ids.length - 1,
          };
        });
        expect(r.partners).toBe(37);
        expect(r.box.x1).toBeGreaterThanOrEqual(0);
        expect(r.box.x2).toBeLessThanOrEqual(r.free.width);
        expect(r.box.y1).toBeGreaterThanOrEqual(r.free.top);
        expect(r.box.y2).toBeLessThanOrEqual(r.free.bottom);
        const fill = Math.max(
          (r.box.x2 - r.box.x1) / r.free.width,
          (r.box.y2 - r.box.y1) / (r.free.bottom - r.free.top),
        );
        expect(fill).toBeGreaterThan(0.6);
      } finally {
        await page.context().close();
      }
    });

    for (const [name, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`framing › an ego view fills the part of the map left free by the panel (${name})`, async () => {
        const page = await open(options, '#b=b0030');
        try {
          await page.selectOption('#ego-depth', '1');
          await settle(page);
          const r = await page.evaluate(() => {
            const { map } = window.partnerAtlas!;
            const { sigma } = map;
            const mapBox = document.getElementById('map')!.getBoundingClientRect();
            const panel = document.getElementById('panel')!;
            const sheet = getComputedStyle(panel).position === 'fixed' && !panel.hidden;
            // The free part in map pixels: above the sheet on a phone, the whole map on a desktop,
            // below the controls that float over the map's top edge.
            const bottom = sheet ? panel.getBoundingClientRect().top - mapBox.top : mapBox.height;
            let top = 0;
            for (const id of ['sidebar-open', 'ego-control', 'highlight-banner']) {
              const control = document.getElementById(id);
              if (!control || control.hidden || control.offsetParent === null) continue;
              const c = control.getBoundingClientRect();
              if (c.width > 0 && c.top <= mapBox.top + mapBox.height * 0.4 && c.bottom > mapBox.top)
                top = Math.max(top, c.bottom - mapBox.top);
            }
            let x1 = Infinity;
            let x2 = -Infinity;
            let y1 = Infinity;
            let y2 = -Infinity;
            sigma.getGraph().forEachNode((n) => {
              const d = sigma.getNodeDisplayData(n);
              if (!d || d.hidden) return;
              const p = sigma.framedGraphToViewport(d);
              x1 = Math.min(x1, p.x);
              x2 = Math.max(x2, p.x);
              y1 = Math.min(y1, p.y);
              y2 = Math.max(y2, p.y);
            });
            return {
              box: { x1, x2, y1, y2 },
              free: { width: mapBox.width, top, height: bottom - top, bottom },
              shown: map.visibleCount(),
              ratio: sigma.getCamera().getState().ratio,
              maxRatio: sigma.getSetting('maxCameraRatio') ?? Infinity,
            };
          });
          expect(r.shown).toBe(30);
          // Inside the free part...
          expect(r.box.x1).toBeGreaterThanOrEqual(0);
          expect(r.box.x2).toBeLessThanOrEqual(r.free.width);
          expect(r.box.y1).toBeGreaterThanOrEqual(r.free.top);
          expect(r.box.y2).toBeLessThanOrEqual(r.free.bottom);
          // ...and filling most of it along one side (it was 47×39 px in a 390×205 strip).
          const fill = Math.max((r.box.x2 - r.box.x1) / r.free.width, (r.box.y2 - r.box.y1) / r.free.height);
          expect(fill).toBeGreaterThan(0.6);
          // The camera is not held at its zoom-out limit.
          expect(r.ratio).toBeLessThan(r.maxRatio);
        } finally {
          await page.context().close();
        }
      });
    }
  });
}
