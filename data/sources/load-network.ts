/**
 * Chooses the source of the network from configuration and returns its plain records:
 * a CSV bundle directory, a serialized JSON file, or Neo4j.
 */
import { stat } from 'node:fs/promises';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { SourceUnavailableError } from '../../analysis/errors.ts';
import { readBundle } from '../bundle/read-bundle.ts';
import { readNetworkJson } from '../bundle/read-json.ts';

export interface LoadedRecords {
  records: NetworkRecords;
  /** e.g. `files:/path/to/bundle`, `json:/path/net.json`, `neo4j:bolt://127.0.0.1:7687/neo4j` */
  source: string;
}

/** Load a CSV bundle directory or a `.json` serialized network. */
export async function loadFromPath(path: string): Promise<LoadedRecords> {
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    throw new SourceUnavailableError(
      `Data path ${path} does not exist; set DATA_DIR (or --data) to a bundle folder or a .json network`,
      path,
      {
        cause: error,
      },
    );
  }
  if (isFile) {
    if (!path.endsWith('.json')) {
      throw new SourceUnavailableError(
        `${path} is a file but not a .json network; point at a bundle folder or a .json file`,
        path,
      );
    }
    return { records: await readNetworkJson(path), source: `json:${path}` };
  }
  return { records: await readBundle(path), source: `files:${path}` };
}
