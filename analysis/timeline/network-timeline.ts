/**
 * The network period by period (a year by default): the ties active in each period under the
 * activity rule of activity.ts, and the summary KPIs of that network — active businesses (with
 * at least one active tie), active ties, new ties (first active in the period), ended ties (final
 * event ended in the period), density and share in the largest component among the active
 * businesses, Louvain modularity (seeded; weights = the weights of the events active then),
 * cross-sector share and average partners per active business.
 *
 * Speed: ties are compact spans and components come from a union–find reset per period; the
 * one graphology graph per period is only built for Louvain, the dominant cost, which
 * `modularity: false` skips (bench/timeline.ts).
 */
import { UndirectedGraph } from 'graphology';
import type { NetworkGraph } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import { detectCommunities } from '../metrics/communities.ts';
import { UnionFind } from '../resilience/components.ts';
import { ACTIVITY_RULE, activeWeight, buildHistory, checkYear, type NetworkHistory } from './activity.ts';

export const TIMELINE_DEFAULTS = { step: 1, seed: 42, modularity: true, maxPeriods: 500 } as const;

export interface TimelineOptions {
  /** The year the data is as of: ongoing ties are active until then. Required. */
  asOf: number;
  /** First year (default: the first dated year). */
  from?: number;
  /** Last year (default: `asOf`). */
  to?: number;
  /** Years per period (default 1). */
  step?: number;
  /** Louvain seed (default 42). */
  seed?: number;
  /** Compute modularity (default true); false makes it null and the timeline faster. */
  modularity?: boolean;
  /** A history already built for this graph and `asOf` (e.g. cached by the API). */
  history?: NetworkHistory;
}

export const TIMELINE_COLUMNS = [
  'from',
  'to',
  'activeBusinesses',
  'activeTies',
  'newTies',
  'endedTies',
  'density',
  'largestComponentShare',
  'modularity',
  'crossSectorShare',
  'averagePartners',
] as const;

export interface TimelineRow {
  /** First and last year of the period (equal for yearly rows). */
  from: number;
  to: number;
  activeBusinesses: number;
  activeTies: number;
  newTies: number;
  endedTies: number;
  /** Active ties over possible pairs of active businesses. */
  density: number;
  /** Of the active businesses. */
  largestComponentShare: number;
  /** Louvain modularity of the period's network; null when not computed. */
  modularity: number | null;
  /** Of the active ties whose two sectors are known; null when none is. */
  crossSectorShare: number | null;
  averagePartners: number;
}

export interface Timeline {
  asOf: number;
  rule: string;
  /** Ties with no dated event, left out of every period. */
  undatedTies: number;
  rows: TimelineRow[];
}

/**
 * The network as it stood in each period from `from` to `to`.
 * @throws InvalidInputError for a missing or malformed year, `from` after `to`, a bad step or
 *   more than 500 periods
 */
export function networkTimeline(graph: NetworkGraph, options: TimelineOptions): Timeline {
  const asOf = checkYear(options.asOf, 'asOf');
  const history = options.history ?? buildHistory(graph, { asOf });
  const from = checkYear(options.from ?? history.firstYear ?? asOf, 'from');
  const to = checkYear(options.to ?? asOf, 'to');
  const step = options.step ?? TIMELINE_DEFAULTS.step;
  const seed = options.seed ?? TIMELINE_DEFAULTS.seed;
  const withModularity = options.modularity ?? TIMELINE_DEFAULTS.modularity;
  if (from > to) throw new InvalidInputError(`from (${from}) must not be after to (${to})`, 'from');
  if (!Number.isInteger(step) || step < 1)
    throw new InvalidInputError(`step must be a whole number of years, at least 1 (got ${step})`, 'step');
  if ((to - from + 1) / step > TIMELINE_DEFAULTS.maxPeriods)
    throw new InvalidInputError(
      `that is more than ${TIMELINE_DEFAULTS.maxPeriods} periods; choose a later from or a larger step`,
      'step',
    );

  const { ties, ids } = history;
  const uf = new UnionFind(ids.length);
  const seen = new Uint8Array(ids.length);
  const rows: TimelineRow[] = [];
  for (let start = from; start <= to; start += step) {
    const end = Math.min(to, start + step - 1);
    const touched: number[] = [];
    // A fresh graph per period, built in tie order, so a year's modularity does not depend on
    // which years were asked for before it.
    const louvainGraph = new UndirectedGraph<object, { weight: number }>();
    let activeTies = 0;
    let newTies = 0;
    let endedTies = 0;
    let cross = 0;
    let known = 0;
    for (let k = 0; k < ties.length; k++) {
      const t = ties[k]!;
      if (t.ended !== null && t.ended >= start && t.ended <= end) endedTies++;
      const weight = t.first > end || t.last < start ? 0 : activeWeight(t, start, end);
      if (weight === 0) continue;
      activeTies++;
      if (t.first >= start) newTies++;
      if (t.crossSector !== null) {
        known++;
        if (t.crossSector) cross++;
      }
      for (const v of [t.a, t.b]) {
        if (seen[v] === 0) {
          seen[v] = 1;
          touched.push(v);
        }
      }
      uf.union(t.a, t.b);
      if (withModularity) {
        // Ties are distinct pairs, so plain adds (cheaper than merges) are safe.
        if (!louvainGraph.hasNode(t.source)) louvainGraph.addNode(t.source);
        if (!louvainGraph.hasNode(t.target)) louvainGraph.addNode(t.target);
        louvainGraph.addEdge(t.source, t.target, { weight });
      }
    }
    let largest = 0;
    for (const v of touched) largest = Math.max(largest, uf.size[uf.find(v)] as number);
    let modularity: number | null = null;
    if (withModularity) {
      modularity = activeTies > 0 ? detectCommunities(louvainGraph, { seed }).modularity : 0;
    }
    const b = touched.length;
    rows.push({
      from: start,
      to: end,
      activeBusinesses: b,
      activeTies,
      newTies,
      endedTies,
      density: b > 1 ? (2 * activeTies) / (b * (b - 1)) : 0,
      largestComponentShare: b > 0 ? largest / b : 0,
      modularity,
      crossSectorShare: known > 0 ? cross / known : null,
      averagePartners: b > 0 ? (2 * activeTies) / b : 0,
    });
    uf.reset(touched);
    for (const v of touched) seen[v] = 0;
  }
  return { asOf, rule: ACTIVITY_RULE, undatedTies: history.undatedTies, rows };
}
