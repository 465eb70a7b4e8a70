/**
 * Partnering section of `npm run bench` (issue 5's speed goals): the one-time partnering
 * index per snapshot, then the four questions plus the top-10 suggestions for each of ≥ 200
 * businesses spread over the network (median and p99 per business; goal < 20 ms on the 10k
 * network), and the consortium builder for 8 required capabilities, size 5 (goal < 1 s).
 * There is no peer doing the same work, so figures are reported against the goals.
 */
import { buildGraph } from '../analysis/build-graph.ts';
import type { NetworkGraph } from '../analysis/domain.ts';
import { detectCommunities } from '../analysis/metrics/communities.ts';
import { toCsr } from '../analysis/metrics/csr.ts';
import { structuralHoles } from '../analysis/metrics/structural-holes.ts';
import { buildConsortium } from '../analysis/partnering/consortium.ts';
import { answerFourQuestions } from '../analysis/partnering/four-questions.ts';
import { buildPartneringIndex } from '../analysis/partnering/partnering-index.ts';
import { suggestPartners } from '../analysis/partnering/suggestions.ts';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { writeBundle } from '../data/bundle/write-bundle.ts';
import { generateNetwork } from '../data/sample/generate.ts';
import { median, quantile, timeIt } from './harness.ts';
import { SERVICE_NODE_FLAGS } from './node-flags.ts';

const ROOT = resolve(import.meta.dirname, '..');

export const PARTNERING_GOALS = { perBusinessMs: 20, consortiumMs: 1000 } as const;

export interface PartneringResult {
  businesses: number;
  indexMs: number;
  /** Four questions + top-10 suggestions, per business. */
  perBusiness: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
  questions: { p50Ms: number; p99Ms: number };
  suggestions: { p50Ms: number; p99Ms: number };
  /** buildConsortium for 8 capabilities, maxSize 5, over several capability sets. */
  consortium: { sets: number; p50Ms: number; maxMs: number; methods: string[]; complete: number };
}

/** Eight capabilities chosen deterministically: every k-th of those held, by holder count. */
function capabilitySets(holders: Map<string, unknown[]>, sets: number): string[][] {
  const names = [...holders.entries()]
    .filter(([, list]) => list.length > 0)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([name]) => name);
  const out: string[][] = [];
  for (let s = 0; s < sets; s++) {
    const set: string[] = [];
    for (let i = 0; set.length < 8 && i < names.length; i++) {
      const name = names[(s * 7 + i * 5) % names.length] as string;
      if (!set.includes(name)) set.push(name);
    }
    out.push(set);
  }
  return out;
}

/**
 * Partnering on one bundle.
 * @param options dataDir: the CSV bundle; quick: 200 businesses and 5 capability sets (else 500 and 10)
 */
export async function benchSuggestions(options: {
  dataDir: string;
  quick?: boolean;
}): Promise<PartneringResult> {
  return benchPartnering(buildGraph(await readBundle(options.dataDir)), { quick: options.quick ?? false });
}

export async function benchPartnering(
  graph: NetworkGraph,
  options: { quick: boolean },
): Promise<PartneringResult> {
  // The API builds the index from the analysis's communities and constraint; the same
  // functions compute them here, without the report's (slow) shortest-path pass.
  const { communities } = detectCommunities(graph);
  const csr = toCsr(graph);
  const holes = structuralHoles(csr).constraint;
  const constraint: Record<string, number | null> = {};
  csr.ids.forEach((id, i) => {
    const c = holes[i] as number;
    constraint[id] = Number.isNaN(c) ? null : c;
  });
  const index = await timeIt(() => buildPartneringIndex(graph, { communities, constraint }), 3);
  const idx = index.result;
  const ids = idx.ids;
  const count = Math.min(ids.length, options.quick ? 200 : 500);
  const step = ids.length / count;
  const picked = Array.from({ length: count }, (_, i) => ids[Math.floor(i * step)] as string);
  // Warm-up on a few businesses so the JIT is not timed.
  for (const id of picked.slice(0, 20)) {
    answerFourQuestions(idx, id);
    suggestPartners(idx, id, { limit: 10 });
  }
  const both: number[] = [];
  const questions: number[] = [];
  const suggestions: number[] = [];
  for (const id of picked) {
    const t0 = performance.now();
    answerFourQuestions(idx, id);
    const t1 = performance.now();
    suggestPartners(idx, id, { limit: 10 });
    const t2 = performance.now();
    questions.push(t1 - t0);
    suggestions.push(t2 - t1);
    both.push(t2 - t0);
  }
  const sets = capabilitySets(idx.holders, options.quick ? 5 : 10);
  const consortium: number[] = [];
  const methods = new Set<string>();
  let complete = 0;
  buildConsortium(idx, { capabilities: sets[0] ?? [], maxSize: 5 });
  for (const capabilities of sets) {
    const t = await timeIt(() => buildConsortium(idx, { capabilities, maxSize: 5 }), 1);
    consortium.push(t.ms);
    methods.add(t.result.method);
    if (t.result.teams[0]?.complete) complete++;
  }
  return {
    businesses: graph.order,
    indexMs: index.ms,
    perBusiness: {
      count,
      p50Ms: median(both),
      p99Ms: quantile(both, 0.99),
      maxMs: Math.max(...both),
    },
    questions: { p50Ms: median(questions), p99Ms: quantile(questions, 0.99) },
    suggestions: { p50Ms: median(suggestions), p99Ms: quantile(suggestions, 0.99) },
    consortium: {
      sets: sets.length,
      p50Ms: median(consortium),
      maxMs: Math.max(...consortium),
      methods: [...methods],
      complete,
    },
  };
}

// ---- cold path: the first suggestion after start, on a 20k / 375k network ------------------

export const COLD_PATH_GOALS = { firstSuggestionMs: 2000, p99Ms: 20 } as const;
const COLD_NETWORK = { businesses: 20_000, rowsPerBusiness: 27, seed: 16 } as const;
const COLD_DIR = join(ROOT, 'data/generated/cold-20k');

interface Timings {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The peer, /api/health, timed right after each suggestion. */
  healthP50Ms: number;
  healthP99Ms: number;
}

export interface ColdPathResult {
  businesses: number;
  collaborations: number;
  /** Service start (process spawned) → first 200 from /api/health. */
  healthUpMs: number;
  /** /api/health up → first top-10 suggestion answered (200). */
  firstSuggestionMs: number;
  /** Status of that first answer (200 expected, never 503). */
  firstStatus: number;
  /** Bytes of that first answer. */
  firstBytes: number;
  /** Its ranker: `default` while the learned one is being fitted in the background. */
  firstRanker: string;
  /** The ranker answers carried at the end of polling (`learned` expected) and when, after health. */
  ranker: string;
  rankerMs: number;
  /** Then one request each for distinct businesses (no answer cache) while the report computes… */
  duringReport: Timings;
  /** …and as many more once it is done. */
  warm: Timings;
  /** Peer in the same run: /api/health up → first centrality report (betweenness, closeness…). */
  firstReportMs: number;
  /** firstReportMs / firstSuggestionMs. */
  reportOverSuggestion: number;
}

/** The 20k-business, ~375k-collaboration bundle (generated once, cached with its options). */
export function coldBundle(log: (line: string) => void): string {
  const stampFile = join(COLD_DIR, '.bench-stamp.json');
  const stamp = JSON.stringify(COLD_NETWORK);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return COLD_DIR;
  log(`generating the cold-path network (${JSON.stringify(COLD_NETWORK)}) into ${COLD_DIR} ...`);
  writeBundle(COLD_DIR, generateNetwork(COLD_NETWORK));
  writeFileSync(stampFile, stamp);
  return COLD_DIR;
}

/**
 * Starts the real service (api/server.ts, the service's node flags) on the 20k network, waits
 * for /api/health, then times the first suggestion, 300 more for distinct businesses, and the
 * first centrality report as the peer.
 */
export async function benchColdPath(
  options: { log?: (line: string) => void; quick?: boolean } = {},
): Promise<ColdPathResult> {
  const log = options.log ?? (() => {});
  const dir = coldBundle(log);
  const ids = readFileSync(join(dir, 'businesses.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0] as string);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, '--import', 'tsx', join(ROOT, 'api/server.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_SECOND: '1000000',
        RATE_LIMIT_BURST: '1000000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /http:\/\/[^:]+:(\d+)\//.exec(out);
        if (m) resolvePort(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`service exited with code ${code}: ${out}`)));
    });
    const base = `http://127.0.0.1:${port}/api`;
    for (;;) {
      const res = await fetch(`${base}/health`).catch(() => undefined);
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const healthUp = performance.now();
    const pick = (i: number, n: number) => ids[Math.floor((i * ids.length) / n)] as string;
    const first = await fetch(`${base}/businesses/${encodeURIComponent(pick(0, 1))}/suggestions?limit=10`);
    const firstBody = await first.arrayBuffer();
    const firstSuggestionMs = performance.now() - healthUp;
    const count = options.quick ? 100 : 300;
    const timed = async (url: string) => {
      const t = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      return performance.now() - t;
    };
    // Each suggestion request is followed by a /api/health request, the peer: on a loaded
    // machine the ratio of the two p99s says what the suggestion itself costs.
    const timeRequests = async (offset: number): Promise<Timings> => {
      const times: number[] = [];
      const health: number[] = [];
      for (let i = 1; i <= count; i++) {
        const id = pick(offset + i, 2 * count + 1);
        times.push(await timed(`${base}/businesses/${encodeURIComponent(id)}/suggestions?limit=10`));
        health.push(await timed(`${base}/health`));
      }
      return {
        count,
        p50Ms: median(times),
        p99Ms: quantile(times, 0.99),
        maxMs: Math.max(...times),
        healthP50Ms: median(health),
        healthP99Ms: quantile(health, 0.99),
      };
    };
    const firstRanker = (JSON.parse(new TextDecoder().decode(firstBody)) as { ranker: { kind: string } })
      .ranker.kind;
    // While the report is still being computed on every core, then once it is done.
    const duringReport = await timeRequests(0);
    // The ranker is learned in the background: poll until the answers say so.
    let ranker = firstRanker;
    for (let tries = 0; ranker !== 'learned' && tries < 600; tries++) {
      const res = await fetch(`${base}/businesses/${encodeURIComponent(pick(0, 1))}/suggestions?limit=10`);
      ranker = ((await res.json()) as { ranker: { kind: string; reason: string } }).ranker.kind;
      if (ranker !== 'learned') await new Promise((r) => setTimeout(r, 100));
    }
    const rankerMs = performance.now() - healthUp;
    // The whole report (20k rows); a 503 is the request timeout while it is still being
    // computed (the computation goes on), so ask again until it is there.
    for (let tries = 0; ; tries++) {
      const report = await fetch(`${base}/reports/centrality`);
      await report.arrayBuffer();
      if (report.ok) break;
      if (report.status !== 503 || tries >= 20)
        throw new Error(`GET /api/reports/centrality answered ${report.status}`);
    }
    const firstReportMs = performance.now() - healthUp;
    const warm = await timeRequests(count);
    return {
      businesses: ids.length,
      collaborations: countLines(join(dir, 'collaborations.csv')),
      healthUpMs: healthUp - started,
      firstSuggestionMs,
      firstStatus: first.status,
      firstBytes: firstBody.byteLength,
      firstRanker,
      ranker,
      rankerMs,
      duringReport,
      warm,
      firstReportMs,
      reportOverSuggestion: firstReportMs / firstSuggestionMs,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

function countLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1;
}
