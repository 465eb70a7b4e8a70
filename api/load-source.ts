/** Loads the network's records from the configured source: Neo4j when NEO4J_URI is set, else files. */
import { createNeo4jDriver } from '../data/neo4j/connection.ts';
import { loadRecordsFromNeo4j } from '../data/neo4j/load-network.ts';
import { loadFromPath, type LoadedRecords } from '../data/sources/load-network.ts';
import type { Config } from './config.ts';

export function recordsLoader(config: Config): () => Promise<LoadedRecords> {
  const neo4j = config.neo4j;
  if (neo4j) {
    // One driver for the process, reused by every reload.
    const driver = createNeo4jDriver(neo4j);
    return () => loadRecordsFromNeo4j(neo4j, driver);
  }
  return () => loadFromPath(config.dataPath);
}
