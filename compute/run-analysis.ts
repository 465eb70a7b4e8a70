/**
 * Runs the network analysis off the event loop: a worker thread computes the report and the
 * summary, splitting the shortest-path pass over every core. The API caches the result per
 * snapshot; the CLI awaits it directly. The worker gets only what the analysis reads
 * (lean-graph.ts, gathered in slices of the event loop) and sends the report's rows back in
 * chunks, so neither end holds the service for long on a large network.
 */
import type Graph from 'graphology';
import type { AnalysisOptions, CentralityRow, NetworkAnalysis } from '../analysis/report/network-analysis.ts';
import type { ComputedColumns } from '../analysis/report/complete-analysis.ts';
import { toLeanGraphSteps } from './lean-graph.ts';
import { runInSlices } from './slices.ts';
import { askForNext, isChunk, runStreamingWorker, type WorkerPriority } from './spawn-worker.ts';
import { deserializeError, type SerializedError } from './worker-errors.ts';

/** The analysis worker's last message: everything but the rows, which came in chunks. */
export interface AnalysisDone {
  type: 'done';
  analysis: Omit<NetworkAnalysis, 'rows'>;
}

/** The analysis worker's answer when the analysis failed. */
export interface AnalysisFailed {
  type: 'failed';
  error: SerializedError;
}

/**
 * With `computed` (the GDS engine's columns, by position in `graph.nodes()`), the worker adds
 * only what GDS lacks and the summary (analysis/report/complete-analysis.ts).
 */
export async function runAnalysis(
  graph: Graph,
  options: Omit<AnalysisOptions, 'paths'> = {},
  computed?: { columns: ComputedColumns; betweenness: 'exact' | number },
  priority: WorkerPriority = 'normal',
): Promise<NetworkAnalysis> {
  const lean = await runInSlices(toLeanGraphSteps(graph));
  const rows: CentralityRow[] = [];
  return runStreamingWorker<NetworkAnalysis>(
    new URL('./analysis-worker.ts', import.meta.url),
    { graph: lean, options, ...(computed && { computed }) },
    [lean.sources.buffer, lean.targets.buffer, lean.weights.buffer] as ArrayBuffer[],
    (message, done, fail, worker) => {
      if (isChunk(message)) {
        for (const row of message.items) rows.push(row as CentralityRow);
        askForNext(worker);
        return;
      }
      const end = message as AnalysisDone | AnalysisFailed;
      if (end.type === 'done') done({ ...end.analysis, rows });
      else if (end.type === 'failed') fail(deserializeError(end.error));
    },
    priority,
  );
}
