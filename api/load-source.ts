/**
 * The configured source of the network: Neo4j when NEO4J_URI is set (one driver for the
 * process, reused by every reload, by the health check and by uploads), else files.
 */
import type { Driver } from 'neo4j-driver';
import type { NetworkRecords } from '../analysis/domain.ts';
import { createNeo4jDriver, describeNeo4jSource, toSourceError } from '../data/neo4j/connection.ts';
import { importNetwork, type ImportSummary } from '../data/neo4j/import.ts';
import { loadRecordsFromNeo4j } from '../data/neo4j/load-network.ts';
import type { LoadedRecords } from '../data/sources/load-network.ts';
import { selectSource } from '../data/sources/select-source.ts';
import { loadFromPathInChild } from '../compute/load-in-child.ts';
import type { Config } from './config.ts';

/** What the API needs of Neo4j: a reachability check and the importer. */
export interface Neo4jAccess {
  source: string;
  /** Resolves when the server answers; rejects with the reason. */
  ping(): Promise<void>;
  /** Write validated records (replacing the stored network unless `replace` is false). */
  importRecords(
    records: NetworkRecords,
    options: { replace: boolean; source: string },
  ): Promise<ImportSummary>;
}

export interface Source {
  /** Read the records; an aborted `signal` stops the read (the file source kills its child process). */
  load: (signal?: AbortSignal) => Promise<LoadedRecords>;
  neo4j?: Neo4jAccess;
  /** The process's Neo4j driver and where it points, for the GDS engine. */
  neo4jServer?: { driver: Driver; uri: string; database: string };
  close(): Promise<void>;
}

export function neo4jAccess(driver: Driver, config: NonNullable<Config['neo4j']>): Neo4jAccess {
  const target = { uri: config.uri, user: config.user, database: config.database };
  return {
    source: describeNeo4jSource(config),
    ping: async () => {
      try {
        await driver.verifyConnectivity({ database: config.database });
      } catch (error) {
        throw toSourceError(error, target, 'reach Neo4j');
      }
    },
    importRecords: (records, { replace, source }) =>
      importNetwork(driver, records, { ...target, replace, source }),
  };
}

/** Open the configured source (the choice: data/sources/select-source.ts). */
export function openSource(config: Config): Source {
  const choice = selectSource({ neo4j: config.neo4j, dataDir: config.dataPath });
  if (choice.kind === 'neo4j') {
    const neo4j = choice.config;
    const driver = createNeo4jDriver(neo4j);
    return {
      load: () => loadRecordsFromNeo4j(neo4j, driver),
      neo4j: neo4jAccess(driver, neo4j),
      neo4jServer: { driver, uri: neo4j.uri, database: neo4j.database },
      close: () => driver.close(),
    };
  }
  // Files are read in a child process, so a reload never holds the event loop and a read that
  // never ends (a named pipe, a stalled mount) can be stopped.
  return {
    load: (signal) => loadFromPathInChild(choice.path, { ...(signal && { signal }) }),
    close: async () => {},
  };
}
