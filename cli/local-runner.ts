/**
 * The CLI's local engine: the analysis and the structure computed in this process (a command
 * has nothing else to keep responsive), by the same pure functions the service's workers run.
 */
import { toCsr } from '../analysis/metrics/csr.ts';
import { accumulatePaths, completeLeaves } from '../analysis/metrics/betweenness.ts';
import { structureOfCsr, structureWithCommunities } from '../analysis/partnering/structure.ts';
import { completeAnalysis, summarySamples } from '../analysis/report/complete-analysis.ts';
import { analyseNetwork, planPaths } from '../analysis/report/network-analysis.ts';
import type { LocalRunner } from '../data/neo4j/analytics-engine.ts';

export const IN_PROCESS_RUNNER: LocalRunner = {
  async analysis(graph, options, computed) {
    if (!computed) return analyseNetwork(graph, options);
    const samples = summarySamples(graph.order);
    const plan = planPaths(graph, {
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(samples !== undefined && { betweennessSamples: samples }),
    });
    const partial = completeLeaves(plan, accumulatePaths(plan.graph, plan.sources, plan.multiplicity));
    return completeAnalysis(graph, computed.columns, {
      ...(options.seed !== undefined && { seed: options.seed }),
      betweenness: computed.betweenness,
      paths: { plan, partial },
    });
  },
  async structure(graph, communityAt) {
    const csr = toCsr(graph);
    return communityAt ? structureWithCommunities(csr, communityAt) : structureOfCsr(csr);
  },
};
