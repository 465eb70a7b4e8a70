/**
 * `partner-atlas`: the command line of Partner Atlas. Dispatches to the subcommands in
 * `cli/commands/`, and turns our typed errors into one clear message and an exit code
 * (1 for bad data or input, 2 for usage, 3 for an unreachable source); never a stack trace
 * unless DEBUG is set.
 */
import {
  BundleError,
  InvalidInputError,
  NotFoundError,
  PartnerAtlasError,
  SourceUnavailableError,
} from '../analysis/errors.ts';
import { COMMANDS } from './commands/index.ts';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: partner-atlas <command> [options]',
    '',
    'Partner Atlas analyses partner networks of businesses: centralities, communities,',
    'structural holes, partner suggestions and consortium building.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `partner-atlas <command> --help` for the options of a command.',
    'Most commands read --data DIR (a CSV bundle folder or a .json network); default: $DATA_DIR, else the bundled sample.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`partner-atlas: unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    return reportError(error);
  }
}

/**
 * The message of a BundleError with every problem it collected: the message lists 20 (enough for
 * a page or a log line); on the command line, `validate` promises them all.
 */
function everyIssue(error: BundleError): string {
  const lines = error.message.split('\n');
  const more = lines.findIndex((line) => /^\s*… and \d+ more$/.test(line));
  if (more < 0) return error.message;
  return [
    lines[0],
    ...error.issues.map((issue) => `  - ${BundleError.formatIssue(issue)}`),
    ...lines.slice(more + 1),
  ].join('\n');
}

function reportError(error: unknown): number {
  if (process.env.DEBUG) console.error(error);
  if (error instanceof BundleError) {
    console.error(everyIssue(error));
    return 1;
  }
  if (error instanceof SourceUnavailableError) {
    console.error(`partner-atlas: ${error.message}`);
    return 3;
  }
  if (error instanceof InvalidInputError) {
    console.error(`partner-atlas: ${error.message}`);
    return 2;
  }
  if (error instanceof NotFoundError || error instanceof PartnerAtlasError) {
    console.error(`partner-atlas: ${error.message}`);
    return 1;
  }
  console.error(
    `partner-atlas: unexpected error: ${(error as Error)?.message ?? String(error)} (run with DEBUG=1 for details; please report it)`,
  );
  return 70;
}
