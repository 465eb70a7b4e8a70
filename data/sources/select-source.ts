/**
 * The one choice of where the network comes from, for the service (api/load-source.ts) and the
 * CLI (cli/load.ts): an explicit path (--data) wins; then Neo4j when a server is configured
 * (NEO4J_URI, or --neo4j); then DATA_DIR; then the bundled sample. A CORDIS export is not a
 * source of its own: `partner-atlas convert cordis` turns it into a bundle first (docs/cordis.md).
 */
import { resolve } from 'node:path';
import { InvalidInputError } from '../../analysis/errors.ts';
import type { Neo4jConfig } from '../neo4j/connection.ts';
import { loadRecordsFromNeo4j } from '../neo4j/load-network.ts';
import { loadFromPath, type LoadedRecords } from './load-network.ts';

/** The bundled sample network, the source when nothing else is configured. */
export const SAMPLE_DIR = resolve(import.meta.dirname, '../sample');

/** `C`: the caller's Neo4j settings, kept as given (the service's always name a database). */
export type SourceChoice<C extends Neo4jConfig = Neo4jConfig> =
  | { kind: 'neo4j'; config: C }
  /** A CSV bundle folder or a `.json` network (absolute). */
  | { kind: 'files'; path: string };

export interface SourceOptions<C extends Neo4jConfig = Neo4jConfig> {
  /** An explicit bundle folder or .json network (--data): wins over Neo4j and DATA_DIR. */
  path?: string | undefined;
  /** The configured Neo4j server (NEO4J_URI…), used when no path is given. */
  neo4j?: C | undefined;
  /** Neo4j was asked for by name (--neo4j): giving a path too is an error. */
  neo4jAskedFor?: boolean | undefined;
  /** DATA_DIR: the bundle read when neither a path nor Neo4j is given. */
  dataDir?: string | undefined;
}

/** The bundle path read without Neo4j: the path, then DATA_DIR, then the bundled sample. */
export function bundlePath(path: string | undefined, dataDir: string | undefined): string {
  return resolve(path || dataDir || SAMPLE_DIR);
}

/** Where the network comes from. @throws InvalidInputError for a path together with --neo4j */
export function selectSource<C extends Neo4jConfig>(options: SourceOptions<C>): SourceChoice<C> {
  if (options.neo4jAskedFor && options.path !== undefined)
    throw new InvalidInputError('Give either --data or --neo4j, not both.', 'neo4j');
  if (!options.path && options.neo4j) return { kind: 'neo4j', config: options.neo4j };
  return { kind: 'files', path: bundlePath(options.path, options.dataDir) };
}

/** The chosen source's records, read in this process. */
export function loadSelected(choice: SourceChoice): Promise<LoadedRecords> {
  return choice.kind === 'neo4j' ? loadRecordsFromNeo4j(choice.config) : loadFromPath(choice.path);
}
