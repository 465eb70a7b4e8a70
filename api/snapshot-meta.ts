/** The `snapshot` block every response carries, so a client knows which data answered. */
import type { Snapshot } from './snapshot.ts';

export function snapshotMeta(s: Snapshot): { snapshot: { id: string; loadedAt: string; source: string } } {
  return { snapshot: { id: s.id, loadedAt: s.loadedAt, source: s.source } };
}
