/** Argument parsing shared by the subcommands, on node:util parseArgs with clear errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidInputError } from '../analysis/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse `argv` with the given options; unknown flags become an InvalidInputError naming the flag. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new InvalidInputError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}\n\n${usage}`);
  }
}

/** A whole-number flag (≥ 0), or undefined when absent. @throws InvalidInputError naming the flag */
export function parseNumberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidInputError(`${flag} must be a whole number (got "${value}")`, flag);
  return n;
}

/** The network from --neo4j (NEO4J_URI or the local server) or else --data / the defaults. */
