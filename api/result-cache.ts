/**
 * The one bounded cache of per-request answers of a snapshot: a least-recently-used map that
 * counts both entries and (estimated) bytes, so neither many small answers nor a few large
 * ones (a report body, a year-by-year history) can grow the service without bound. Answers
 * such as suggestions depend only on the snapshot and the request (business, role, options),
 * so a repeated request is served from memory until the next reload drops the snapshot and its
 * cache with it. Results computed once per snapshot (the analysis, the partnering index) are
 * not here: they are the named fields of `Snapshot.results` (api/snapshot.ts).
 */
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { Steps } from '../analysis/steps.ts';
import { runInSlices } from '../compute/slices.ts';
import { HttpError } from './errors.ts';
import { metered, meteredSlice } from './rate-limit.ts';
import type { Snapshot } from './snapshot.ts';

/** Entries kept per snapshot (default 5000; a suggestion answer is a few kB). */
export const ANSWER_CACHE_ENTRIES = 5_000;
/** Estimated bytes kept per snapshot (default 64 MiB). */
export const ANSWER_CACHE_BYTES = 64 * 1024 * 1024;

export interface AnswerCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * Roughly how many bytes `value` holds: exact for strings, buffers and typed arrays, an
 * estimate for objects (8 bytes a number, 2 a character, 16 per entry of overhead). Shared
 * objects are counted once. It walks the value once, like the computation that made it.
 */
export function estimateBytes(value: unknown): number {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let bytes = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 16 + 2 * v.length;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') bytes += 8;
    else if (v !== null && typeof v === 'object') {
      if (seen.has(v)) continue;
      seen.add(v);
      if (ArrayBuffer.isView(v)) bytes += 16 + v.byteLength;
      else if (v instanceof ArrayBuffer) bytes += 16 + v.byteLength;
      else if (v instanceof Map)
        for (const [k, x] of v) {
          bytes += 16;
          stack.push(k, x);
        }
      else if (v instanceof Set)
        for (const x of v) {
          bytes += 16;
          stack.push(x);
        }
      else if (Array.isArray(v))
        for (const x of v) {
          bytes += 8;
          stack.push(x);
        }
      else
        for (const k of Object.keys(v)) {
          bytes += 16 + 2 * k.length;
          stack.push((v as Record<string, unknown>)[k]);
        }
    }
  }
  return bytes;
}

/** A least-recently-used map bounded by entries and by estimated bytes. */
export class AnswerCache {
  private readonly entries = new Map<string, { value: unknown; bytes: number }>();
  private total = 0;
  readonly limits: AnswerCacheLimits;

  constructor(limits: Partial<AnswerCacheLimits> = {}) {
    this.limits = {
      maxEntries: limits.maxEntries ?? ANSWER_CACHE_ENTRIES,
      maxBytes: limits.maxBytes ?? ANSWER_CACHE_BYTES,
    };
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value for `key`, which becomes the most recently used. */
  get(key: string): { value: unknown } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /** Keep `value`, dropping the least recently used until both bounds hold. A value larger than the whole budget is not kept. */
  set(key: string, value: unknown, bytes: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.bytes;
      this.entries.delete(key);
    }
    if (bytes > this.limits.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    while (this.entries.size > this.limits.maxEntries || this.total > this.limits.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value as [string, { bytes: number }];
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }
}

/**
 * The answer for `key` in `namespace`, computed once while it stays in the snapshot's answer
 * cache. Computations that throw are not cached. The computing time is charged to the request's
 * rate limit (`metered`, api/rate-limit.ts).
 * @param options.bytes size of the answer (default {@link estimateBytes})
 */
export function memoize<T>(
  snapshot: Snapshot,
  namespace: string,
  key: string,
  compute: () => T,
  options: { bytes?: (value: T) => number } = {},
): T {
  const slot = `${namespace}\u0000${key}`;
  const hit = snapshot.answers.get(slot);
  if (hit) return hit.value as T;
  // Timed for the rate limit: a key pays for the answers it makes the service compute.
  const value = metered(compute);
  const size = options.bytes ?? estimateBytes;
  snapshot.answers.set(slot, value, 64 + 2 * slot.length + size(value));
  return value;
}

/** Searches under way, per snapshot and slot, so a request arriving meanwhile joins the first. */
const running = new WeakMap<Snapshot, Map<string, Promise<unknown>>>();

/**
 * {@link memoize} for a long computation written as a step generator: run in slices of the event
 * loop (compute/slices.ts), so a search of tens of thousands of teams never holds the other
 * requests; each slice is charged to the request that started it (`metered`). A request for the
 * same answer while it runs waits for that run instead of starting another.
 */
export async function memoizeSteps<T>(
  snapshot: Snapshot,
  namespace: string,
  key: string,
  steps: () => Steps<T>,
): Promise<T> {
  const slot = `${namespace}\u0000${key}`;
  const hit = snapshot.answers.get(slot);
  if (hit) return hit.value as T;
  let pending = running.get(snapshot);
  if (!pending) running.set(snapshot, (pending = new Map()));
  const joined = pending.get(slot);
  if (joined) return joined as Promise<T>;
  const run = runInSlices(meteredSteps(steps()))
    .then((value) => {
      snapshot.answers.set(slot, value, 64 + 2 * slot.length + estimateBytes(value));
      return value;
    })
    .finally(() => pending.delete(slot));
  pending.set(slot, run);
  return run;
}

/**
 * The same steps, each one's computing time charged to the current request's key as it runs
 * (`meteredSlice`): a key running many searches at once is stopped when the others spent its budget.
 */
function* meteredSteps<T>(steps: Steps<T>): Steps<T> {
  let own = 0;
  for (;;) {
    const { value: step, ms, balance } = meteredSlice(() => steps.next());
    own += ms;
    if (step.done) return step.value;
    // In debt even without this run's own computing: other runs of the key spent it (many
    // searches at once), so this one stops. A key's single search may run into debt and finish,
    // as it could when searches ran in one go.
    if (balance + own < 0)
      throw new HttpError(
        429,
        'Too many requests',
        'Computing limit reached by the searches this key is running at once; this one was stopped. Retry in a few seconds.',
      );
    yield;
  }
}

/**
 * A JSON answer already serialized: the exact bytes `res.json` would send for the value
 * (`JSON.stringify`, UTF-8; the app sets no json replacer, spaces or escape). The router sends
 * it as is (api/register-routes.ts).
 */
export class JsonBody<T = unknown> {
  /** Only for the type checker: the answer type these bytes serialize. */
  declare readonly answer?: T;
  #coded: { coding: ContentCoding; bytes: Buffer } | undefined;
  constructor(readonly bytes: Buffer) {}

  /**
   * The body compressed with `coding`, or undefined when it is left to the compression
   * middleware (below 1 KiB, as the middleware, or above {@link PRECOMPRESS_MAX_BYTES}, which
   * would hold the event loop). Compressed at once, in this thread, and the first coding asked
   * for is kept with the body: the middleware's stream compresses on the thread pool, which
   * cost a warm suggestion more wall time than computing it (issue 16 item 5). Settings as the
   * middleware's defaults: gzip level 6, Brotli quality 4.
   */
  compressed(coding: ContentCoding): Buffer | undefined {
    const size = this.bytes.byteLength;
    if (size < 1024 || size > PRECOMPRESS_MAX_BYTES) return undefined;
    if (this.#coded?.coding === coding) return this.#coded.bytes;
    const bytes =
      coding === 'br'
        ? brotliCompressSync(this.bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } })
        : gzipSync(this.bytes);
    this.#coded ??= { coding, bytes };
    return bytes;
  }
}

/** The content codings the router compresses cached answers with (api/register-routes.ts). */
export type ContentCoding = 'br' | 'gzip';
/** Largest cached answer compressed in the request's thread (about 3 ms of gzip at 256 KiB). */
export const PRECOMPRESS_MAX_BYTES = 256 * 1024;

/**
 * Like {@link memoize}, but what the cache keeps is the serialized answer, a Buffer whose bytes
 * live outside the JavaScript heap, instead of the answer's object tree. A cached tree (a
 * suggestion answer is tens of kB of small objects: reasons, sentences, partners) survives the
 * young-generation collections that follow it and is copied by each of them, then promoted: in
 * the service, those copies were most of every scavenge's work and the warm p99 (issue 16
 * item 5; docs/suggestions.md). A Buffer is copied as one small handle. The body is the same
 * bytes `res.json` would have sent for `compute()`'s value.
 */
export function memoizeJson<T>(
  snapshot: Snapshot,
  namespace: string,
  key: string,
  compute: () => T,
): JsonBody<T> {
  const slot = `json\u0000${namespace}\u0000${key}`;
  const hit = snapshot.answers.get(slot);
  if (hit) return hit.value as JsonBody<T>;
  const body = metered(() => new JsonBody<T>(Buffer.from(JSON.stringify(compute()), 'utf8')));
  // The body and, at most, one compressed copy of it (never larger than the body but by a few bytes).
  snapshot.answers.set(slot, body, 64 + 2 * slot.length + 64 + 2 * body.bytes.byteLength);
  return body;
}
