/** The networkx fixtures as graphs: merged edge lists, or raw events through buildGraph. */
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkGraph } from '../../../analysis/domain.ts';
import { fixtureGraph, loadFixtures, type MetricFixture } from '../../helpers/metric-fixtures.ts';

export interface Reference extends MetricFixture {
  /** Raw collaboration rows (several per pair) when the fixture has them. */
  events?: [string, string, number][];
}

export const REFERENCES = loadFixtures() as Reference[];

/** Tolerances of issue 4: 1e-6, PageRank 1e-5, eigenvector 1e-4. */
export const TOLERANCE: Record<string, number> = { pagerank: 1e-5, eigenvector: 1e-4 };

/** The fixture's graph; from its raw events via buildGraph when it has them. */
export function referenceGraph(fixture: Reference): NetworkGraph {
  if (!fixture.events) return fixtureGraph(fixture) as unknown as NetworkGraph;
  return buildGraph({
    businesses: fixture.nodes.map((n) => ({
      id: n.id,
      name: n.id,
      ...(n.sector !== null && { sector: n.sector }),
    })),
    capabilities: [],
    needs: [],
    collaborations: fixture.events.map(([source, target, weight]) => ({ source, target, weight })),
  });
}

/** Largest |ours − networkx| over the fixture's businesses; null expectations must be null/NaN. */
export function worstError(
  fixture: Reference,
  metric: string,
  ours: (id: string) => number | null | undefined,
): number {
  const expected = fixture.expected[metric] as Record<string, number | null>;
  let worst = 0;
  for (const [id, value] of Object.entries(expected)) {
    const mine = ours(id);
    if (value === null) {
      if (mine !== null && !Number.isNaN(mine)) return Infinity;
    } else if (mine === null || mine === undefined) return Infinity;
    else worst = Math.max(worst, Math.abs(mine - value));
  }
  return worst;
}
