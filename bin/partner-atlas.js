#!/usr/bin/env node
// Entry of the `partner-atlas` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

// `partner-atlas report | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
