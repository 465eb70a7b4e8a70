/**
 * Every `partner-atlas` command, made with cli/command.ts's defineCommand, answers --help and
 * -h with its usage (exit 0), and an unknown or incomplete option with the reason and its
 * usage (exit 2), never a stack trace. Run in-process through cli/main.ts.
 */
import { lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';
import { main } from '../../cli/main.ts';
import { bundleDir, MINIMAL } from '../helpers/bundle-dir.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

const NAMES = COMMANDS.map((c) => c.name);

describe('partner-atlas command options', () => {
  it('has the eight commands', () => {
    expect(NAMES).toEqual([
      'validate',
      'report',
      'summary',
      'suggest',
      'consortium',
      'timeline',
      'import',
      'convert',
    ]);
  });

  it.each(NAMES)('%s --help and -h print its usage and exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await run(name, flag);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: partner-atlas ${name}`)).toBe(true);
      expect(r.stderr).toBe('');
    }
  });

  it.each(NAMES)('%s refuses an unknown option, naming it, with its usage, exit 2', async (name) => {
    const r = await run(name, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^partner-atlas: Unknown option '--frobnicate'\\n\\nUsage: partner-atlas ${name}`),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it.each([
    [
      'suggest',
      ['--business'],
      /Option '--business <value>' argument missing\n\nUsage: partner-atlas suggest/,
    ],
    ['suggest', [], /--business ID is required\n\nUsage: partner-atlas suggest/],
    ['consortium', [], /--capabilities is required\n\nUsage: partner-atlas consortium/],
    ['convert', ['cordis'], /--organizations and --out are required\n\nUsage: partner-atlas convert/],
    ['convert', ['--out', 'x'], /convert needs a format: "convert cordis"\n\nUsage: partner-atlas convert/],
    ['report', ['--seed', 'abc'], /--seed must be a whole number \(got "abc"\)/],
    ['summary', ['--samples=-3'], /--samples must be a whole number \(got "-3"\)/],
    ['timeline', ['--step', '1.5'], /--step must be a whole number \(got "1.5"\)/],
    ['report', ['--engine', 'fast'], /--engine must be local, gds or auto \(got "fast"\)/],
    ['import', ['--batch-size', '0'], /--batch-size must be a whole number of rows ≥ 1 \(got "0"\)/],
    ['validate', ['--data'], /Option '--data <value>' argument missing\n\nUsage: partner-atlas validate/],
    ['report', ['--samples', '0'], /--samples must be at least 1/],
    ['summary', ['--samples', '0'], /--samples must be at least 1/],
    [
      'report',
      ['--seed', '99999999999999999999'],
      /--seed must be a whole number \(got "99999999999999999999"\)/,
    ],
  ])('%s %j is refused with a clear message, exit 2', async (name, args, message) => {
    const r = await run(name, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('import names the flag the user set when Neo4j cannot be reached, not only the environment variable', async () => {
    const r = await run('import', '--uri', 'bolt://127.0.0.1:1', '--data', 'data/sample');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /Cannot import into Neo4j \(nothing was written\): Neo4j at bolt:\/\/127\.0\.0\.1:1 is unreachable .* that --uri \(or NEO4J_URI\) has the right scheme, host and port\./,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(NAMES)('%s refuses a stray argument instead of ignoring it, exit 2', async (name) => {
    // `--data my bundle` (a path with a space, unquoted) must not run on "my" alone.
    const args = name === 'convert' ? ['cordis', 'bundle'] : ['bundle'];
    const r = await run(name, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^partner-atlas: unexpected argument "bundle"; quote a value with spaces\\n\\nUsage: partner-atlas ${name}`,
      ),
    );
    expect(r.stdout).toBe('');
  });

  it.each(NAMES)(
    '%s refuses an empty --data (an unset shell variable) instead of reading the defaults',
    async (name) => {
      const args = name === 'convert' ? ['cordis', '--organizations', ''] : ['--data', ''];
      const r = await run(name, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^partner-atlas: --(data|organizations) needs a value \(got an empty one\)/);
      expect(r.stdout).toBe('');
    },
  );
});

describe('partner-atlas validate › problems', () => {
  const many = () =>
    bundleDir({
      ...MINIMAL,
      'collaborations.csv': `source,target\n${Array.from({ length: 25 }, (_, i) => `b1,zz${i}`).join('\n')}\n`,
    });

  it('lists every problem of a bad bundle, past the 20 the message holds', async () => {
    const r = await run('validate', '--data', many());
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('The data bundle has 25 problems; nothing was loaded:');
    expect(lines.slice(1)).toEqual(
      Array.from(
        { length: 25 },
        (_, i) =>
          `  - collaborations.csv, line ${i + 2}, column "target": unknown business id "zz${i}"; add the business or fix the id`,
      ),
    );
  });

  it('--json prints the problems as JSON on stdout, exit 1', async () => {
    const dir = many();
    const r = await run('validate', '--json', '--data', dir);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { valid: boolean; source: string; problems: unknown[] };
    expect(body).toMatchObject({ valid: false, source: dir });
    expect(body.problems).toHaveLength(25);
    expect(body.problems[0]).toEqual({
      file: 'collaborations.csv',
      line: 2,
      column: 'target',
      message: 'unknown business id "zz0"; add the business or fix the id',
    });
    expect(r.stderr).toBe('');
  });
});

describe('partner-atlas report › --out', () => {
  it('refuses a folder as --out, saying it is a folder, and writes nothing into it', async () => {
    const dir = bundleDir({});
    const r = await run('report', '--data', bundleDir(MINIMAL), '--out', dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `partner-atlas: Cannot write ${dir}: it is a folder, not a file; nothing was written. Choose another --out.`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces the file a symbolic link points to, and keeps the link', async () => {
    const dir = bundleDir({ 'old.csv': 'old\n' });
    symlinkSync(join(dir, 'old.csv'), join(dir, 'link.csv'));
    const r = await run('report', '--data', bundleDir(MINIMAL), '--out', join(dir, 'link.csv'));
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'old.csv'), 'utf8')).toMatch(/^id,name,sector,community/);
    expect(readdirSync(dir).sort()).toEqual(['link.csv', 'old.csv']);
  });
});
