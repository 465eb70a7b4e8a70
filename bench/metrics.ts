/**
 * Metrics section of `npm run bench`: every metric of the centrality report (issue 4) timed
 * on our compact-array implementations, the full report single-threaded (`analyseNetwork`)
 * and in the worker with the shortest-path pass split over every core (`runAnalysis`), next
 * to networkx and igraph computing the same metric on the same edge list in the same run
 * (bench/peers/metrics.py), and graphology-metrics' own betweenness as the JS reference.
 * Values are checked against the peers: max absolute error and top-10 agreement.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { detectCommunities } from '../analysis/metrics/communities.ts';
import { toCsr } from '../analysis/metrics/csr.ts';
import { degrees, weightedDegrees } from '../analysis/metrics/degree.ts';
import { computePaths, normaliseBetweenness } from '../analysis/metrics/betweenness.ts';
import { closenessFromPaths } from '../analysis/metrics/closeness.ts';
import { clustering } from '../analysis/metrics/clustering.ts';
import { coreNumbers } from '../analysis/metrics/core-number.ts';
import { eigenvector } from '../analysis/metrics/eigenvector.ts';
import { pagerank } from '../analysis/metrics/pagerank.ts';
import { reach2 } from '../analysis/metrics/reach.ts';
import { structuralHoles } from '../analysis/metrics/structural-holes.ts';
import { analyseNetwork } from '../analysis/report/network-analysis.ts';
import { runAnalysis } from '../compute/run-analysis.ts';
import { ROOT, timeIt, type Dataset } from './harness.ts';

const run = promisify(execFile);
export const PYTHON = '/usr/bin/python3';

export type PeerName = 'networkx' | 'igraph';

export interface Agreement {
  /** Largest |ours − theirs| over the businesses compared. */
  maxAbsError: number;
  /** Of our top 10, how many are also in the peer's top 10 (ties counted as in). */
  top10: number | null;
  compared: number;
}

export interface PeerTiming {
  ms: number;
  note?: string;
  agreement?: Agreement;
}

export interface MetricTiming {
  metric: string;
  ms: number;
  /** What our time covers when it differs from the peers' (e.g. two metrics in one pass). */
  note?: string;
  peers: Partial<Record<PeerName, PeerTiming>>;
}

export interface MetricsResult {
  dataset: string;
  businesses: number;
  collaborations: number;
  betweenness: 'exact' | number;
  metrics: MetricTiming[];
  /** Full report: ours single-threaded and in the worker over all cores. */
  report: { singleThreadMs: number | null; workerMs: number };
  /** graphology-metrics betweenness (getEdgeWeight: null), the JS reference of issue 4. */
  graphologyBetweennessMs: number | null;
  peerTotals: Partial<Record<PeerName, { metricsMs: number; processMs: number; note?: string }>>;
  peerErrors: string[];
  modularity: { ours: number } & Partial<Record<PeerName, number>>;
}

interface PeerMetric {
  ms: number;
  note?: string;
  values?: (number | null)[];
  sample?: { nodes: number[]; values: (number | null)[] };
  modularity?: number;
}
interface PeerOutput {
  process_ms: number;
  tools: Partial<Record<PeerName, Record<string, PeerMetric | number> & { error?: string }>>;
}

/**
 * How far a peer's values are from ours: the largest absolute difference over the businesses
 * both define, and how many of our top 10 (by value, then position; NaN never ranks) are in the
 * peer's top 10, a business counting when its peer value reaches the peer's 10th largest (so
 * ties do not penalise). With `nodes`, `theirs` holds the values of those positions only (a
 * peer that ran on a sample) and no top 10 is computed.
 */
export function agreement(ours: ArrayLike<number>, theirs: (number | null)[], nodes?: number[]): Agreement {
  const idx = nodes ?? Array.from({ length: ours.length }, (_, i) => i);
  let maxAbsError = 0;
  let compared = 0;
  idx.forEach((node, k) => {
    const a = ours[node] as number;
    const b = nodes ? theirs[k] : theirs[node];
    if (b === null || b === undefined || Number.isNaN(a)) return;
    compared++;
    maxAbsError = Math.max(maxAbsError, Math.abs(a - b));
  });
  if (nodes || idx.length < 10) return { maxAbsError, top10: null, compared };
  // Undefined values (NaN: constraint of an isolated business) rank nowhere.
  const top = idx
    .filter((i) => !Number.isNaN(ours[i]))
    .sort((i, j) => (ours[j] as number) - (ours[i] as number) || i - j)
    .slice(0, 10);
  const peerSorted = theirs.map((v) => v ?? -Infinity).sort((x, y) => y - x);
  const tenth = peerSorted[9] ?? -Infinity;
  const top10 = top.filter((i) => (theirs[i] ?? -Infinity) >= tenth - 1e-12).length;
  return { maxAbsError, top10, compared };
}

export interface MetricsBenchOptions {
  quick: boolean;
  /** Betweenness sources for this network (undefined = exact), as the API would use. */
  betweennessSamples?: number;
  log: (line: string) => void;
}

async function runPeers(ds: Dataset, quick: boolean, log: (l: string) => void): Promise<PeerOutput | string> {
  const n = ds.graph.order;
  const out = join(tmpdir(), `pa-bench-peers-${process.pid}-${ds.name}.json`);
  // networkx's shortest paths and structural holes are pure Python: sampled beyond a size.
  const nxSample = quick ? (n > 300 ? (n > 5_000 ? 50 : 100) : 0) : n > 2_000 ? 500 : 0;
  const igSample = n > 30_000 ? 2_000 : 0;
  const args = [
    join(ROOT, 'bench/peers/metrics.py'),
    ds.nodesFile,
    ds.edgesFile,
    out,
    '--nx-sample',
    String(nxSample),
    '--ig-sample',
    String(igSample),
    '--reps',
    quick ? '1' : '3',
  ];
  log(
    `  peers (networkx${nxSample ? ` sampled ${nxSample}` : ''}, igraph${igSample ? ` sampled ${igSample}` : ''})…`,
  );
  try {
    await run(PYTHON, args, { timeout: quick ? 240_000 : 1_800_000, maxBuffer: 1 << 20 });
    return JSON.parse(readFileSync(out, 'utf8')) as PeerOutput;
  } catch (error) {
    return `peers not available: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(out, { force: true });
  }
}

/** Time every metric, the full report and the peers on one network. */
export async function benchMetrics(ds: Dataset, options: MetricsBenchOptions): Promise<MetricsResult> {
  const { quick, log } = options;
  const graph = ds.graph;
  const csr = toCsr(graph);
  const n = csr.ids.length;
  const light = quick ? 3 : 5;
  const samples = options.betweennessSamples;
  log(`  ours…`);

  const ours: {
    metric: string;
    ms: number;
    values?: ArrayLike<number>;
    note?: string;
    peerKeys: string[];
  }[] = [];
  const add = async (
    metric: string,
    fn: () => ArrayLike<number> | undefined,
    reps: number,
    peerKeys = [metric],
    note?: string,
  ) => {
    const t = await timeIt(fn, reps, reps > 1);
    ours.push({ metric, ms: t.ms, peerKeys, ...(t.result && { values: t.result }), ...(note && { note }) });
    return t.result;
  };
  await add('toCsr (compact arrays)', () => toCsr(graph).offsets, light, []);
  await add('degree', () => degrees(csr), light);
  await add('weighted_degree', () => weightedDegrees(csr), light);
  let paths: { betweenness: Float64Array; closeness: Float64Array } | undefined;
  await add(
    'betweenness + closeness',
    () => {
      const pass = computePaths(csr, samples === undefined ? {} : { samples });
      paths = {
        betweenness: normaliseBetweenness(pass.partial, pass.plan),
        closeness: closenessFromPaths(pass.partial),
      };
      return undefined;
    },
    1,
    ['betweenness', 'closeness'],
    samples === undefined ? 'one BFS pass, 1 thread' : `${samples} sampled sources, 1 thread`,
  );
  await add('eigenvector', () => eigenvector(csr), light);
  await add('pagerank', () => pagerank(csr), light);
  await add('clustering', () => clustering(csr), light);
  await add('core', () => coreNumbers(csr), light);
  let holes: ReturnType<typeof structuralHoles> | undefined;
  await add(
    'constraint + effective_size',
    () => (holes = structuralHoles(csr)).constraint,
    light,
    ['constraint', 'effective_size'],
    'both in one pass',
  );
  await add('reach_2', () => reach2(csr), light);
  let modularity = 0;
  await add(
    'community (Louvain)',
    () => {
      modularity = detectCommunities(graph).modularity;
      return undefined;
    },
    light,
    ['community'],
  );

  log(`  full report…`);
  const analysisOptions = samples === undefined ? {} : { betweennessSamples: samples };
  // In --quick the single-threaded report is left out on big networks: the per-metric rows
  // above already add up to it, and the worker report is what the API and CLI run.
  const single =
    quick && n >= 5_000
      ? undefined
      : await timeIt(() => analyseNetwork(graph, analysisOptions), quick ? 1 : 3);
  const worker = await timeIt(() => runAnalysis(graph, analysisOptions), quick ? 1 : 3);

  let graphologyBetweennessMs: number | null = null;
  // ~19 s on the 10k network on a quiet machine, minutes on a busy one: --quick keeps it to ≤ 2k.
  if (n <= (quick ? 2_000 : 20_000)) {
    log(`  graphology-metrics betweenness…`);
    graphologyBetweennessMs = (
      await timeIt(() => void betweennessCentrality(graph, { getEdgeWeight: null }), 1)
    ).ms;
  }

  const peerOut = await runPeers(ds, quick, log);
  const peerErrors: string[] = [];
  const peerTotals: MetricsResult['peerTotals'] = {};
  const valuesOf: Record<string, ArrayLike<number> | undefined> = {
    degree: ours.find((o) => o.metric === 'degree')?.values,
    weighted_degree: ours.find((o) => o.metric === 'weighted_degree')?.values,
    betweenness: samples === undefined ? paths?.betweenness : undefined,
    closeness: samples === undefined ? paths?.closeness : undefined,
    eigenvector: ours.find((o) => o.metric === 'eigenvector')?.values,
    pagerank: ours.find((o) => o.metric === 'pagerank')?.values,
    clustering: ours.find((o) => o.metric === 'clustering')?.values,
    core: ours.find((o) => o.metric === 'core')?.values,
    constraint: holes?.constraint,
    effective_size: holes?.effectiveSize,
    reach_2: ours.find((o) => o.metric === 'reach_2')?.values,
  };
  const peerModularity: Partial<Record<PeerName, number>> = {};
  const metrics: MetricTiming[] = ours.map((o) => ({
    metric: o.metric,
    ms: o.ms,
    ...(o.note && { note: o.note }),
    peers: {},
  }));
  if (typeof peerOut === 'string') peerErrors.push(peerOut);
  else {
    for (const peer of ['networkx', 'igraph'] as const) {
      const tool = peerOut.tools[peer];
      if (!tool) continue;
      if (tool.error) {
        peerErrors.push(`${peer}: ${tool.error}`);
        continue;
      }
      let total = 0;
      const notes = new Set<string>();
      metrics.forEach((m, k) => {
        const keys = ours[k]?.peerKeys ?? [];
        const parts = keys.map((key) => tool[key] as PeerMetric | undefined);
        if (parts.every((p) => p === undefined)) return;
        const ms = parts.reduce((s, p) => s + (p?.ms ?? 0), 0);
        total += ms;
        const missing = keys.filter((_, i) => parts[i] === undefined);
        const note = [
          ...parts.map((p) => p?.note),
          ...(missing.length > 0 ? [`has no ${missing.join(', ')}`] : []),
        ]
          .filter(Boolean)
          .join('; ');
        if (parts.some((p) => p?.note)) notes.add('some metrics extrapolated from a sample');
        // Agreement on the first metric of the row that has values (and the second, if worse).
        let worst: Agreement | undefined;
        for (const [i, key] of keys.entries()) {
          const p = parts[i];
          const mine = valuesOf[key];
          if (!mine || !p) continue;
          const a = p.values
            ? agreement(mine, p.values)
            : p.sample
              ? agreement(mine, p.sample.values, p.sample.nodes)
              : undefined;
          if (a && (!worst || a.maxAbsError > worst.maxAbsError)) worst = a;
        }
        m.peers[peer] = { ms, ...(note && { note }), ...(worst && { agreement: worst }) };
      });
      const community = tool['community'] as PeerMetric | undefined;
      if (community?.modularity !== undefined) peerModularity[peer] = community.modularity;
      peerTotals[peer] = {
        metricsMs: total,
        processMs: peerOut.process_ms,
        ...(notes.size > 0 && { note: [...notes].join('; ') }),
      };
    }
  }
  return {
    dataset: ds.name,
    businesses: n,
    collaborations: graph.size,
    betweenness: samples === undefined ? 'exact' : samples,
    metrics,
    report: { singleThreadMs: single?.ms ?? null, workerMs: worker.ms },
    graphologyBetweennessMs,
    peerTotals,
    peerErrors,
    modularity: { ours: modularity, ...peerModularity },
  };
}
