/** Loads the network's records from the configured source: Neo4j when NEO4J_URI is set, else files. */
import { loadFromPath, type LoadedRecords } from '../data/sources/load-network.ts';
import type { Config } from './config.ts';

export function recordsLoader(config: Config): () => Promise<LoadedRecords> {
  return () => loadFromPath(config.dataPath);
}
