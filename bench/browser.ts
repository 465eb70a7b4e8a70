/**
 * Browser benchmark of the ecosystem map in real Chromium with software WebGL (SwiftShader):
 * time to first drawn frame (navigation start → first frame after sigma's first render,
 * including fetching and parsing GET /api/graph) and frame time while panning with the mouse,
 * for the sample network, a 10k-business network and a 50k-collaboration network.
 * The server-side layout (ForceAtlas2 + metrics, once per snapshot) is timed separately.
 *
 * Run alone: `node --import tsx bench/browser.ts [--quick]`; results in bench/results/browser.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { build } from 'vite';
import { createApp } from '../api/app.ts';
import { createSnapshot, SnapshotStore } from '../api/snapshot.ts';
import { writeBundle } from '../data/bundle/write-bundle.ts';
import { loadFromPath } from '../data/sources/load-network.ts';
import { chromiumMissing, launchChromium } from '../test/viz/browser.ts';
import { fixtureNetwork } from '../test/viz/fixture-network.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface BrowserBenchDataset {
  name: string;
  /** A bundle folder or .json network; or a generator of records written to a temp folder. */
  path?: string;
  generate?: () => Parameters<typeof writeBundle>[1];
}

export interface BrowserBenchOptions {
  datasets?: BrowserBenchDataset[];
  /** Page loads per dataset (first-frame time is the median). Default 3. */
  loads?: number;
  /** Mouse-drag steps while panning. Default 120. */
  panSteps?: number;
  viewport?: { width: number; height: number };
  /** Build viz/ first. Default true. */
  buildViz?: boolean;
  log?: (line: string) => void;
}

export interface BrowserBenchResult {
  dataset: string;
  businesses: number;
  collaborations: number;
  /** Server: ForceAtlas2 layout + map metrics, once per snapshot (first GET /api/graph). */
  layoutMs: number;
  /** GET /api/graph once cached, and its size. */
  graphJsonMs: number;
  graphJsonBytes: number;
  /** Navigation start → first drawn frame, median of `loads`. */
  firstFrameMs: number;
  /** The page's no-overlap pass (viz/src/map/spread.ts), median of `loads`. */
  spreadMs: number;
  /** Interval between animation frames while panning: median and 95th percentile. */
  panFrameP50Ms: number;
  panFrameP95Ms: number;
  /** Sigma render (CPU side, beforeRender→afterRender) while panning, 95th percentile. */
  panRenderP95Ms: number;
  frames: number;
}

// Page-side frame recorder, as text: tsx would wrap named functions in a helper the page lacks.
const RECORD_FRAMES = `(() => {
  const pa = window.partnerAtlas;
  const rec = { intervals: [], renders: [], on: true };
  window.panRec = rec;
  let start = 0;
  pa.map.sigma.on('beforeRender', () => { start = performance.now(); });
  pa.map.sigma.on('afterRender', () => { if (rec.on) rec.renders.push(performance.now() - start); });
  let last = performance.now();
  const tick = (now) => {
    rec.intervals.push(now - last);
    last = now;
    if (rec.on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] as number;
}

export const DEFAULT_DATASETS: BrowserBenchDataset[] = [
  existsSync(join(ROOT, 'data/sample/businesses.csv'))
    ? { name: 'sample', path: join(ROOT, 'data/sample') }
    : { name: 'sample (fixture, 150)', generate: () => fixtureNetwork(150) },
  existsSync(join(ROOT, 'data/generated/b10k/businesses.csv'))
    ? { name: '10k businesses', path: join(ROOT, 'data/generated/b10k') }
    : { name: '10k businesses', generate: () => fixtureNetwork(10_000, 2.5) },
  { name: '50k collaborations', generate: () => fixtureNetwork(20_000, 2.5, 11) },
];

const CORDIS_DIR = resolve(ROOT, '../shared/data/cordis-semiconductor-ev');

/**
 * The CORDIS semiconductor-EV network (765 organisations, 38,733 pairs), converted by the
 * project's own converter into a temp folder from ../shared/data (read in place, never copied
 * into the project). Source: CORDIS, © European Union (CC BY 4.0). Null when the data is absent.
 */
export function cordisDataset(): BrowserBenchDataset | null {
  if (!existsSync(join(CORDIS_DIR, 'organization.json'))) return null;
  const out = mkdtempSync(join(tmpdir(), 'pa-bench-cordis-'));
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin/partner-atlas.js'),
      'convert',
      'cordis',
      '--organizations',
      join(CORDIS_DIR, 'organization.json'),
      '--projects',
      join(CORDIS_DIR, 'project.json'),
      '--out',
      out,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`bench/browser: CORDIS conversion failed: ${run.stderr}`);
  return { name: 'CORDIS semiconductor-EV', path: out };
}

/** Run the browser benchmark; resolves with one result per dataset (empty if no Chromium). */
export async function benchBrowser(options: BrowserBenchOptions = {}): Promise<BrowserBenchResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const missing = chromiumMissing();
  if (missing) {
    log(`browser benchmark skipped: ${missing}`);
    return [];
  }
  const loads = options.loads ?? 3;
  const panSteps = options.panSteps ?? 120;
  const viewport = options.viewport ?? { width: 1440, height: 900 };
  if (options.buildViz ?? true)
    await build({ configFile: join(ROOT, 'viz/vite.config.ts'), logLevel: 'warn' });
  const browser = await launchChromium();
  const results: BrowserBenchResult[] = [];
  try {
    for (const dataset of options.datasets ?? DEFAULT_DATASETS) {
      let dir = dataset.path;
      let tmp: string | undefined;
      if (!dir) {
        tmp = mkdtempSync(join(tmpdir(), 'pa-bench-browser-'));
        await writeBundle(tmp, dataset.generate?.() ?? fixtureNetwork(150));
        dir = tmp;
      }
      const load = () => loadFromPath(dir);
      const { records, source } = await load();
      const store = new SnapshotStore(createSnapshot(records, source), load);
      const server = createApp({ store, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        let t = performance.now();
        await (await fetch(`${url}/api/graph`)).arrayBuffer();
        const layoutMs = performance.now() - t;
        t = performance.now();
        const body = await (await fetch(`${url}/api/graph`)).arrayBuffer();
        const graphJsonMs = performance.now() - t;

        const firstFrames: number[] = [];
        const spreads: number[] = [];
        let pan = { intervals: [] as number[], renders: [] as number[] };
        for (let i = 0; i < loads; i++) {
          const page = await browser.newPage({ viewport });
          await page.goto(url);
          await page.waitForSelector('body[data-state="ready"]', { timeout: 180_000 });
          firstFrames.push(await page.evaluate(() => window.partnerAtlas?.firstFrameMs ?? NaN));
          spreads.push(await page.evaluate(() => window.partnerAtlas?.spread.ms ?? NaN));
          if (i === loads - 1) {
            await page.waitForTimeout(500);
            await page.evaluate(RECORD_FRAMES);
            const box = await page.locator('#map').boundingBox();
            const cx = (box?.x ?? 0) + (box?.width ?? 800) / 2;
            const cy = (box?.y ?? 0) + (box?.height ?? 600) / 2;
            await page.mouse.move(cx, cy);
            await page.mouse.down();
            for (let s = 0; s < panSteps; s++) {
              const a = (s / panSteps) * 2 * Math.PI;
              await page.mouse.move(cx + 200 * Math.sin(a), cy + 120 * Math.sin(2 * a), { steps: 1 });
              await page.waitForTimeout(16);
            }
            await page.mouse.up();
            pan = await page.evaluate(() => {
              const rec = (
                window as unknown as { panRec: { intervals: number[]; renders: number[]; on: boolean } }
              ).panRec;
              rec.on = false;
              return { intervals: rec.intervals.slice(2), renders: rec.renders };
            });
          }
          await page.close();
        }
        const result: BrowserBenchResult = {
          dataset: dataset.name,
          businesses: store.current.counts.businesses,
          collaborations: store.current.counts.collaborations,
          layoutMs: Math.round(layoutMs),
          graphJsonMs: Math.round(graphJsonMs),
          graphJsonBytes: body.byteLength,
          firstFrameMs: Math.round(quantile(firstFrames, 0.5)),
          spreadMs: Math.round(quantile(spreads, 0.5)),
          panFrameP50Ms: Number(quantile(pan.intervals, 0.5).toFixed(1)),
          panFrameP95Ms: Number(quantile(pan.intervals, 0.95).toFixed(1)),
          panRenderP95Ms: Number(quantile(pan.renders, 0.95).toFixed(1)),
          frames: pan.intervals.length,
        };
        log(
          `${result.dataset.padEnd(24)} ${String(result.businesses).padStart(6)} businesses ${String(result.collaborations).padStart(6)} collaborations | ` +
            `layout ${result.layoutMs} ms | first frame ${result.firstFrameMs} ms (no-overlap ${result.spreadMs} ms) | pan frame p50 ${result.panFrameP50Ms} ms p95 ${result.panFrameP95Ms} ms (render p95 ${result.panRenderP95Ms} ms, ${result.frames} frames)`,
        );
        results.push(result);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const cordis = cordisDataset();
  // --cordis: the CORDIS network against the sample, in the same run (ratios, not absolutes).
  const datasets = process.argv.includes('--cordis')
    ? [DEFAULT_DATASETS[0]!, ...(cordis ? [cordis] : [])]
    : [...DEFAULT_DATASETS, ...(cordis ? [cordis] : [])];
  const results = await benchBrowser(quick ? { datasets: datasets.slice(0, 2), loads: 1 } : { datasets });
  if (cordis?.path) rmSync(cordis.path, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/results/browser.json'),
    `${JSON.stringify({ date: new Date().toISOString(), chromium: '/usr/bin/chromium (SwiftShader)', results }, null, 2)}\n`,
  );
}
