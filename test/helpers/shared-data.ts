/** Where the shared CORDIS data sits (../shared/data beside the checkout), and whether it is there. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(import.meta.dirname, '../../../shared/data');
export const HAS_SHARED_DATA = existsSync(SHARED_DATA);
if (!HAS_SHARED_DATA)
  console.warn(`CORDIS tests skipped: ${SHARED_DATA} is absent (CI has it beside the checkout).`);
