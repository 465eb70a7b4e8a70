/**
 * Benchmark harness: the list of sections, the networks they run on, and running each section
 * in its own child process (so a crash, a missing module or a hang is reported, never fatal,
 * and each section's peak RSS is its own).
 *
 * A section is a plain async function exported by `bench/<module>.ts`; it receives
 * {@link SectionOptions} (it may ignore what it does not use) and returns JSON-serialisable
 * results, ideally an array of flat rows, which the report renders as a table.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, hostname, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildGraph } from '../analysis/build-graph.ts';
import type { NetworkGraph } from '../analysis/domain.ts';
import { BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_LIMIT } from '../api/derived.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { SERVICE_NODE_FLAGS } from './node-flags.ts';

export const ROOT = resolve(import.meta.dirname, '..');
/** Cache of generated networks (git-ignored). */
export const GENERATED_DIR = join(ROOT, 'data/generated');
export const RESULTS_DIR = join(ROOT, 'bench/results');
/** Seed of every generated benchmark network (the generator's default). */
export const BENCH_SEED = 2050;

/** A network a section can run on: a CSV bundle folder. */
export interface BenchDataset {
  /** `sample`, `1k`, `10k`, `100k`. */
  name: string;
  /** The bundle folder. */
  dir: string;
  /** Rows of businesses.csv and collaborations.csv. */
  businesses: number;
  collaborations: number;
}

/** A dataset loaded for sections that work on the graph (e.g. metrics). */
export interface Dataset extends BenchDataset {
  graph: NetworkGraph;
  /** One business id per line, in the graph's node order. */
  nodesFile: string;
  /** `i j weight` per line (0-based positions in nodesFile), one line per edge of the graph. */
  edgesFile: string;
}

/** Read a dataset's bundle, build its graph and write its node and edge lists beside the cache. */
export async function loadDataset(d: BenchDataset): Promise<Dataset> {
  const graph = buildGraph(await readBundle(d.dir));
  const dir = join(GENERATED_DIR, 'bench', d.name);
  mkdirSync(dir, { recursive: true });
  const index = new Map<string, number>();
  const ids = graph.nodes();
  ids.forEach((id, i) => index.set(id, i));
  const edges: string[] = [];
  graph.forEachEdge((_e, attrs, source, target) => {
    edges.push(`${index.get(source)} ${index.get(target)} ${attrs.weight}`);
  });
  const nodesFile = join(dir, 'nodes.txt');
  const edgesFile = join(dir, 'edges.txt');
  writeFileSync(nodesFile, `${ids.join('\n')}\n`);
  writeFileSync(edgesFile, `${edges.join('\n')}\n`);
  return { ...d, graph, nodesFile, edgesFile };
}

/** Call `run` on every dataset in turn; a failure on one becomes a row `{ dataset, error }`. */
export async function eachDataset(
  options: SectionOptions,
  run: (d: BenchDataset) => Promise<unknown>,
): Promise<unknown[]> {
  const rows: unknown[] = [];
  for (const d of options.datasets) {
    options.log(`${d.name} (${d.businesses} businesses)`);
    try {
      const result = await run(d);
      rows.push(
        result && typeof result === 'object' && !Array.isArray(result) && !('dataset' in result)
          ? { dataset: d.name, ...result }
          : result,
      );
    } catch (error) {
      rows.push({ dataset: d.name, error: reasonOf(error) });
    }
  }
  return rows;
}

/** Median time of `reps` runs of `fn` (after one untimed warm-up run when `warmUp`). */
export async function timeIt<T>(
  fn: () => T | Promise<T>,
  reps = 1,
  warmUp = false,
): Promise<{ ms: number; runs: number[]; result: T }> {
  if (warmUp) await fn();
  const runs: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < Math.max(1, reps); i++) {
    const t = performance.now();
    result = await fn();
    runs.push(performance.now() - t);
  }
  return { ms: median(runs), runs, result: result as T };
}

/** Median of a non-empty list (NaN when empty). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank quantile, `q` in [0, 1] (NaN when empty). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

/** What every section function receives. */
export interface SectionOptions {
  /** `--quick`: smallest useful work (a section should finish within its budget, ~1 minute). */
  quick: boolean;
  /** Generated network sizes of this run, in businesses (e.g. [1000, 10000]). */
  sizes: number[];
  /** The sample and the generated networks of `sizes`, smallest first. */
  datasets: BenchDataset[];
  /** Print a progress line. */
  log: (line: string) => void;
}

export interface SectionSpec {
  name: string;
  /** Module under bench/, relative to it. */
  module: string;
  exportName: string;
  /** What the section measures (for the report). */
  summary: string;
  /** Time limit in seconds, full run and --quick. */
  timeoutSec: { full: number; quick: number };
  /**
   * One process per dataset: each row's peak RSS is that network's alone, and a time-out on
   * the largest network keeps the rows of the others.
   */
  isolate?: boolean;
  /** Share of the --quick budget relative to the other sections (default 1). */
  quickWeight?: number;
  /** Skipped by --quick unless named in --only (e.g. it starts a server). */
  slow?: string;
  /**
   * How to call the section's function (in the child process); default `fn(options)`.
   * Sections that take one network are called once per dataset here.
   */
  call?: (fn: SectionFunction, options: SectionOptions) => Promise<unknown>;
  /** Node options of the section's process besides tsx and --expose-gc (e.g. the service's). */
  nodeFlags?: readonly string[];
}

// Sections have their own option types; the harness only knows they are async functions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SectionFunction = (...args: any[]) => Promise<unknown>;

export type SectionOutcome =
  | { name: string; status: 'ok'; ms: number; maxRssMb: number; result: unknown }
  | { name: string; status: 'not available'; reason: string; ms?: number };

/** The sections in run order. */
export const SECTIONS: SectionSpec[] = [
  {
    name: 'loading',
    module: 'load.ts',
    exportName: 'benchLoading',
    summary: 'CSV bundle → records → graph (median of runs) with peak RSS; peers read the same edge list',
    timeoutSec: { full: 1200, quick: 120 },
    isolate: true,
  },
  {
    name: 'metrics',
    module: 'metrics.ts',
    exportName: 'benchMetrics',
    isolate: true,
    quickWeight: 2,
    summary: 'every metric of the centrality report and the full report, vs networkx and igraph',
    timeoutSec: { full: 3600, quick: 200 },
    call: (fn, base) =>
      eachDataset(base, async (d) => {
        const ds = await loadDataset(d);
        const samples = ds.graph.order > EXACT_BETWEENNESS_LIMIT ? BETWEENNESS_SAMPLES : undefined;
        return fn(ds, {
          quick: base.quick,
          log: base.log,
          ...(samples !== undefined && { betweennessSamples: samples }),
        });
      }),
  },
  {
    name: 'local-report',
    module: 'local-report.ts',
    exportName: 'benchLocalReport',
    summary:
      'the whole local centrality report (CLI process, and runAnalysis) vs igraph betweenness alone, 10k and 20k / 377k networks (issue 20 item 5)',
    // igraph's betweenness on the 20k / 377k network alone is about 90 s on a quiet machine.
    timeoutSec: { full: 1800, quick: 900 },
    slow: 'generates a 20k / 377k network and runs igraph exact on it',
    call: (fn, base) => fn({ log: base.log }),
  },
  {
    name: 'suggestions',
    module: 'suggestions.ts',
    exportName: 'benchSuggestions',
    isolate: true,
    summary: 'the four questions, suggestions for one business, the consortium builder',
    timeoutSec: { full: 900, quick: 60 },
    call: (fn, base) => eachDataset(base, (d) => fn({ dataDir: d.dir, quick: base.quick })),
  },
  {
    name: 'cold-path',
    module: 'suggestions.ts',
    exportName: 'benchColdPath',
    summary:
      'the service on a 20k-business / 375k-collaboration network: first suggestion after /api/health is up, then p99; the first report as peer',
    timeoutSec: { full: 600, quick: 120 },
    slow: 'generates a 20k network and starts the service',
    call: (fn, base) => fn({ log: base.log, quick: base.quick }),
  },
  {
    name: 'timeline',
    module: 'timeline.ts',
    exportName: 'benchTimeline',
    isolate: true,
    summary: 'the network timeline, key players and a what-if',
    timeoutSec: { full: 900, quick: 60 },
    call: (fn, base) => eachDataset(base, (d) => fn({ dataDir: d.dir, quick: base.quick })),
  },
  {
    name: 'api-load',
    module: 'api-load.ts',
    exportName: 'benchApiLoad',
    summary: 'the API under load (autocannon): throughput, p50/p99, service memory',
    timeoutSec: { full: 1200, quick: 150 },
    quickWeight: 2,
  },
  {
    name: 'mixed-load',
    module: 'mixed-load.ts',
    exportName: 'benchMixedLoad',
    summary:
      'mixed API traffic on the 10k network for 60 s (autocannon): p50/p99 per route, errors, memory over 10 runs',
    // 60 s of traffic, then 10 runs of 10,000 requests: about 100 s each on a loaded 2-core machine.
    timeoutSec: { full: 2400, quick: 120 },
  },
  {
    name: 'neo4j',
    module: 'neo4j.ts',
    exportName: 'benchNeo4j',
    summary: 'Neo4j import (rows/s) and Neo4j → graph',
    // --sizes 300k adds the 1M-collaboration network: about 15 minutes of import on a loaded machine.
    timeoutSec: { full: 3600, quick: 240 },
    slow: 'starts a Neo4j server',
    // Neo4j → graph is what `npm start` does with NEO4J_URI set: measured with its settings.
    nodeFlags: SERVICE_NODE_FLAGS,
    call: (fn, base) =>
      fn({ log: base.log, sizes: base.quick ? [1000] : base.sizes.filter((s) => s >= 10_000) }),
  },
  {
    name: 'engines',
    module: 'engines.ts',
    exportName: 'benchEngines',
    summary: 'full report with the local and the GDS engine against igraph betweenness',
    // --sizes 10k,100k,300k: about 25 minutes on a loaded 2-core machine (imports included).
    timeoutSec: { full: 5400, quick: 600 },
    slow: 'starts a Neo4j server with GDS',
    call: (fn, base) => fn(base),
  },
  {
    name: 'browser',
    module: 'browser.ts',
    exportName: 'benchBrowser',
    summary: 'front end in Chromium: time to first frame, frame time while panning',
    timeoutSec: { full: 1200, quick: 240 },
    slow: 'builds the front end and drives Chromium',
    call: (fn, base) =>
      fn({
        log: base.log,
        datasets: base.datasets
          .filter((d) => d.businesses <= 10_000)
          .map((d) => ({ name: d.name, path: d.dir })),
        loads: base.quick ? 1 : 3,
      }),
  },
];

/** Parse `1k,10k,100k` (or plain numbers) into business counts. */
export function parseSizes(text: string): number[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$/i.exec(part);
    if (!m) throw new Error(`--sizes: "${part}" is not a size; write e.g. 1k,10k,100k`);
    const n = Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1);
    if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes: ${part} must be at least 10 businesses`);
    return n;
  });
}

/** `1000` → `1k`, `100000` → `100k`. */
export function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}m` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

function countRows(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file);
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text[i] === 10) lines++;
  if (text.length > 0 && text[text.length - 1] !== 10) lines++;
  return Math.max(0, lines - 1);
}

function generatorHash(): string {
  const hash = createHash('sha256');
  for (const file of ['data/sample/generate.ts', 'data/sample/catalog.ts'])
    hash.update(readFileSync(join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The sample and one generated network per size, generated (in a child process) only when
 * `data/generated/b<size>` is missing or was made by another version of the generator.
 */
export function prepareDatasets(sizes: number[], log: (line: string) => void): BenchDataset[] {
  const datasets: BenchDataset[] = [];
  const dataset = (name: string, dir: string): BenchDataset => ({
    name,
    dir,
    businesses: countRows(join(dir, 'businesses.csv')),
    collaborations: countRows(join(dir, 'collaborations.csv')),
  });
  datasets.push(dataset('sample', join(ROOT, 'data/sample')));
  const version = generatorHash();
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const label = sizeLabel(size);
    const dir = join(GENERATED_DIR, `b${label}`);
    const stampFile = join(dir, '.bench-stamp.json');
    const stamp = JSON.stringify({ businesses: size, seed: BENCH_SEED, generator: version });
    const cached = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
    if (!cached) {
      log(`generating ${label} businesses into ${dir} ...`);
      const t = performance.now();
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'data/sample/generate.ts'),
          '--businesses',
          String(size),
          '--seed',
          String(BENCH_SEED),
          '--out',
          dir,
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      writeFileSync(stampFile, stamp);
      log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    datasets.push(dataset(label, dir));
  }
  return datasets;
}

/** The machine and software a run used; the load average says how noisy it was. */
export interface MachineInfo {
  host: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  loadAverage: [number, number, number];
  node: string;
  commit: string;
}

export function describeMachine(): MachineInfo {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    commit = 'unknown (not a git checkout)';
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const [l1, l5, l15] = loadavg();
  return {
    host: hostname(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: round1(totalmem() / 2 ** 30),
    freeMemoryGb: round1(freemem() / 2 ** 30),
    loadAverage: [round1(l1 ?? 0), round1(l5 ?? 0), round1(l15 ?? 0)],
    node: process.version,
    commit,
  };
}

/**
 * Run one section in a child process (`bench/run.ts --section`), with a time limit; the
 * outcome is "not available" with the reason when the module is missing, fails to import,
 * throws, or runs out of time.
 */
export async function runSectionInChild(
  spec: SectionSpec,
  options: SectionOptions,
  timeoutSec: number,
  workDir: string,
): Promise<SectionOutcome> {
  const file = join(ROOT, 'bench', spec.module);
  if (!existsSync(file))
    return { name: spec.name, status: 'not available', reason: `bench/${spec.module} does not exist yet` };
  if (!spec.isolate) return runChild(spec, options, timeoutSec, workDir, spec.name);
  // One process per dataset, within the section's time limit overall.
  const deadline = performance.now() + timeoutSec * 1000;
  const rows: unknown[] = [];
  let ms = 0;
  let maxRssMb = 0;
  const failures: string[] = [];
  for (const d of options.datasets) {
    const left = Math.round((deadline - performance.now()) / 1000);
    const outcome =
      left < 1
        ? ({ name: spec.name, status: 'not available', reason: `no time left of ${timeoutSec} s` } as const)
        : await runChild(spec, { ...options, datasets: [d] }, left, workDir, `${spec.name}-${d.name}`);
    if (outcome.status !== 'ok') {
      if (/does not export|failed to load/.test(outcome.reason)) return outcome;
      rows.push({ dataset: d.name, error: outcome.reason });
      failures.push(outcome.reason);
      continue;
    }
    ms += outcome.ms;
    maxRssMb = Math.max(maxRssMb, outcome.maxRssMb);
    rows.push(...(Array.isArray(outcome.result) ? outcome.result : [outcome.result]));
  }
  if (failures.length === options.datasets.length && failures[0] !== undefined)
    return { name: spec.name, status: 'not available', reason: failures[0], ms };
  return { name: spec.name, status: 'ok', ms, maxRssMb, result: rows };
}

async function runChild(
  spec: SectionSpec,
  options: SectionOptions,
  timeoutSec: number,
  workDir: string,
  label: string,
): Promise<SectionOutcome> {
  mkdirSync(workDir, { recursive: true });
  const contextFile = join(workDir, `${label}.context.json`);
  const resultFile = join(workDir, `${label}.result.json`);
  rmSync(resultFile, { force: true });
  const { log: _log, ...plain } = options;
  writeFileSync(contextFile, JSON.stringify(plain));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(spec.nodeFlags ?? []),
      '--import',
      'tsx',
      '--expose-gc',
      join(ROOT, 'bench/run.ts'),
      '--section',
      spec.name,
      '--context',
      contextFile,
      '--result',
      resultFile,
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true },
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // The child leads its own process group: end it and whatever it started.
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      /* already gone */
    }
    setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 10_000).unref();
  }, timeoutSec * 1000);
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  clearTimeout(timer);
  const ms = Math.round(performance.now() - started);
  if (timedOut)
    return { name: spec.name, status: 'not available', reason: `timed out after ${timeoutSec} s`, ms };
  if (!existsSync(resultFile))
    return {
      name: spec.name,
      status: 'not available',
      reason: `its process exited with code ${code} before reporting`,
      ms,
    };
  return JSON.parse(readFileSync(resultFile, 'utf8')) as SectionOutcome;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
}

/**
 * A function of two parameters takes one loaded network and options, `fn(ds, { quick, log })`,
 * and is called per dataset; otherwise it takes the shared {@link SectionOptions}.
 */
function defaultCall(fn: SectionFunction, base: SectionOptions): Promise<unknown> {
  if (fn.length >= 2)
    return eachDataset(base, async (d) => fn(await loadDataset(d), { quick: base.quick, log: base.log }));
  return fn(base);
}

/** Child side: import the section's module, call its function, write the outcome. */
export async function runSectionHere(name: string, contextFile: string, resultFile: string): Promise<void> {
  const spec = SECTIONS.find((s) => s.name === name);
  const write = (outcome: SectionOutcome) => writeFileSync(resultFile, JSON.stringify(outcome, null, 1));
  if (!spec) return write({ name, status: 'not available', reason: `no section named ${name}` });
  const base = {
    ...(JSON.parse(readFileSync(contextFile, 'utf8')) as Omit<SectionOptions, 'log'>),
    log: (line: string) => console.log(`  [${name}] ${line}`),
  };
  let fn: unknown;
  try {
    const mod = (await import(pathToFileURL(join(ROOT, 'bench', spec.module)).href)) as Record<
      string,
      unknown
    >;
    fn = mod[spec.exportName];
  } catch (error) {
    return write({
      name,
      status: 'not available',
      reason: `bench/${spec.module} failed to load: ${reasonOf(error)}`,
    });
  }
  if (typeof fn !== 'function')
    return write({
      name,
      status: 'not available',
      reason: `bench/${spec.module} does not export ${spec.exportName}()`,
    });
  const started = performance.now();
  try {
    const call = spec.call ?? defaultCall;
    let result = await call(fn as SectionFunction, base);
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    // One dataset in this process: its peak RSS belongs to the row.
    if (spec.isolate && Array.isArray(result))
      result = result.map((row: unknown) =>
        row && typeof row === 'object' ? { ...row, peakRssMb: maxRssMb } : row,
      );
    write({
      name,
      status: 'ok',
      ms: Math.round(performance.now() - started),
      maxRssMb,
      result: result ?? null,
    });
  } catch (error) {
    write({
      name,
      status: 'not available',
      reason: reasonOf(error),
      ms: Math.round(performance.now() - started),
    });
  }
}
