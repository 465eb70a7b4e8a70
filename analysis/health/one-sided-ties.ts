/**
 * One-sided ties: partners where one firm (the giver) holds capabilities the other (the taker)
 * needs, and the taker holds none of the giver's needs — a partnership with nothing flowing
 * back, which tends not to last. `takerCoverage` says how much of the taker's needs the giver
 * covers (1 = all of them). Confidential capabilities and needs are left out for readers.
 */
import type { NetworkGraph } from '../domain.ts';
import { NotFoundError } from '../errors.ts';
import { visibleTo, type Viewer } from '../visibility.ts';

export interface OneSidedTie {
  giver: string;
  taker: string;
  giverName: string;
  takerName: string;
  /** Capabilities of the giver that the taker needs, A→Z. */
  gives: string[];
  /** Share of the taker's needs the giver covers. */
  takerCoverage: number;
  /** How many needs the giver has (none of them met by the taker). */
  giverNeeds: number;
}

export interface OneSidedOptions {
  /** Only ties of this business. */
  business?: string;
  /** `reader` does not see confidential capabilities and needs (default `analyst`). */
  viewer?: Viewer;
}

/** One-sided ties, most of the taker's needs covered first, then by ids. */
export function oneSidedTies(graph: NetworkGraph, options: OneSidedOptions = {}): OneSidedTie[] {
  if (options.business !== undefined && !graph.hasNode(options.business))
    throw new NotFoundError('business', options.business);
  const visible = visibleTo(options.viewer);
  const caps = new Map<string, Set<string>>();
  const needs = new Map<string, string[]>();
  const capsOf = (id: string) => {
    let s = caps.get(id);
    if (!s) {
      s = new Set(
        graph
          .getNodeAttribute(id, 'capabilities')
          .filter(visible)
          .map((c) => c.name),
      );
      caps.set(id, s);
    }
    return s;
  };
  const needsOf = (id: string) => {
    let list = needs.get(id);
    if (!list) {
      list = graph
        .getNodeAttribute(id, 'needs')
        .filter(visible)
        .map((n) => n.name);
      needs.set(id, list);
    }
    return list;
  };
  const out: OneSidedTie[] = [];
  const consider = (s: string, t: string) => {
    const sGives = needsOf(t).filter((n) => capsOf(s).has(n));
    const tGives = needsOf(s).filter((n) => capsOf(t).has(n));
    for (const [giver, taker, gives, back] of [
      [s, t, sGives, tGives],
      [t, s, tGives, sGives],
    ] as const) {
      if (gives.length === 0 || back.length > 0) continue;
      out.push({
        giver,
        taker,
        giverName: graph.getNodeAttribute(giver, 'name'),
        takerName: graph.getNodeAttribute(taker, 'name'),
        gives: [...gives].sort(),
        takerCoverage: gives.length / needsOf(taker).length,
        giverNeeds: needsOf(giver).length,
      });
    }
  };
  if (options.business !== undefined) graph.forEachEdge(options.business, (_k, _a, s, t) => consider(s, t));
  else graph.forEachEdge((_k, _a, s, t) => consider(s, t));
  return out.sort(
    (x, y) =>
      y.takerCoverage - x.takerCoverage ||
      (x.giver < y.giver ? -1 : x.giver > y.giver ? 1 : x.taker < y.taker ? -1 : x.taker > y.taker ? 1 : 0),
  );
}
