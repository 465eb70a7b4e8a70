/**
 * The history of every collaboration, as compact per-tie spans: when each tie was active,
 * when it began and when it ended. The one place the activity rule lives (docs/timeline.md):
 * an event is active in every year from its start year to its end year, both included; an
 * event with a start and no end is ongoing, active until the `asOf` year; an event that starts
 * after `asOf` does not exist yet; an event with no start is undated and left out of every
 * time-based figure (and counted as such). A tie is active in a period when any of its events is.
 */
import type { NetworkGraph } from '../domain.ts';
import { yearOf } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';

export const ACTIVITY_RULE =
  'an event is active from its start year to its end year, both included; with no end it is ongoing until the as-of year; events starting after the as-of year and undated events are left out';

/** One dated event, in whole years, clipped to `asOf`. */
export interface Span {
  from: number;
  to: number;
  weight: number;
}

/** One collaboration (pair of businesses) and its dated history. */
export interface TieHistory {
  source: string;
  target: string;
  /** Node indices in `NetworkHistory.ids`. */
  a: number;
  b: number;
  spans: Span[];
  /** First year active. */
  first: number;
  /** Last year active (at most `asOf`). */
  last: number;
  /** Year its final event ended, or null while it is ongoing at `asOf`. */
  ended: number | null;
  /** True/false when both sectors are known, else null. */
  crossSector: boolean | null;
}

export interface NetworkHistory {
  asOf: number;
  /** Every business, in graph order. */
  ids: string[];
  index: Map<string, number>;
  /** Ties with at least one dated event that has started by `asOf`. */
  ties: TieHistory[];
  /** Ties with no dated event (or only future ones), left out of every year. */
  undatedTies: number;
  /** First year any tie was active, or null when nothing is dated. */
  firstYear: number | null;
}

/** Validate a year option (a whole number between 1000 and 9999). */
export function checkYear(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1000 || value > 9999)
    throw new InvalidInputError(`${field} must be a year such as 2024 (got ${String(value)})`, field);
  return value;
}

/**
 * The dated history of every collaboration as it stood in `asOf`.
 * @param options.asOf the year the data is as of (required; analysis never reads the clock)
 */
export function buildHistory(graph: NetworkGraph, options: { asOf: number }): NetworkHistory {
  const asOf = checkYear(options.asOf, 'asOf');
  const ids = graph.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const ties: TieHistory[] = [];
  let undatedTies = 0;
  let firstYear: number | null = null;
  graph.forEachEdge((_key, attrs, source, target, sa, ta) => {
    const spans: Span[] = [];
    let ongoing = false;
    let ended = -Infinity;
    for (const event of attrs.events) {
      if (event.start === undefined) continue;
      const from = yearOf(event.start);
      if (from > asOf) continue;
      const end = event.end === undefined ? undefined : yearOf(event.end);
      if (end === undefined || end > asOf) ongoing = true;
      else ended = Math.max(ended, Math.max(end, from));
      spans.push({ from, to: Math.min(asOf, Math.max(from, end ?? asOf)), weight: event.weight });
    }
    if (spans.length === 0) {
      undatedTies++;
      return;
    }
    let first = Infinity;
    let last = -Infinity;
    for (const s of spans) {
      first = Math.min(first, s.from);
      last = Math.max(last, s.to);
    }
    firstYear = firstYear === null ? first : Math.min(firstYear, first);
    ties.push({
      source,
      target,
      a: index.get(source) as number,
      b: index.get(target) as number,
      spans,
      first,
      last,
      ended: ongoing ? null : ended,
      crossSector: sa.sector === undefined || ta.sector === undefined ? null : sa.sector !== ta.sector,
    });
  });
  return { asOf, ids, index, ties, undatedTies, firstYear };
}

/** Summed weight of the tie's events active in the years [from, to]; 0 when inactive. */
export function activeWeight(tie: TieHistory, from: number, to: number): number {
  let w = 0;
  for (const s of tie.spans) if (s.from <= to && s.to >= from) w += s.weight;
  return w;
}
