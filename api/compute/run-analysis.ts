/**
 * Runs the network analysis off the event loop: a worker thread computes the report and the
 * summary, splitting the shortest-path pass over every core. The API caches the result per
 * snapshot; the CLI awaits it directly. The worker gets only what the analysis reads
 * (lean-graph.ts).
 */
import type Graph from 'graphology';
import type { AnalysisOptions, NetworkAnalysis } from '../../analysis/report/network-analysis.ts';
import { toLeanGraph } from './lean-graph.ts';
import { runWorker } from './spawn-worker.ts';

export function runAnalysis(
  graph: Graph,
  options: Omit<AnalysisOptions, 'paths'> = {},
): Promise<NetworkAnalysis> {
  const lean = toLeanGraph(graph);
  return runWorker<NetworkAnalysis>(
    new URL('./analysis-worker.ts', import.meta.url),
    { graph: lean, options },
    [lean.sources.buffer, lean.targets.buffer, lean.weights.buffer] as ArrayBuffer[],
  );
}
