/**
 * Neo4j connection settings (flags over NEO4J_* environment variables), the one driver a
 * process makes from them, and the translation of driver failures into a
 * `SourceUnavailableError` that says which server, what failed and what to check.
 * Reference: Neo4j JavaScript Driver Manual 5, "Connection" and "Error handling".
 */
import neo4j, { type Driver, Neo4jError, type SessionConfig } from 'neo4j-driver';
import { SourceUnavailableError } from '../../analysis/errors.ts';

/** The local server of `npm run neo4j:start` (neo4j/Launcher.java). */
export const LOCAL_NEO4J = {
  uri: 'bolt://127.0.0.1:7687',
  user: 'neo4j',
  password: 'partner-atlas',
} as const;

export interface Neo4jConfig {
  /** e.g. `bolt://127.0.0.1:7687`, `neo4j://host:7687` (cluster), `neo4j+s://x.databases.neo4j.io` (Aura). */
  uri: string;
  user: string;
  password: string;
  /** Database name; undefined uses the server's default database (usually `neo4j`). */
  database?: string;
}

export interface Neo4jConfigFlags {
  uri?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
}

const nonEmpty = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v;

/**
 * Settings from flags, then NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE.
 * Returns undefined when no URI is given either way (the caller then uses files), unless
 * `fallbackToLocal` is set, in which case the local server's defaults fill the gaps.
 * @param flags command-line values (win over the environment)
 * @param env the environment (default `process.env`)
 * @param fallbackToLocal use `LOCAL_NEO4J` when nothing is set (default false)
 */
export function neo4jConfigFrom(
  flags: Neo4jConfigFlags = {},
  env: NodeJS.ProcessEnv = process.env,
  fallbackToLocal = false,
): Neo4jConfig | undefined {
  const uri =
    nonEmpty(flags.uri) ?? nonEmpty(env.NEO4J_URI) ?? (fallbackToLocal ? LOCAL_NEO4J.uri : undefined);
  if (uri === undefined) return undefined;
  const database = nonEmpty(flags.database) ?? nonEmpty(env.NEO4J_DATABASE);
  return {
    uri,
    user: nonEmpty(flags.user) ?? nonEmpty(env.NEO4J_USER) ?? LOCAL_NEO4J.user,
    password: flags.password ?? env.NEO4J_PASSWORD ?? LOCAL_NEO4J.password,
    ...(database !== undefined && { database }),
  };
}

/** `neo4j:URI/DATABASE`, the graph's source label. */
export function describeNeo4jSource(config: { uri: string; database?: string | undefined }): string {
  return `neo4j:${config.uri}${config.database ? `/${config.database}` : ''}`;
}

export interface CreateDriverOptions {
  /** How long a transaction function keeps retrying transient failures, ms (default 15000). */
  maxTransactionRetryTime?: number;
  /** How long to wait for a connection, ms (default 10000). */
  connectionTimeout?: number;
}

/**
 * The driver for a process: make one, hand it to the importer / loader, close it at exit.
 * @throws SourceUnavailableError when the URI is malformed
 */
export function createNeo4jDriver(config: Neo4jConfig, options: CreateDriverOptions = {}): Driver {
  try {
    return neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password), {
      maxTransactionRetryTime: options.maxTransactionRetryTime ?? 15_000,
      connectionTimeout: options.connectionTimeout ?? 10_000,
      connectionAcquisitionTimeout: (options.connectionTimeout ?? 10_000) * 2,
      userAgent: 'partner-atlas',
    });
  } catch (error) {
    throw new SourceUnavailableError(
      `NEO4J_URI "${config.uri}" is not a valid Neo4j address (${(error as Error).message}); use e.g. bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io`,
      describeNeo4jSource(config),
      { cause: error },
    );
  }
}

/**
 * Session settings for a read or a write on `database` (undefined: the server's default).
 * Callers close the session in `finally`.
 */
export function sessionConfig(mode: 'read' | 'write', database: string | undefined): SessionConfig {
  return {
    defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    ...(database !== undefined && { database }),
  };
}

/** Where a failure happened, for messages. */
export interface Neo4jTarget {
  uri?: string | undefined;
  user?: string | undefined;
  database?: string | undefined;
  /** What the user sets each value with, for the advice (default: the environment variables). */
  settings?: Neo4jSettingNames | undefined;
}

/** Names of the settings a message tells the user to check. */
export interface Neo4jSettingNames {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export const NEO4J_ENV_SETTINGS: Neo4jSettingNames = {
  uri: 'NEO4J_URI',
  user: 'NEO4J_USER',
  password: 'NEO4J_PASSWORD',
  database: 'NEO4J_DATABASE',
};

/** The CLI's flags, each falling back to its environment variable. */
export const NEO4J_CLI_SETTINGS: Neo4jSettingNames = {
  uri: '--uri (or NEO4J_URI)',
  user: '--user (or NEO4J_USER)',
  password: '--password (or NEO4J_PASSWORD)',
  database: '--database (or NEO4J_DATABASE)',
};

/** The useful part of a driver message: its cause when it names one, else its first line. */
const firstLine = (text: string): string => {
  const cause = /Caused by: (.+)$/s.exec(text)?.[1];
  return (cause ?? text).split('\n')[0]?.trim() ?? '';
};

/**
 * Turn a driver failure into one clear `SourceUnavailableError` when it is about reaching the
 * server (unreachable, refused credentials, unknown database); any other error is returned as is.
 * @param doing what was being done, e.g. `load the network`
 */
export function toSourceError(error: unknown, target: Neo4jTarget, doing: string): unknown {
  if (!(error instanceof Neo4jError)) return error;
  const names = target.settings ?? NEO4J_ENV_SETTINGS;
  const where = `Neo4j at ${target.uri ?? names.uri}`;
  const source = describeNeo4jSource({ uri: target.uri ?? 'unknown', database: target.database });
  const code = error.code;
  let message: string | undefined;
  // ProtocolError: the connection broke during the login, as when the server dies then.
  if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code === 'ProtocolError') {
    message = `Cannot ${doing}: ${where} is unreachable (${firstLine(error.message)}). Check that the server is running (npm run neo4j:start for the local one) and that ${names.uri} has the right scheme, host and port.`;
  } else if (
    code === 'Neo.ClientError.Security.Unauthorized' ||
    code === 'Neo.ClientError.Security.AuthenticationRateLimit'
  ) {
    message = `Cannot ${doing}: ${where} refused the credentials of user "${target.user ?? 'neo4j'}". Check ${names.user} and ${names.password}.`;
  } else if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    message = `Cannot ${doing}: ${where} has no database "${target.database ?? '(default)'}". Check ${names.database} (Neo4j Community has only "neo4j").`;
  } else if (code === 'Neo.ClientError.Security.Forbidden' || code.startsWith('Neo.ClientError.Security.')) {
    message = `Cannot ${doing}: ${where} refused access for user "${target.user ?? 'neo4j'}" (${firstLine(error.message)}). Check the user's roles and ${names.user}.`;
  } else if (
    code === 'Neo.ClientError.Database.DatabaseUnavailable' ||
    code.startsWith('Neo.TransientError.')
  ) {
    message = `Cannot ${doing}: ${where} is not available right now (${firstLine(error.message)}). Try again in a moment.`;
  }
  return message === undefined ? error : new SourceUnavailableError(message, source, { cause: error });
}
