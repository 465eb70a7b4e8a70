/**
 * The immutable in-memory snapshot of the network the API serves, and the store that
 * swaps in a new one atomically when a reload completes. Derived data (metrics, indexes)
 * is computed once per snapshot, lazily, and cached on it.
 */
import { buildGraph, buildGraphSteps } from '../analysis/build-graph.ts';
import type { NetworkGraph, NetworkRecords } from '../analysis/domain.ts';
import type { AnalyticsEngine } from './analytics-engine.ts';
import { runInSlices } from './compute/slices.ts';

export interface SnapshotCounts {
  businesses: number;
  capabilities: number;
  needs: number;
  collaborations: number;
  collaborationEvents: number;
  sectors: string[];
}

export interface Snapshot {
  /** Changes with every load; used as ETag and in every response. */
  id: string;
  loadedAt: string;
  source: string;
  graph: NetworkGraph;
  counts: SnapshotCounts;
  /** Per-snapshot cache of derived data (metrics, indexes), keyed by name. */
  cache: Map<string, unknown>;
  /** The engine of its report, summary and communities (absent: local); reloads keep it. */
  engine?: AnalyticsEngine;
  /**
   * Bumped when a background derivation that changes answers lands (the learned suggestion
   * ranker, api/derived.ts): part of the ETag of answers that use it, so one given before is not revalidated.
   */
  revision: number;
}

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
    },
    cache: new Map(),
    ...(engine && { engine }),
    revision: 0,
  };
}

/** Compute `name` once per snapshot; concurrent callers share the same promise. */
export function cached<T>(snapshot: Snapshot, name: string, compute: () => Promise<T> | T): Promise<T> {
  let hit = snapshot.cache.get(name) as Promise<T> | undefined;
  if (!hit) {
    hit = Promise.resolve().then(compute);
    // A failed computation is not cached, so a later request can retry.
    hit.catch(() => snapshot.cache.delete(name));
    snapshot.cache.set(name, hit);
  }
  return hit;
}

export type LoadRecords = () => Promise<{ records: NetworkRecords; source: string }>;

export interface ReloadStatus {
  state: 'idle' | 'reloading';
  lastError?: { message: string; at: string };
  startedAt?: string;
}

/**
 * Holds the current snapshot. `reload()` builds a new one in the background and swaps it
 * in only when complete; if it fails the old one keeps serving and the error is kept for
 * /api/health.
 */
export class SnapshotStore {
  private snapshot: Snapshot;
  private pending: Promise<Snapshot> | undefined;
  readonly status: ReloadStatus = { state: 'idle' };
  private readonly listeners: ((s: Snapshot) => void)[] = [];

  constructor(
    initial: Snapshot,
    private readonly load: LoadRecords,
  ) {
    this.snapshot = initial;
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  onSwap(listener: (s: Snapshot) => void): void {
    this.listeners.push(listener);
  }

  /** Start a reload (or join the one under way); resolves with the new snapshot. */
  reload(): Promise<Snapshot> {
    if (this.pending) return this.pending;
    this.status.state = 'reloading';
    this.status.startedAt = new Date().toISOString();
    this.pending = this.load()
      .then(({ records, source }) => createSnapshotInSlices(records, source, 10, this.snapshot.engine))
      .then(
        (next) => {
          this.snapshot = next;
          delete this.status.lastError;
          for (const l of this.listeners) l(next);
          return next;
        },
        (error: unknown) => {
          this.status.lastError = { message: (error as Error).message, at: new Date().toISOString() };
          throw error;
        },
      )
      .finally(() => {
        this.pending = undefined;
        this.status.state = 'idle';
        delete this.status.startedAt;
      });
    return this.pending;
  }
}
