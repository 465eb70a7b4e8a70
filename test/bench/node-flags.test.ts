import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECTIONS } from '../../bench/harness.ts';
import { SERVICE_NODE_FLAGS } from '../../bench/node-flags.ts';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('SERVICE_NODE_FLAGS', () => {
  it('are the flags npm start and npm run dev give the service', () => {
    for (const script of ['start', 'dev']) {
      const command = pkg.scripts[script] ?? '';
      for (const flag of SERVICE_NODE_FLAGS) expect(command).toContain(` ${flag} `);
    }
  });

  it('are the settings the Neo4j → graph benchmark runs with', () => {
    expect(SECTIONS.find((s) => s.name === 'neo4j')?.nodeFlags).toEqual(SERVICE_NODE_FLAGS);
  });
});
