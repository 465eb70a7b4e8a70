/**
 * Every `partner-atlas` command, made with cli/command.ts's defineCommand, answers --help and
 * -h with its usage (exit 0), and an unknown or incomplete option with the reason and its
 * usage (exit 2), never a stack trace. Run in-process through cli/main.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';
import { main } from '../../cli/main.ts';

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
  ])('%s %j is refused with a clear message, exit 2', async (name, args, message) => {
    const r = await run(name, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
