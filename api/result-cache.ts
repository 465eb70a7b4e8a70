/**
 * A bounded least-recently-used cache of answers, per snapshot. Answers such as suggestions
 * depend only on the snapshot and the request (business, role, options), so a repeated request
 * is served from memory until the next reload drops the snapshot and its cache with it.
 */
import type { Snapshot } from './snapshot.ts';

/** Entries kept per snapshot and namespace (default 5000; a suggestion answer is a few kB). */
export const RESULT_CACHE_SIZE = 5_000;

/**
 * The answer for `key` in `namespace`, computed once while it stays among the most recent `max`.
 * Computations that throw are not cached.
 */
export function memoize<T>(
  snapshot: Snapshot,
  namespace: string,
  key: string,
  compute: () => T,
  max = RESULT_CACHE_SIZE,
): T {
  const slot = `lru:${namespace}`;
  let lru = snapshot.cache.get(slot) as Map<string, T> | undefined;
  if (!lru) {
    lru = new Map();
    snapshot.cache.set(slot, lru);
  }
  if (lru.has(key)) {
    const hit = lru.get(key) as T;
    lru.delete(key);
    lru.set(key, hit);
    return hit;
  }
  const value = compute();
  lru.set(key, value);
  if (lru.size > max) lru.delete(lru.keys().next().value as string);
  return value;
}
