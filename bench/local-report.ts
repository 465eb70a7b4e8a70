/**
 * Local-report section of `npm run bench` (issue 20, item 5): the whole centrality report of
 * the local engine against igraph's exact betweenness alone, in the same run, on the generated
 * 10k-business network (about 28k ties) and on the CORDIS-sized 20k-business / 377k-tie network
 * of the cold-path section. Ours is timed twice: the CLI as a user runs it (`partner-atlas report
 * --data DIR --out FILE`, the whole process: start, CSV reading, graph, every metric, CSV out)
 * and `runAnalysis` in this process on the built graph (the report alone: the worker, the
 * shortest-path pass over two threads, every metric, the rows back). igraph runs one thread;
 * its CPU time is given too so the two-thread share of our figure can be read off.
 *
 *   npm run bench -- --only local-report
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildGraph } from '../analysis/build-graph.ts';
import { runAnalysis } from '../compute/run-analysis.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { GENERATED_DIR, ROOT, prepareDatasets, type SectionOptions } from './harness.ts';
import { PYTHON } from './metrics.ts';
import { coldBundle } from './suggestions.ts';

const run = promisify(execFile);

/** Issue 20's goals: full report ÷ igraph betweenness alone, per network. */
export const LOCAL_REPORT_GOALS = { '10k': 0.33, '20k-cordis-sized': 0.5 } as const;

export interface LocalReportRow {
  network: keyof typeof LOCAL_REPORT_GOALS;
  businesses: number;
  ties: number;
  /** igraph `betweenness(directed=False)`, timed inside Python around the call. */
  igraphBetweennessMs: number;
  igraphBetweennessCpuMs: number;
  /** `partner-atlas report --data DIR --out FILE`, process start to exit. */
  cliMs: number;
  /** `runAnalysis(graph)` on the built graph, wall and CPU (all threads). */
  reportMs: number;
  reportCpuMs: number;
  cliOverIgraph: number;
  reportOverIgraph: number;
  goal: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Write the node and edge lists the Python peer reads (positions in the graph's node order). */
function writeEdgeLists(
  graph: ReturnType<typeof buildGraph>,
  name: string,
): { nodes: string; edges: string } {
  const dir = join(GENERATED_DIR, 'bench', `local-report-${name}`);
  mkdirSync(dir, { recursive: true });
  const index = new Map<string, number>();
  graph.forEachNode((id) => index.set(id, index.size));
  const lines: string[] = [];
  graph.forEachEdge((_e, _a, s, t) => lines.push(`${index.get(s)} ${index.get(t)}`));
  const nodes = join(dir, 'nodes.txt');
  const edges = join(dir, 'edges.txt');
  writeFileSync(nodes, `${[...index.keys()].join('\n')}\n`);
  writeFileSync(edges, `${lines.join('\n')}\n`);
  return { nodes, edges };
}

async function measure(
  network: LocalReportRow['network'],
  dir: string,
  log: (line: string) => void,
): Promise<LocalReportRow> {
  const graph = buildGraph(await readBundle(dir));
  const lists = writeEdgeLists(graph, network);
  log(`local-report ${network}: igraph betweenness …`);
  const { stdout } = await run(
    PYTHON,
    [join(ROOT, 'bench/peers/betweenness-exact.py'), lists.nodes, lists.edges],
    {
      maxBuffer: 1 << 20,
    },
  );
  const igraph = JSON.parse(stdout) as { wallMs: number; cpuMs: number };
  log(`local-report ${network}: CLI report …`);
  const out = join(tmpdir(), `partner-atlas-local-report-${process.pid}.csv`);
  const t0 = performance.now();
  await run(process.execPath, [join(ROOT, 'bin/partner-atlas.js'), 'report', '--data', dir, '--out', out], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  const cliMs = performance.now() - t0;
  rmSync(out, { force: true });
  log(`local-report ${network}: runAnalysis …`);
  const c0 = cpuMs();
  const t1 = performance.now();
  await runAnalysis(graph);
  const reportMs = performance.now() - t1;
  const reportCpuMs = cpuMs() - c0;
  return {
    network,
    businesses: graph.order,
    ties: graph.size,
    igraphBetweennessMs: igraph.wallMs,
    igraphBetweennessCpuMs: igraph.cpuMs,
    cliMs,
    reportMs,
    reportCpuMs,
    cliOverIgraph: cliMs / igraph.wallMs,
    reportOverIgraph: reportMs / igraph.wallMs,
    goal: LOCAL_REPORT_GOALS[network],
  };
}

/** One run of each on both networks (the machine is shared: few, long runs). */
export async function benchLocalReport(options: Pick<SectionOptions, 'log'>): Promise<LocalReportRow[]> {
  const { log } = options;
  const tenK = prepareDatasets([10_000], log).find((d) => d.name === '10k');
  if (!tenK) throw new Error('local-report: the 10k network was not generated');
  return [await measure('10k', tenK.dir, log), await measure('20k-cordis-sized', coldBundle(log), log)];
}
