/**
 * The CLI's local engine: the analysis and the structure computed in this process (a command
 * has nothing else to keep responsive), by the same pure functions the service's workers run.
 * The shortest-path pass is split into as many shares as the service's threads would take and
 * summed in the same order, so a command's report has the same bits as the service's.
 */
import { availableParallelism } from 'node:os';
import { runPathsInShares } from '../analysis/metrics/betweenness.ts';
import { toCsr } from '../analysis/metrics/csr.ts';
import { structureOfCsr, structureWithCommunities } from '../analysis/partnering/structure.ts';
import { completeAnalysis, summarySamples } from '../analysis/report/complete-analysis.ts';
import { analyseNetwork, planPaths } from '../analysis/report/network-analysis.ts';
import type { LocalRunner } from '../data/neo4j/analytics-engine.ts';

export const IN_PROCESS_RUNNER: LocalRunner = {
  async analysis(graph, options, computed) {
    const threads = availableParallelism();
    if (!computed) {
      const plan = planPaths(graph, options);
      return analyseNetwork(graph, { ...options, paths: { plan, partial: runPathsInShares(plan, threads) } });
    }
    const samples = summarySamples(graph.order);
    const plan = planPaths(graph, {
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(samples !== undefined && { betweennessSamples: samples }),
    });
    return completeAnalysis(graph, computed.columns, {
      ...(options.seed !== undefined && { seed: options.seed }),
      betweenness: computed.betweenness,
      paths: { plan, partial: runPathsInShares(plan, threads) },
    });
  },
  async structure(graph, communityAt) {
    const csr = toCsr(graph);
    return communityAt ? structureWithCommunities(csr, communityAt) : structureOfCsr(csr);
  },
};
