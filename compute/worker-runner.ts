/**
 * The local engine in worker threads, for the service and the CLI alike: the report in
 * analysis-worker.ts with the shortest-path pass split across cores (parallel-paths.ts), the
 * partnering structure in structure-worker.ts. The service keeps its event loop free; a command
 * gets both cores.
 */
import type { LocalRunner } from '../data/neo4j/analytics-engine.ts';
import { runAnalysis } from './run-analysis.ts';
import { runStructure } from './run-structure.ts';

export const WORKER_RUNNER: LocalRunner = { analysis: runAnalysis, structure: runStructure };

/**
 * The service's runner: the same, but the report runs in background threads (spawn-worker.ts
 * `WorkerPriority`), so answers to requests are not queued behind its shortest-path pass on a
 * busy machine. The structure (communities and constraint) stays at normal priority: the first
 * suggestion waits for it.
 */
export const SERVICE_RUNNER: LocalRunner = {
  analysis: (graph, options, computed) => runAnalysis(graph, options, computed, 'background'),
  structure: runStructure,
};
