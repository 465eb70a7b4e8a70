/**
 * Loading section of `npm run bench`: the CSV bundle read and validated (`readBundle`), the
 * graph built from the records (`buildGraph`), and, as equal work for the peers, a plain
 * weighted edge list read into a graphology graph next to networkx (`read_weighted_edgelist`)
 * and igraph (`Read_Ncol`) reading the same file (bench/peers/load.py). Heap and RSS with the
 * graph held.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UndirectedGraph } from 'graphology';
import { buildGraph } from '../analysis/build-graph.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { ROOT, timeIt, type Dataset } from './harness.ts';
import { PYTHON } from './metrics.ts';

const run = promisify(execFile);

export interface LoadResult {
  dataset: string;
  businesses: number;
  collaborations: number;
  /** Rows in the four CSV files. */
  rows: number;
  readBundleMs: number;
  buildGraphMs: number;
  /** readBundle + buildGraph (sum of the two medians). */
  bundleToGraphMs: number;
  rowsPerSecond: number;
  /** Heap and RSS with the records and the graph held (after a forced GC when available), MB. */
  heapMb: number;
  rssMb: number;
  /** The weighted edge list read and parsed into a graph (ours: graphology). */
  edgeList: {
    oursMs: number;
    /** networkx read_weighted_edgelist / igraph Read_Ncol, timed in their process… */
    networkxMs?: number;
    igraphMs?: number;
    /** …and the whole Python process (start-up and imports included). */
    peerProcessMs?: number;
    peerError?: string;
  };
}

function readEdgeList(nodesFile: string, edgesFile: string): UndirectedGraph {
  const g = new UndirectedGraph();
  for (const id of readFileSync(nodesFile, 'utf8').split('\n')) if (id) g.addNode(id);
  const ids = g.nodes();
  for (const line of readFileSync(edgesFile, 'utf8').split('\n')) {
    if (!line) continue;
    const [a, b, w] = line.split(' ');
    g.addEdge(ids[Number(a)] as string, ids[Number(b)] as string, { weight: Number(w) });
  }
  return g;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/**
 * Loading on one network (the harness runs each network in its own process).
 * @param options quick: 3 repetitions (else 5); times are medians
 */
export async function benchLoading(ds: Dataset, options: { quick: boolean }): Promise<LoadResult> {
  // --quick on big networks: one timed run after the warm-up (each 10k read takes seconds).
  const reps = options.quick ? (ds.graph.order >= 5_000 ? 1 : 3) : 5;
  const read = await timeIt(() => readBundle(ds.dir), reps, true);
  const records = read.result;
  const build = await timeIt(() => buildGraph(records, { source: ds.dir }), reps, true);
  const both = { ms: read.ms + build.ms };
  const held = build.result;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const rows =
    records.businesses.length +
    records.capabilities.length +
    records.needs.length +
    records.collaborations.length;
  const ours = await timeIt(() => readEdgeList(ds.nodesFile, ds.edgesFile), reps, true);
  const edgeList: LoadResult['edgeList'] = { oursMs: ours.ms };
  try {
    const t0 = performance.now();
    const { stdout } = await run(
      PYTHON,
      [join(ROOT, 'bench/peers/load.py'), ds.nodesFile, ds.edgesFile, String(reps)],
      { timeout: 120_000 },
    );
    const peer = JSON.parse(stdout) as { networkx: number; igraph: number };
    edgeList.networkxMs = peer.networkx;
    edgeList.igraphMs = peer.igraph;
    edgeList.peerProcessMs = performance.now() - t0;
  } catch (error) {
    edgeList.peerError = `peers not available: ${(error as Error).message.split('\n')[0]}`;
  }
  return {
    dataset: ds.name,
    businesses: ds.graph.order,
    collaborations: ds.graph.size,
    rows,
    readBundleMs: read.ms,
    buildGraphMs: build.ms,
    bundleToGraphMs: both.ms,
    rowsPerSecond: rows / (both.ms / 1000),
    heapMb: mb(memory.heapUsed),
    rssMb: mb(memory.rss),
    edgeList,
    ...(held.order !== ds.graph.order && { warning: 'graph sizes differ between loads' }),
  };
}
