/** The messages of the load child process (load-child.ts) to the service (load-in-child.ts). */
import type { NetworkRecords } from '../analysis/domain.ts';
import type { SerializedError } from './worker-errors.ts';

export const RECORD_KINDS = ['businesses', 'capabilities', 'needs', 'collaborations'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The load child's last message (its records come before it, in chunks). */
export type LoadMessage = { type: 'done'; source: string } | { type: 'error'; error: SerializedError };

/** Empty records to fill from the record chunks. */
export function emptyRecords(): NetworkRecords {
  return { businesses: [], capabilities: [], needs: [], collaborations: [] };
}
