/**
 * The service's analytics engine: the policy (analysis/engine-policy.ts) and the GDS runner
 * (data/neo4j/analytics-engine.ts) with the service's local runner, worker threads
 * (compute/run-analysis.ts, compute/run-structure.ts), so the event loop stays free.
 * Chosen by ANALYTICS_ENGINE. docs/neo4j.md.
 */
import type Graph from 'graphology';
import type { NetworkStructure } from '../analysis/partnering/structure.ts';
import type { NetworkAnalysis } from '../analysis/report/network-analysis.ts';
import {
  runEngineAnalysis,
  runEngineStructure,
  type AnalyticsEngine,
  type EngineRunOptions,
} from '../data/neo4j/analytics-engine.ts';
import { SERVICE_RUNNER } from '../compute/worker-runner.ts';

export {
  chooseEngine,
  ENGINE_CHOICES,
  GDS_AUTO_BASIS,
  GDS_AUTO_COLLABORATIONS,
  type EngineChoice,
} from '../analysis/engine-policy.ts';
export {
  localEngine,
  openEngine,
  type AnalyticsEngine,
  type EngineRunOptions,
  type GdsTarget,
} from '../data/neo4j/analytics-engine.ts';

/** The report and summary with the engine's choice for this graph, local parts in background workers. */
export const analyseWithEngine = (
  graph: Graph,
  engine: AnalyticsEngine,
  options: EngineRunOptions = {},
): Promise<NetworkAnalysis> => runEngineAnalysis(SERVICE_RUNNER, graph, engine, options);

/** The communities and constraint partnering needs, with the engine's communities. */
export const structureWithEngine = (
  graph: Graph,
  engine: AnalyticsEngine,
  options: Pick<EngineRunOptions, 'seed' | 'snapshot' | 'onFallback'> = {},
): Promise<NetworkStructure> => runEngineStructure(SERVICE_RUNNER, graph, engine, options);
