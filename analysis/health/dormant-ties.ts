/**
 * Dormant ties: partners with a history together and no joint activity for at least `years`
 * years up to `asOf` (activity rule of analysis/timeline/activity.ts). A tie whose last event
 * ended in 2019 is dormant for 5 years in 2024; ongoing ties are never dormant.
 */
import type { NetworkGraph } from '../domain.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { buildHistory, checkYear, type NetworkHistory } from '../timeline/activity.ts';

export const DORMANT_DEFAULTS = { years: 3 } as const;

export interface DormantTie {
  source: string;
  target: string;
  sourceName: string;
  targetName: string;
  /** First and last year the two were active together. */
  firstActive: number;
  lastActive: number;
  /** `asOf − lastActive`. */
  yearsInactive: number;
  /** Dated events of their history. */
  events: number;
  /** Summed weight of those events. */
  weight: number;
}

export interface DormantOptions {
  asOf: number;
  /** Years without joint activity that make a tie dormant (default 3). */
  years?: number;
  /** Only ties of this business. */
  business?: string;
  history?: NetworkHistory;
}

/**
 * Dormant ties, longest inactive first (then heaviest history, then ids).
 * @throws InvalidInputError for a bad `asOf` or `years`
 */
export function dormantTies(graph: NetworkGraph, options: DormantOptions): DormantTie[] {
  const asOf = checkYear(options.asOf, 'asOf');
  const years = options.years ?? DORMANT_DEFAULTS.years;
  if (!Number.isInteger(years) || years < 1)
    throw new InvalidInputError(`years must be a whole number of at least 1 (got ${years})`, 'years');
  if (options.business !== undefined && !graph.hasNode(options.business))
    throw new NotFoundError('business', options.business);
  const history = options.history ?? buildHistory(graph, { asOf });
  const out: DormantTie[] = [];
  for (const t of history.ties) {
    if (options.business !== undefined && t.source !== options.business && t.target !== options.business)
      continue;
    if (t.ended === null || asOf - t.last < years) continue;
    out.push({
      source: t.source,
      target: t.target,
      sourceName: graph.getNodeAttribute(t.source, 'name'),
      targetName: graph.getNodeAttribute(t.target, 'name'),
      firstActive: t.first,
      lastActive: t.last,
      yearsInactive: asOf - t.last,
      events: t.spans.length,
      weight: t.spans.reduce((s, e) => s + e.weight, 0),
    });
  }
  return out.sort(
    (x, y) =>
      y.yearsInactive - x.yearsInactive ||
      y.weight - x.weight ||
      (x.source < y.source
        ? -1
        : x.source > y.source
          ? 1
          : x.target < y.target
            ? -1
            : x.target > y.target
              ? 1
              : 0),
  );
}
