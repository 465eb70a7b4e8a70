/**
 * The shape of a `partner-atlas` subcommand, and the one helper every command is made with:
 * from the names of its options and flags it parses the command line (an unknown option or a
 * missing value is an InvalidInputError with the usage under it), answers `--help` / `-h` with
 * the usage, and hands the run the parsed options, typed accessors and the network loader.
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
      const text = (option: string) => values[option] as string | undefined;
      return spec.run({
        values,
        positionals,
        text,
        flag: (option) => values[option] === true,
        count: (option) => parseNumberFlag(text(option), `--${option}`),
        usageError: (message, field) => new InvalidInputError(`${message}\n\n${usage}`, field),
        loadGraph: () => loadGraph(text('data')),
      });
    },
  };
}
