/** The shape of a `partner-atlas` subcommand. */
export interface Command {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** Full usage text, printed by `partner-atlas NAME --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}
