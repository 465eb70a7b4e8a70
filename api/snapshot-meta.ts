/** The `snapshot` block every response carries, so a client knows which data answered. */
import { basename } from 'node:path';
import type { Snapshot } from './snapshot.ts';

/** Prefixes of file source labels (data/sources/load-network.ts), followed by the absolute path. */
const FILE_SOURCE = /^(files|json):(.+)$/;

/** `text` with the absolute data path of `source` replaced by its last name. */
export function withoutDataPath(text: string, source: string): string {
  const path = FILE_SOURCE.exec(source)?.[2];
  return path ? text.split(path).join(basename(path)) : text;
}

/**
 * The source as answers show it: a file source by the name of its bundle (`files:sample`), never
 * the server's directory layout; `/api/health` shows the path to admins only.
 */
export function shownSource(source: string): string {
  return withoutDataPath(source, source);
}

export function snapshotMeta(s: Snapshot): { snapshot: { id: string; loadedAt: string; source: string } } {
  return { snapshot: { id: s.id, loadedAt: s.loadedAt, source: shownSource(s.source) } };
}
