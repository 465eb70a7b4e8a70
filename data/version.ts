/** The version of Partner Atlas, from package.json. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const VERSION: string = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }
).version;
