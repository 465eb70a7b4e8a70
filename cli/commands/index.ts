/** The registry of `partner-atlas` subcommands: one line per command. */
import type { Command } from '../command.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: Command[] = [validateCommand];
