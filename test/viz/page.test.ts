/**
 * The page in real Chromium, on what its key may do and on the small things around the map:
 * a reader's key is not offered (nor made to ask for) the analyst-only report, and the page says
 * why; an analyst's key, signed in later in the same tab, gets it. The search box empties with
 * the selection and leaves nothing behind when cleared. The centrality CSV is saved under the
 * server's name for it. On a phone the controls sheet scrolls as one, legend included.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiKeys } from '../../api/auth.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import { startApp } from '../helpers/start-app.ts';
import { chromiumMissing, launchChromium } from './browser.ts';
import { fixtureNetwork } from './fixture-network.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'data', 'sample');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const KEY_STORAGE = 'partnerAtlas.apiKey';
const KEYS = { reader: 'viz-page-reader-key-0123456789', analyst: 'viz-page-analyst-key-012345678' };
const missing = chromiumMissing();

/** The sample bundle when present, else the seeded fixture network written to a temp folder. */
async function dataDir(): Promise<string> {
  if (existsSync(join(SAMPLE, 'businesses.csv'))) return SAMPLE;
  const dir = mkdtempSync(join(tmpdir(), 'pa-viz-page-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  await writeBundle(dir, fixtureNetwork(150));
  return dir;
}

/** What the page asked of the API and what the console said, from the page's start. */
function watch(page: Page) {
  const seen = { requests: [] as string[], refused: [] as string[], consoleErrors: [] as string[] };
  page.on('request', (r) => {
    if (r.url().includes('/api/')) seen.requests.push(r.url());
  });
  page.on('response', (r) => {
    if (r.status() === 401 || r.status() === 403) seen.refused.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => seen.consoleErrors.push(e.message));
  return seen;
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 120_000 });
}

if (missing) {
  describe('viz › page in Chromium', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  describe('viz › page in Chromium', async () => {
    let browser: Browser;
    const dir = await dataDir();
    const open = await startApp(dir);
    const secured = await startApp(dir, {
      keys: readApiKeys({ API_KEYS: `${KEYS.reader}:reader,${KEYS.analyst}:analyst` }),
    });
    // Wait for the full analysis (a busy machine may still answer partial).
    for (let i = 0; i < 60; i++) {
      const graph = (await (await fetch(`${open.url}/api/graph`)).json()) as { partial?: boolean };
      if (!graph.partial) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }

    beforeAll(async () => {
      await build({ configFile: join(ROOT, 'viz', 'vite.config.ts'), logLevel: 'warn' });
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchChromium();
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
    });

    describe('viz › report access by role', () => {
      it("a reader's key is not offered the report, nothing is refused, and an analyst's key later gets it", async () => {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        // Signed in with the reader's key before the page starts (a key the tab already keeps);
        // a key set later in the form is left alone.
        await context.addInitScript(
          ({ storage, key }) => {
            if (!sessionStorage.getItem(storage)) sessionStorage.setItem(storage, key);
          },
          { storage: KEY_STORAGE, key: KEYS.reader },
        );
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(secured.url);
        await ready(page);
        const tab = page.locator('.view-tab[data-view="table"]');
        await expect(tab.getAttribute('aria-disabled')).resolves.toBe('true');
        await expect(tab.getAttribute('title')).resolves.toMatch(/centrality report needs an analyst key/);
        // aria-disabled, not disabled: the tab stays focusable and answers with the reason
        // (Playwright's click waits for an enabled element, hence force).
        await tab.click({ force: true });
        await page.waitForSelector('#report-refusal');
        await expect(page.textContent('#table-view')).resolves.toMatch(
          /The centrality report needs an analyst key\..*reader/,
        );
        expect(await page.$('#csv-download')).toBeNull();
        // A link that opens the report view directly does not ask either.
        await page.goto(`${secured.url}/#view=table`);
        await page.reload();
        await ready(page);
        await page.waitForSelector('#report-refusal');
        expect(seen.requests.filter((url) => url.includes('/api/reports/'))).toEqual([]);
        expect(seen.refused).toEqual([]);
        expect(seen.consoleErrors).toEqual([]);

        // Another key in the same tab: its role is asked again, and the report is offered.
        await page.click('.view-tab[data-view="map"]');
        await page.click('#key-button');
        await page.fill('#key-input', KEYS.analyst);
        // The form keeps the key and reloads the page.
        await Promise.all([page.waitForEvent('load'), page.click('#key-form button[type="submit"]')]);
        await ready(page);
        await expect(page.evaluate((k) => sessionStorage.getItem(k), KEY_STORAGE)).resolves.toBe(
          KEYS.analyst,
        );
        expect(await tab.getAttribute('aria-disabled')).toBeNull();
        await tab.click();
        await page.waitForSelector('#table-view table.data tbody tr', { timeout: 60_000 });
        expect(await page.$('#report-refusal')).toBeNull();
        expect(seen.requests.some((url) => url.includes('/api/reports/centrality'))).toBe(true);
        expect(seen.refused).toEqual([]);
        expect(seen.consoleErrors).toEqual([]);
        await context.close();
      }, 180_000);
    });

    describe('viz › search box', () => {
      let context: BrowserContext;
      let page: Page;
      let seen: ReturnType<typeof watch>;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        page = await context.newPage();
        seen = watch(page);
        await page.goto(open.url);
        await ready(page);
      }, 180_000);
      afterAll(() => context?.close());

      const selected = () => page.evaluate(() => window.partnerAtlas?.store.get().selected ?? null);
      /** Type a few letters of the first business's name and pick the first match with Enter. */
      const pickFirst = async () => {
        const label = await page.evaluate(() => window.partnerAtlas!.model.payload.nodes[0]!.label);
        await page.click('#search-input');
        await page.fill('#search-input', label.slice(0, 4));
        await page.waitForSelector('#search-results:not([hidden]) li[role="option"]');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => window.partnerAtlas?.store.get().selected != null);
        const value = await page.inputValue('#search-input');
        expect(value.toLowerCase().startsWith(label.slice(0, 4).toLowerCase())).toBe(true);
        return { id: (await selected())!, value };
      };

      it('a box emptied with Escape keeps no results: Enter and the arrows bring back no name', async () => {
        const { id } = await pickFirst();
        // The list is closed after the pick: Escape empties the box, the business stays open.
        await page.keyboard.press('Escape');
        expect(await page.inputValue('#search-input')).toBe('');
        expect(await selected()).toBe(id);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        expect(await page.inputValue('#search-input')).toBe('');
        expect(await page.getAttribute('#search-input', 'aria-activedescendant')).toBeNull();
        expect(await page.getAttribute('#search-input', 'aria-expanded')).toBe('false');
        expect(await page.locator('#search-results li').count()).toBe(0);
      });

      it('a box emptied by typing shows no list and keeps no results', async () => {
        await pickFirst();
        await page.fill('#search-input', '');
        await page.keyboard.press('Enter');
        expect(await page.inputValue('#search-input')).toBe('');
        expect(await page.isHidden('#search-results')).toBe(true);
        expect(await page.locator('#search-results li').count()).toBe(0);
      });

      it('clearing the selection empties the box that named it, but not what is being typed', async () => {
        await pickFirst();
        await page.focus('#map');
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => window.partnerAtlas?.store.get().selected === null);
        expect(await page.inputValue('#search-input')).toBe('');
        // Picked, then the person types another query: closing the business leaves it.
        await pickFirst();
        await page.fill('#search-input', 'zz');
        await page.evaluate(() => window.partnerAtlas!.store.set({ selected: null }));
        expect(await page.inputValue('#search-input')).toBe('zz');
        await page.fill('#search-input', '');
        expect(seen.consoleErrors).toEqual([]);
      });
    });

    describe('viz › centrality CSV name', () => {
      /** Download the report's CSV in a fresh open page, its headers changed by `headers`. */
      const downloadName = async (headers?: (h: Record<string, string>) => Record<string, string>) => {
        const context = await browser.newContext({
          viewport: { width: 1440, height: 900 },
          acceptDownloads: true,
        });
        try {
          const page = await context.newPage();
          if (headers)
            await page.route('**/api/reports/centrality?format=csv', async (route) => {
              const res = await route.fetch();
              await route.fulfill({ response: res, headers: headers(res.headers()) });
            });
          await page.goto(`${open.url}/#view=table`);
          await ready(page);
          await page.waitForSelector('#table-view #csv-download', { timeout: 60_000 });
          const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-download')]);
          await download.path();
          return download.suggestedFilename();
        } finally {
          await context.close();
        }
      };

      it("is saved under the server's name for it (the snapshot's), not centrality.csv", async () => {
        const health = (await (await fetch(`${open.url}/api/health`)).json()) as { snapshot: { id: string } };
        const header = (await fetch(`${open.url}/api/reports/centrality?format=csv`)).headers.get(
          'content-disposition',
        );
        expect(header).toContain(health.snapshot.id);
        await expect(downloadName()).resolves.toBe(`partner-atlas-centrality-${health.snapshot.id}.csv`);
      }, 120_000);

      it("reads filename*=UTF-8''… before filename, and falls back to centrality.csv without a name", async () => {
        await expect(
          downloadName((h) => ({
            ...h,
            'content-disposition': `attachment; filename="fallback.csv"; filename*=UTF-8''M%C3%BCnchen%20centrality.csv`,
          })),
        ).resolves.toBe('München centrality.csv');
        await expect(
          downloadName((h) => {
            const { 'content-disposition': _gone, ...rest } = h;
            return rest;
          }),
        ).resolves.toBe('centrality.csv');
      }, 180_000);
    });

    describe('viz › phone controls sheet', () => {
      it('at 390×844 the legend is part of the sheet’s one scroll, not a scroller of its own', async () => {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          hasTouch: true,
          isMobile: true,
        });
        try {
          const page = await context.newPage();
          await page.goto(open.url);
          await ready(page);
          await page.click('#sidebar-open');
          await page.waitForFunction(
            () => (document.getElementById('sidebar')?.getBoundingClientRect().top ?? 1e9) < innerHeight,
          );
          await page.waitForTimeout(300);
          const boxes = await page.evaluate(() => {
            const measure = (id: string) => {
              const node = document.getElementById(id)!;
              return {
                overflowY: getComputedStyle(node).overflowY,
                scrollHeight: node.scrollHeight,
                clientHeight: node.clientHeight,
              };
            };
            return {
              sheet: measure('sidebar'),
              legend: measure('legend'),
              items: document.querySelectorAll('#legend .legend-item').length,
            };
          });
          expect(boxes.items).toBeGreaterThan(0);
          // The sheet scrolls…
          expect(['auto', 'scroll']).toContain(boxes.sheet.overflowY);
          expect(boxes.sheet.scrollHeight).toBeGreaterThan(boxes.sheet.clientHeight);
          // …and the legend inside it does not.
          expect(['auto', 'scroll']).not.toContain(boxes.legend.overflowY);
          expect(boxes.legend.scrollHeight).toBeLessThanOrEqual(boxes.legend.clientHeight + 1);
          // The last legend row is reached by scrolling the sheet.
          const reached = await page.evaluate(() => {
            const sheet = document.getElementById('sidebar')!;
            const rows = document.querySelectorAll('#legend .legend-item');
            const last = rows[rows.length - 1]!;
            last.scrollIntoView({ block: 'end' });
            const r = last.getBoundingClientRect();
            const s = sheet.getBoundingClientRect();
            return r.bottom <= s.bottom + 1 && r.top >= s.top - 1;
          });
          expect(reached).toBe(true);
          await page.screenshot({ path: join(SHOTS, 'phone-controls-sheet.png') });
        } finally {
          await context.close();
        }
      }, 120_000);
    });
  });
}
