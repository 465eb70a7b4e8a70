/**
 * The full centrality report against graphology-metrics' betweenness alone, same process, same
 * graph: wall and CPU time (all threads) of each, in alternation, for docs/metrics.md.
 *
 *   node --import tsx bench/report-vs-graphology.ts [data/generated/b10k]
 */
import { loadavg } from 'node:os';
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import { buildGraph } from '../analysis/build-graph.ts';
import { analyseNetwork } from '../analysis/report/network-analysis.ts';
import { runAnalysis } from '../compute/run-analysis.ts';
import { loadFromPath } from '../data/sources/load-network.ts';

export interface Timing {
  name: string;
  wallMs: number;
  cpuMs: number;
  load: number;
}

/** Time graphology's betweenness, our report in the worker and in one thread, `rounds` times. */
export async function benchReportVsGraphology(path: string, rounds = 1): Promise<Timing[]> {
  const { records } = await loadFromPath(path);
  const graph = buildGraph(records);
  const out: Timing[] = [];
  const time = async (name: string, fn: () => unknown) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const cpu = process.cpuUsage(cpu0);
    out.push({
      name,
      wallMs: Math.round(performance.now() - t0),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      load: Number((loadavg()[0] ?? 0).toFixed(1)),
    });
  };
  for (let r = 0; r < rounds; r++) {
    await time('graphology-metrics betweenness (getEdgeWeight: null)', () =>
      betweenness(graph, { getEdgeWeight: null }),
    );
    await time('full report: worker, paths over every core', () => runAnalysis(graph));
    await time('full report: one thread', () => analyseNetwork(graph));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const t of await benchReportVsGraphology(process.argv[2] ?? 'data/generated/b10k', 2))
    console.log(JSON.stringify(t));
}
