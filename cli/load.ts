/** Loads the network for a CLI command from --data (bundle folder or .json), or Neo4j (NEO4J_URI), or DATA_DIR, or the sample. */
import { resolve } from 'node:path';
import { buildGraph } from '../analysis/build-graph.ts';
import type { NetworkGraph } from '../analysis/domain.ts';
import { InvalidInputError } from '../analysis/errors.ts';
import { neo4jConfigFrom } from '../data/neo4j/connection.ts';
import { loadRecordsFromNeo4j } from '../data/neo4j/load-network.ts';
import { loadFromPath } from '../data/sources/load-network.ts';

export const SAMPLE_DIR = resolve(import.meta.dirname, '../data/sample');

/** The bundle path a command should read: the flag, then DATA_DIR, then the bundled sample. */
export function dataPath(flag: string | undefined): string {
  return resolve(flag || process.env.DATA_DIR || SAMPLE_DIR);
}

export async function loadGraph(flag: string | undefined): Promise<{ graph: NetworkGraph; source: string }> {
  // An explicit --data wins; otherwise NEO4J_URI, as for the API.
  const neo4j = flag ? undefined : neo4jConfigFrom();
  const { records, source } = neo4j ? await loadRecordsFromNeo4j(neo4j) : await loadFromPath(dataPath(flag));
  return { graph: buildGraph(records, { source }), source };
}

/** `--data DIR` or `--neo4j` (never both), as `report` and `summary` take them. */
export async function loadNetwork(
  data: string | undefined,
  neo4j: boolean | undefined,
): Promise<{ graph: NetworkGraph; source: string }> {
  if (!neo4j) return loadGraph(data);
  if (data !== undefined) throw new InvalidInputError('Give either --data or --neo4j, not both.', 'neo4j');
  const config = neo4jConfigFrom({}, process.env, true) as NonNullable<ReturnType<typeof neo4jConfigFrom>>;
  const { records, source } = await loadRecordsFromNeo4j(config);
  return { graph: buildGraph(records, { source }), source };
}
