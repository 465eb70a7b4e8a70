/** Loads the networkx reference fixtures of test/fixtures/metrics (made by make-fixtures.py). */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UndirectedGraph } from 'graphology';

export const FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/metrics');

export interface MetricFixture {
  name: string;
  nodes: { id: string; sector: string | null }[];
  edges: [string, string, number][];
  expected: Record<string, Record<string, number | null>>;
  summary: Record<string, number | null>;
}

export function loadFixtures(): MetricFixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as MetricFixture);
}

export function fixtureGraph(fixture: MetricFixture): UndirectedGraph {
  const graph = new UndirectedGraph();
  for (const node of fixture.nodes)
    graph.addNode(node.id, { name: node.id, ...(node.sector !== null && { sector: node.sector }) });
  for (const [u, v, w] of fixture.edges) graph.addEdge(u, v, { weight: w });
  return graph;
}
