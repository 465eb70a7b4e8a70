/** Neo4j settings and error translation, without a server. */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { SourceUnavailableError } from '../../../analysis/errors.ts';
import {
  createNeo4jDriver,
  describeNeo4jSource,
  neo4jConfigFrom,
  NEO4J_CLI_SETTINGS,
  toSourceError,
} from '../../../data/neo4j/connection.ts';

describe('neo4jConfigFrom', () => {
  it('returns nothing when no URI is given, so the caller uses files', () => {
    expect(neo4jConfigFrom({}, {})).toBeUndefined();
    expect(neo4jConfigFrom({}, { NEO4J_URI: '  ', NEO4J_USER: 'x' })).toBeUndefined();
  });

  it('takes flags over the environment, and the local defaults for the rest', () => {
    const env = { NEO4J_URI: 'neo4j+s://a.example', NEO4J_USER: 'atlas', NEO4J_PASSWORD: 'secret-1' };
    expect(neo4jConfigFrom({ database: 'parks' }, env)).toEqual({
      uri: 'neo4j+s://a.example',
      user: 'atlas',
      password: 'secret-1',
      database: 'parks',
    });
    expect(neo4jConfigFrom({ uri: 'bolt://h:1', user: 'u' }, env)).toEqual({
      uri: 'bolt://h:1',
      user: 'u',
      password: 'secret-1',
    });
    expect(neo4jConfigFrom({}, {}, true)).toEqual({
      uri: 'bolt://127.0.0.1:7687',
      user: 'neo4j',
      password: 'partner-atlas',
    });
  });

  it('names the source with its database', () => {
    expect(describeNeo4jSource({ uri: 'bolt://h:7687' })).toBe('neo4j:bolt://h:7687');
    expect(describeNeo4jSource({ uri: 'bolt://h:7687', database: 'parks' })).toBe(
      'neo4j:bolt://h:7687/parks',
    );
  });
});

describe('createNeo4jDriver', () => {
  it('refuses a URI that is not a Neo4j address', () => {
    expect(() => createNeo4jDriver({ uri: 'http://h:7474', user: 'neo4j', password: 'x' })).toThrow(
      /NEO4J_URI "http:\/\/h:7474" is not a valid Neo4j address/,
    );
  });
});

describe('toSourceError', () => {
  const target = { uri: 'bolt://h:7687', user: 'atlas', database: 'parks' };

  it('leaves errors that are not about reaching the server alone', () => {
    const syntax = new Neo4jError('Invalid input', 'Neo.ClientError.Statement.SyntaxError', '42001', 'x');
    expect(toSourceError(syntax, target, 'load the network')).toBe(syntax);
    const bug = new TypeError('oops');
    expect(toSourceError(bug, target, 'load the network')).toBe(bug);
  });

  it.each([
    ['ServiceUnavailable', 'Neo4j at bolt://h:7687 is unreachable (connect ECONNREFUSED 1.2.3.4:7687)'],
    [
      'Neo.ClientError.Security.Unauthorized',
      'refused the credentials of user "atlas". Check NEO4J_USER and NEO4J_PASSWORD.',
    ],
    ['Neo.ClientError.Database.DatabaseNotFound', 'has no database "parks". Check NEO4J_DATABASE'],
  ])('turns %s into one line that says what to check', (code, expected) => {
    const error = new Neo4jError(
      'Failed to connect to server.\nCaused by: connect ECONNREFUSED 1.2.3.4:7687',
      code,
      'N/A',
      'x',
    );
    const mapped = toSourceError(error, target, 'load the network');
    expect(mapped).toBeInstanceOf(SourceUnavailableError);
    expect((mapped as Error).message).toContain(expected);
    expect((mapped as Error).message).toMatch(/^Cannot load the network: /);
    expect((mapped as Error).message).not.toContain('\n');
    expect((mapped as SourceUnavailableError).source).toBe('neo4j:bolt://h:7687/parks');
  });

  it('advises the settings the caller names (the CLI flags), the environment variables by default', () => {
    const error = new Neo4jError('Unauthorized', 'Neo.ClientError.Security.Unauthorized', 'N/A', 'x');
    const cli = toSourceError(error, { ...target, settings: NEO4J_CLI_SETTINGS }, 'import');
    expect((cli as Error).message).toContain(
      'Check --user (or NEO4J_USER) and --password (or NEO4J_PASSWORD).',
    );
    const missing = new Neo4jError('no db', 'Neo.ClientError.Database.DatabaseNotFound', 'N/A', 'x');
    expect(
      (toSourceError(missing, { uri: 'bolt://h:7687', settings: NEO4J_CLI_SETTINGS }, 'import') as Error)
        .message,
    ).toMatch(
      /^Cannot import: Neo4j at bolt:\/\/h:7687 has no database "\(default\)"\. Check --database \(or NEO4J_DATABASE\)/,
    );
  });
});
