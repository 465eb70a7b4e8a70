/**
 * The immutable in-memory snapshot of the network the API serves, and the store that
 * swaps in a new one atomically when a reload completes. A snapshot holds two caches with
 * two policies: `results`, the named results computed once per snapshot (metrics, indexes,
 * the layout), and `answers`, one bounded size-aware LRU of per-request answers
 * (api/result-cache.ts). Nothing keyed by a free request value goes into `results`.
 */
import { buildGraph, buildGraphSteps } from '../analysis/build-graph.ts';
import { PartnerAtlasError } from '../analysis/errors.ts';
import type { NetworkGraph, NetworkRecords } from '../analysis/domain.ts';
import type { AnalyticsEngine } from './analytics-engine.ts';
import { yearOf } from '../analysis/domain.ts';
import type { GraphView } from '../analysis/export/graph-view.ts';
import type { LayoutPositions } from '../analysis/layout/force-atlas.ts';
import type { PartneringIndex } from '../analysis/partnering/partnering-index.ts';
import type { RankerModel } from '../analysis/partnering/ranker.ts';
import type { NetworkStructure } from '../analysis/partnering/structure.ts';
import type { NetworkAnalysis } from '../analysis/report/network-analysis.ts';
import type { SearchEntry } from '../analysis/search/business-search.ts';
import { runInSlices } from '../compute/slices.ts';
import type { RowsById } from './derived.ts';
import { AnswerCache } from './result-cache.ts';

export interface SnapshotCounts {
  businesses: number;
  capabilities: number;
  needs: number;
  collaborations: number;
  collaborationEvents: number;
  sectors: string[];
  /** What a reader may count: capability names and needs with confidential ones left out. */
  forReaders: { capabilities: number; needs: number };
}

export interface Snapshot {
  /** Changes with every load; used as ETag and in every response. */
  id: string;
  loadedAt: string;
  source: string;
  graph: NetworkGraph;
  counts: SnapshotCounts;
  /** The engine of its report, summary and communities (absent: local); reloads keep it. */
  engine?: AnalyticsEngine;
  /**
   * Bumped when a background derivation that changes answers lands (the learned suggestion
   * ranker, api/derived.ts): part of the ETag of answers that use it, so one given before is not revalidated.
   */
  revision: number;
  /** First and last year of any dated collaboration (start or end), null when none is dated. */
  years: { first: number; last: number } | null;
  /** Results computed once per snapshot, by name (see {@link once}). */
  results: SnapshotResults;
  /** Per-request answers, bounded by entries and bytes (api/result-cache.ts `memoize`). */
  answers: AnswerCache;
}

/** What each named per-snapshot result is. */
export interface SnapshotResultTypes {
  structure: NetworkStructure;
  partnering: PartneringIndex;
  ranker: RankerModel;
  analysis: NetworkAnalysis;
  rows: RowsById;
  search: SearchEntry[];
  layout: LayoutPositions;
  graphView: GraphView;
  /** The serialised full graph answer (GET /api/graph, JSON). */
  graphJson: Buffer;
}

/** The per-snapshot results computed so far (each a promise shared by concurrent callers). */
export type SnapshotResults = { [K in keyof SnapshotResultTypes]?: Promise<SnapshotResultTypes[K]> };

let sequence = 0;

export function createSnapshot(
  records: NetworkRecords,
  source: string,
  now = new Date(),
  engine?: AnalyticsEngine,
): Snapshot {
  return snapshotOf(buildGraph(records, { source }), records, source, now, engine);
}

/**
 * `createSnapshot` without holding the event loop: the graph is built in slices of about
 * `sliceMs`, so the service keeps answering (health within milliseconds) while a reload of a
 * large network builds.
 */
export async function createSnapshotInSlices(
  records: NetworkRecords,
  source: string,
  sliceMs = 10,
  engine?: AnalyticsEngine,
): Promise<Snapshot> {
  const graph = await runInSlices(buildGraphSteps(records, { source }), sliceMs);
  return snapshotOf(graph, records, source, new Date(), engine);
}

function snapshotOf(
  graph: NetworkGraph,
  records: NetworkRecords,
  source: string,
  now: Date,
  engine: AnalyticsEngine | undefined,
): Snapshot {
  const sectors = [
    ...new Set(records.businesses.map((b) => b.sector).filter((s): s is string => s !== undefined)),
  ].sort();
  sequence += 1;
  return {
    id: `${now.getTime().toString(36)}-${sequence}`,
    loadedAt: now.toISOString(),
    source,
    graph,
    counts: {
      businesses: graph.order,
      capabilities: new Set(records.capabilities.map((c) => c.capability)).size,
      needs: records.needs.length,
      collaborations: graph.size,
      collaborationEvents: records.collaborations.length,
      sectors,
      forReaders: {
        capabilities: new Set(records.capabilities.filter((c) => !c.confidential).map((c) => c.capability))
          .size,
        needs: records.needs.filter((n) => !n.confidential).length,
      },
    },
    ...(engine && { engine }),
    revision: 0,
    years: yearsOf(records),
    results: {},
    answers: new AnswerCache(),
  };
}

function yearsOf(records: NetworkRecords): Snapshot['years'] {
  let first = Infinity;
  let last = -Infinity;
  for (const c of records.collaborations)
    for (const date of [c.start, c.end]) {
      if (date === undefined) continue;
      const y = yearOf(date);
      if (y < first) first = y;
      if (y > last) last = y;
    }
  return first === Infinity ? null : { first, last };
}

/** Compute the result `name` once per snapshot; concurrent callers share the same promise. */
export function once<K extends keyof SnapshotResultTypes>(
  snapshot: Snapshot,
  name: K,
  compute: () => Promise<SnapshotResultTypes[K]> | SnapshotResultTypes[K],
): Promise<SnapshotResultTypes[K]> {
  const results = snapshot.results as Record<K, Promise<SnapshotResultTypes[K]> | undefined>;
  let hit = results[name];
  if (!hit) {
    const computing = Promise.resolve().then(compute);
    // A failed computation is not kept, so a later request can retry.
    computing.catch(() => {
      if (results[name] === computing) delete results[name];
    });
    results[name] = hit = computing;
  }
  return hit;
}

/** Reads the records; a loader that can stop early watches `signal` (aborted at the reload's deadline or on shutdown). */
export type LoadRecords = (signal?: AbortSignal) => Promise<{ records: NetworkRecords; source: string }>;

export interface ReloadStatus {
  state: 'idle' | 'reloading';
  lastError?: { message: string; at: string };
  startedAt?: string;
  /** When the reload under way is given up (RELOAD_TIMEOUT_SECONDS after it started). */
  deadlineAt?: string;
}

/** A reload is given up after this long unless configured (RELOAD_TIMEOUT_SECONDS, default 300). */
export const RELOAD_TIMEOUT_MS = 300_000;

/** A reload that did not finish by its deadline, or was cancelled (shutdown). */
export class ReloadCancelledError extends PartnerAtlasError {
  override name = 'ReloadCancelledError';
}

/** The reason a reload past its deadline gives (and /api/health repeats). */
export function reloadTimedOut(ms: number): ReloadCancelledError {
  return new ReloadCancelledError(
    `the data was not read within ${ms / 1000} s (RELOAD_TIMEOUT_SECONDS), so the reload was stopped. A file that never ends does this: a named pipe, a half-copied file or a stalled network mount in the data folder. The previous snapshot keeps serving; fix the data and reload again.`,
  );
}

/**
 * Holds the current snapshot. `reload()` builds a new one in the background and swaps it
 * in only when complete; if it fails the old one keeps serving and the error is kept for
 * /api/health. Every reload has a deadline: past it the loader is cancelled (its signal
 * aborts), the reload fails with the reason, and the next reload starts afresh instead of
 * joining the stuck one.
 */
export class SnapshotStore {
  private snapshot: Snapshot;
  private pending: Promise<Snapshot> | undefined;
  private controller: AbortController | undefined;
  readonly status: ReloadStatus = { state: 'idle' };
  private readonly listeners: ((s: Snapshot) => void)[] = [];
  private readonly timeoutMs: number;

  constructor(
    initial: Snapshot,
    private readonly load: LoadRecords,
    options: { timeoutMs?: number } = {},
  ) {
    this.snapshot = initial;
    this.timeoutMs = options.timeoutMs ?? RELOAD_TIMEOUT_MS;
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  onSwap(listener: (s: Snapshot) => void): void {
    this.listeners.push(listener);
  }

  /** Stop the reload under way, if any (its loader's signal aborts); it fails with `reason`. */
  cancel(
    reason: Error = new ReloadCancelledError('the reload was cancelled: the service is stopping'),
  ): void {
    this.controller?.abort(reason);
  }

  /** Start a reload (or join the one under way); resolves with the new snapshot. */
  reload(): Promise<Snapshot> {
    if (this.pending) return this.pending;
    const controller = new AbortController();
    const { signal } = controller;
    this.controller = controller;
    const started = Date.now();
    this.status.state = 'reloading';
    this.status.startedAt = new Date(started).toISOString();
    this.status.deadlineAt = new Date(started + this.timeoutMs).toISOString();
    const timer = setTimeout(() => controller.abort(reloadTimedOut(this.timeoutMs)), this.timeoutMs);
    timer.unref();
    // Settles when the signal aborts even if the loader ignores it.
    const stopped = new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    const work = this.load(signal).then(({ records, source }) => {
      signal.throwIfAborted();
      return createSnapshotInSlices(records, source, 10, this.snapshot.engine);
    });
    work.catch(() => {}); // its failure is reported through the race below
    stopped.catch(() => {});
    this.pending = Promise.race([work, stopped])
      .then((next) => {
        signal.throwIfAborted();
        this.snapshot = next;
        delete this.status.lastError;
        for (const l of this.listeners) l(next);
        return next;
      })
      .catch((error: unknown) => {
        this.status.lastError = { message: (error as Error).message, at: new Date().toISOString() };
        throw error;
      })
      .finally(() => {
        clearTimeout(timer);
        if (this.controller === controller) this.controller = undefined;
        this.pending = undefined;
        this.status.state = 'idle';
        delete this.status.startedAt;
        delete this.status.deadlineAt;
      });
    return this.pending;
  }
}
