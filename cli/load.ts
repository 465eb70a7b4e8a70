/** Loads the network for a CLI command from --data (bundle folder or .json), or DATA_DIR, or the sample. */
import { resolve } from 'node:path';
import { buildGraph } from '../analysis/build-graph.ts';
import type { NetworkGraph } from '../analysis/domain.ts';
import { loadFromPath } from '../data/sources/load-network.ts';

export const SAMPLE_DIR = resolve(import.meta.dirname, '../data/sample');

/** The bundle path a command should read: the flag, then DATA_DIR, then the bundled sample. */
export function dataPath(flag: string | undefined): string {
  return resolve(flag || process.env.DATA_DIR || SAMPLE_DIR);
}

export async function loadGraph(flag: string | undefined): Promise<{ graph: NetworkGraph; source: string }> {
  const { records, source } = await loadFromPath(dataPath(flag));
  return { graph: buildGraph(records, { source }), source };
}
