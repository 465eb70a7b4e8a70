/** The registry of `partner-atlas` subcommands: one line per command. */
import type { Command } from '../command.ts';
import { consortiumCommand } from './consortium.ts';
import { convertCommand } from './convert.ts';
import { importCommand } from './import.ts';
import { reportCommand } from './report.ts';
import { suggestCommand } from './suggest.ts';
import { summaryCommand } from './summary.ts';
import { timelineCommand } from './timeline.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: Command[] = [
  validateCommand,
  reportCommand,
  summaryCommand,
  suggestCommand,
  consortiumCommand,
  timelineCommand,
  importCommand,
  convertCommand,
];
