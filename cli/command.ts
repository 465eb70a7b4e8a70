/**
 * The shape of a `partner-atlas` subcommand, and the one helper every command is made with:
 * from the names of its options and flags it parses the command line (an unknown option, a
 * missing or empty value, or a stray argument is an InvalidInputError with the usage under it),
 * answers `--help` / `-h` with the usage, and hands the run the parsed options, typed accessors
 * and the network loader.
 */
import type { ParseArgsConfig } from 'node:util';
import type { NetworkGraph } from '../analysis/domain.ts';
import { InvalidInputError } from '../analysis/errors.ts';
import { parseCommandArgs, parseNumberFlag } from './args.ts';
import { loadGraph } from './load.ts';

export interface Command {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Full usage text, printed by `partner-atlas NAME --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command's run gets: its parsed options and the shared ways to read them. */
export interface CommandInput {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  /** A string option, or undefined when absent. */
  text(name: string): string | undefined;
  /** A boolean option: true when given. */
  flag(name: string): boolean;
  /** A whole-number option (≥ 0), or undefined when absent. @throws InvalidInputError naming it */
  count(name: string): number | undefined;
  /** A bad or missing option, with the command's usage under the message. */
  usageError(message: string, field?: string): InvalidInputError;
  /** The network from --data (else NEO4J_URI, DATA_DIR, the sample). */
  loadGraph(): Promise<{ graph: NetworkGraph; source: string }>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** The options that take a value (`--data DIR`). */
  options?: readonly string[];
  /** The options that are on or off (`--json`); `--help` / `-h` is added. */
  flags?: readonly string[];
  /** How many words it takes besides options (`convert cordis`: 1); default 0, more are refused. */
  positionals?: number;
  run(input: CommandInput): Promise<number>;
}

/** A subcommand from its option spec, help text and run function. */
export function defineCommand(spec: CommandSpec): Command {
  const { name, summary, usage } = spec;
  return {
    name,
    summary,
    usage,
    async run(argv) {
      const options: Options = {};
      for (const option of spec.options ?? []) options[option] = { type: 'string' };
      for (const option of spec.flags ?? []) options[option] = { type: 'boolean' };
      const { values, positionals } = parseCommandArgs(argv, options, usage);
      if (values.help) {
        console.log(usage);
        return 0;
      }
      const usageError = (message: string, field?: string) =>
        new InvalidInputError(`${message}\n\n${usage}`, field);
      // A stray word is a typo or an unquoted path with a space: running without it would
      // answer a question that was not asked (`--data my bundle` would read "my").
      const stray = positionals.slice(spec.positionals ?? 0);
      if (stray.length > 0)
        throw usageError(
          `unexpected argument${stray.length > 1 ? 's' : ''} ${stray.map((p) => `"${p}"`).join(' ')}; quote a value with spaces`,
        );
      // `--data ""` (an unset shell variable) would otherwise fall back to the defaults silently.
      for (const option of spec.options ?? []) {
        const value = values[option];
        if (option !== 'password' && typeof value === 'string' && value.trim() === '')
          throw usageError(`--${option} needs a value (got an empty one)`, option);
      }
      const text = (option: string) => values[option] as string | undefined;
      return spec.run({
        values,
        positionals,
        text,
        flag: (option) => values[option] === true,
        count: (option) => parseNumberFlag(text(option), `--${option}`),
        usageError,
        loadGraph: () => loadGraph(text('data')),
      });
    },
  };
}
