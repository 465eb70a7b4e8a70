/**
 * Benchmark of the network over time on a bundle: the yearly timeline (with and without
 * modularity), the rank history behind business health, key players and one what-if (the
 * top key player leaving). `benchTimeline({ dataDir })` returns plain figures for the harness.
 * Budgets (issue 10): timeline of the 10k-business network under 5 s, one what-if under 1 s.
 */
import { buildGraph } from '../analysis/build-graph.ts';
import { rankHistory } from '../analysis/health/business-health.ts';
import { keyPlayers } from '../analysis/resilience/key-players.ts';
import { whatIf } from '../analysis/resilience/what-if.ts';
import { buildHistory } from '../analysis/timeline/activity.ts';
import { networkTimeline } from '../analysis/timeline/network-timeline.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';

export interface TimelineBench {
  businesses: number;
  collaborations: number;
  years: number;
  loadMs: number;
  timelineMs: number;
  timelineWithoutModularityMs: number;
  rankHistoryMs: number;
  keyPlayersMs: number;
  keyPlayersMethod: string;
  betweennessOverlap: number;
  whatIfMs: number;
  whatIfRemoved: string;
  whatIfCutOff: number;
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const value = f();
  return [value, Math.round(performance.now() - t)];
}

export async function benchTimeline(options: { dataDir: string; asOf?: number }): Promise<TimelineBench> {
  const t0 = performance.now();
  const graph = buildGraph(await readBundle(options.dataDir));
  const loadMs = Math.round(performance.now() - t0);
  const asOf = options.asOf ?? 2026;
  const [timeline, timelineMs] = timed(() => networkTimeline(graph, { asOf }));
  const [, timelineWithoutModularityMs] = timed(() => networkTimeline(graph, { asOf, modularity: false }));
  const [, rankHistoryMs] = timed(() => rankHistory(graph, { asOf, history: buildHistory(graph, { asOf }) }));
  const [players, keyPlayersMs] = timed(() => keyPlayers(graph, { limit: 10 }));
  const removed = players.keyPlayers[0]?.id;
  const [what, whatIfMs] = timed(() => whatIf(graph, { removeBusinesses: removed ? [removed] : [] }));
  return {
    businesses: graph.order,
    collaborations: graph.size,
    years: timeline.rows.length,
    loadMs,
    timelineMs,
    timelineWithoutModularityMs,
    rankHistoryMs,
    keyPlayersMs,
    keyPlayersMethod: players.method,
    betweennessOverlap: players.betweenness.overlap,
    whatIfMs,
    whatIfRemoved: removed ?? '',
    whatIfCutOff: what.cutOff.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.argv[2] ?? 'data/generated/b10k';
  console.log(JSON.stringify(await benchTimeline({ dataDir }), null, 2));
}
