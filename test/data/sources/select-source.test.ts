/**
 * The one source selector of the service and the CLI: an explicit path wins, then the
 * configured Neo4j, then DATA_DIR, then the bundled sample; a path with --neo4j is refused.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../analysis/errors.ts';
import { loadSelected, SAMPLE_DIR, selectSource } from '../../../data/sources/select-source.ts';

const neo4j = { uri: 'bolt://db.example:7687', user: 'neo4j', password: 'x', database: 'parks' };

describe('selectSource', () => {
  it('reads an explicit path even when Neo4j and DATA_DIR are configured', () => {
    expect(selectSource({ path: 'nets/park', neo4j, dataDir: '/srv/data' })).toEqual({
      kind: 'files',
      path: resolve('nets/park'),
    });
  });

  it('reads the configured Neo4j server, keeping its settings, when no path is given', () => {
    const choice = selectSource({ neo4j, dataDir: '/srv/data' });
    expect(choice).toEqual({ kind: 'neo4j', config: neo4j });
    // An empty --data counts as none, as before.
    expect(selectSource({ path: '', neo4j })).toEqual({ kind: 'neo4j', config: neo4j });
  });

  it('falls back to DATA_DIR, then to the bundled sample', () => {
    expect(selectSource({ dataDir: '/srv/data' })).toEqual({ kind: 'files', path: '/srv/data' });
    expect(selectSource({})).toEqual({ kind: 'files', path: SAMPLE_DIR });
    expect(SAMPLE_DIR).toBe(resolve(import.meta.dirname, '../../../data/sample'));
  });

  it('refuses a path together with --neo4j, saying to give one of them', () => {
    expect(() => selectSource({ path: 'nets/park', neo4j, neo4jAskedFor: true })).toThrow(InvalidInputError);
    expect(() => selectSource({ path: '', neo4j, neo4jAskedFor: true })).toThrow(
      /either --data or --neo4j, not both/,
    );
  });

  it('loads the chosen files', async () => {
    const { records, source } = await loadSelected(selectSource({}));
    expect(source).toBe(`files:${SAMPLE_DIR}`);
    expect(records.businesses.length).toBe(150);
  });
});
