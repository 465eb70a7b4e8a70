/** The registry of `partner-atlas` subcommands: one line per command. */
import type { Command } from '../command.ts';
import { importCommand } from './import.ts';
import { reportCommand } from './report.ts';
import { summaryCommand } from './summary.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: Command[] = [validateCommand, reportCommand, summaryCommand, importCommand];
