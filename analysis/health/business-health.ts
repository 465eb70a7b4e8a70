/**
 * The health of one business over time: partners gained and lost per year, its dependence on
 * its top partner, and whether it is becoming more or less central — the trend of its rank by
 * active partners (degree) and by PageRank (Brin & Page 1998, weighted by the events active
 * that year) among the businesses active each year. Plus its dormant and one-sided ties.
 *
 * Ranks of every business in every year come from `rankHistory`, which the API can compute once
 * per snapshot; one business's health is then a pass over its own ties.
 */
import { requireBusiness } from '../domain.ts';
import type { NetworkGraph } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import type { Csr } from '../metrics/csr.ts';
import { pagerank } from '../metrics/pagerank.ts';
import type { Viewer } from '../partnering/partnering-index.ts';
import { adjacency } from '../resilience/network-arrays.ts';
import { activeWeight, buildHistory, checkYear, type NetworkHistory } from '../timeline/activity.ts';
import { dormantTies, type DormantTie } from './dormant-ties.ts';
import { oneSidedTies, type OneSidedTie } from './one-sided-ties.ts';

export const HEALTH_DEFAULTS = { trendYears: 5, trendThreshold: 0.1, dormantYears: 3 } as const;

/** Competition ranks ("1224") of every business per year; 0 = not active that year. */
export interface RankHistory {
  asOf: number;
  years: number[];
  /** Per year (same order as `years`): businesses active that year. */
  activeBusinesses: number[];
  /** Per year: rank by active partners, per business index of the history. */
  degree: Int32Array[];
  /** Per year: rank by PageRank, per business index. */
  pagerank: Int32Array[];
}

function competitionRanks(values: Float64Array, active: Uint8Array): Int32Array {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (active[i]) order.push(i);
  order.sort((x, y) => (values[y] as number) - (values[x] as number));
  const ranks = new Int32Array(values.length);
  for (let k = 0; k < order.length; k++) {
    const v = order[k] as number;
    const prev = order[k - 1];
    // Equal within rounding shares the rank of the first of the group.
    const same =
      prev !== undefined &&
      Math.abs((values[prev] as number) - (values[v] as number)) <= 1e-12 * Math.abs(values[v] as number);
    ranks[v] = same ? (ranks[prev] as number) : k + 1;
  }
  return ranks;
}

/**
 * Degree and PageRank ranks of every business in every year from the first dated year to
 * `asOf`, on the network active that year.
 */
export function rankHistory(
  graph: NetworkGraph,
  options: { asOf: number; history?: NetworkHistory },
): RankHistory {
  const asOf = checkYear(options.asOf, 'asOf');
  const history = options.history ?? buildHistory(graph, { asOf });
  const n = history.ids.length;
  const out: RankHistory = { asOf, years: [], activeBusinesses: [], degree: [], pagerank: [] };
  if (history.firstYear === null) return out;
  for (let year = history.firstYear; year <= asOf; year++) {
    const active = new Uint8Array(n);
    const deg = new Float64Array(n);
    const edges: [number, number, number][] = [];
    for (const t of history.ties) {
      if (t.first > year || t.last < year) continue;
      const w = activeWeight(t, year, year);
      if (w === 0) continue;
      edges.push([t.a, t.b, w]);
      deg[t.a] = (deg[t.a] as number) + 1;
      deg[t.b] = (deg[t.b] as number) + 1;
      active[t.a] = 1;
      active[t.b] = 1;
    }
    // Compact CSR over the active businesses only, so inactive ones do not soak up rank.
    const local = new Int32Array(n).fill(-1);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) if (active[i]) local[i] = ids.push(history.ids[i] as string) - 1;
    const { offsets, targets, weights } = adjacency(
      ids.length,
      edges.map(([a, b]) => [local[a] as number, local[b] as number] as const),
      edges.map((e) => e[2]),
    );
    const m = ids.length;
    const csr: Csr = { ids, index: new Map(), offsets, targets, weights };
    const pr = pagerank(csr, { tolerance: 1e-14 });
    const prFull = new Float64Array(n);
    for (let i = 0; i < n; i++) if (active[i]) prFull[i] = pr[local[i] as number] as number;
    out.years.push(year);
    out.activeBusinesses.push(m);
    out.degree.push(competitionRanks(deg, active));
    out.pagerank.push(competitionRanks(prFull, active));
  }
  return out;
}

export type Trend = 'rising' | 'falling' | 'steady' | 'not enough years';

export interface BusinessYear {
  year: number;
  /** Partners active with it that year. */
  partners: number;
  /** Partners whose first joint activity was that year. */
  gained: number;
  /** Partners whose final joint event ended that year. */
  lost: number;
  /** Its ranks among the businesses active that year (null when it was not active). */
  degreeRank: number | null;
  pagerankRank: number | null;
  activeBusinesses: number;
}

export interface BusinessHealth {
  id: string;
  name: string;
  asOf: number;
  years: BusinessYear[];
  /** Share of its collaboration weight with its top partner (0–1); null without partners. */
  dependence: number | null;
  topPartner: { id: string; name: string; weight: number } | null;
  partners: number;
  /** Rank trend over the last `trendYears` years, by degree and by PageRank. */
  trend: { degree: Trend; pagerank: Trend; years: number };
  dormantTies: DormantTie[];
  oneSided: { gives: OneSidedTie[]; takes: OneSidedTie[] };
}

export interface BusinessHealthOptions {
  asOf: number;
  /** Years the trend looks back over (default 5). */
  trendYears?: number;
  /** Change in rank percentile that counts as rising or falling (default 0.1 = 10 points). */
  trendThreshold?: number;
  /** Years without activity that make a tie dormant (default 3). */
  dormantYears?: number;
  viewer?: Viewer;
  history?: NetworkHistory;
  ranks?: RankHistory;
}

/**
 * Rank trend from percentiles (0 = top): rising when the percentile of its last active year in
 * the window is at least `threshold` better than that of its first, falling when worse.
 */
function trendOf(ranks: (number | null)[], active: number[], threshold: number): Trend {
  const points: number[] = [];
  ranks.forEach((r, i) => {
    const total = active[i] as number;
    if (r !== null) points.push(total > 1 ? (r - 1) / (total - 1) : 0);
  });
  if (points.length < 2) return 'not enough years';
  const change = (points[0] as number) - (points[points.length - 1] as number);
  return change >= threshold ? 'rising' : change <= -threshold ? 'falling' : 'steady';
}

/**
 * The health of one business.
 * @throws NotFoundError for an unknown business; InvalidInputError for bad options
 */
export function businessHealth(
  graph: NetworkGraph,
  id: string,
  options: BusinessHealthOptions,
): BusinessHealth {
  requireBusiness(graph, id);
  const asOf = checkYear(options.asOf, 'asOf');
  const trendYears = options.trendYears ?? HEALTH_DEFAULTS.trendYears;
  const threshold = options.trendThreshold ?? HEALTH_DEFAULTS.trendThreshold;
  if (!Number.isInteger(trendYears) || trendYears < 2)
    throw new InvalidInputError(
      `trendYears must be a whole number of at least 2 (got ${trendYears})`,
      'trendYears',
    );
  if (!(threshold > 0 && threshold <= 1))
    throw new InvalidInputError(`trendThreshold must be in (0, 1] (got ${threshold})`, 'trendThreshold');
  const history = options.history ?? buildHistory(graph, { asOf });
  const ranks = options.ranks ?? rankHistory(graph, { asOf, history });
  const me = history.index.get(id) as number;
  const mine = history.ties.filter((t) => t.a === me || t.b === me);
  const years: BusinessYear[] = ranks.years.map((year, i) => {
    let partners = 0;
    let gained = 0;
    let lost = 0;
    for (const t of mine) {
      if (t.first <= year && t.last >= year && activeWeight(t, year, year) > 0) partners++;
      if (t.first === year) gained++;
      if (t.ended === year) lost++;
    }
    const d = ranks.degree[i]?.[me] ?? 0;
    const p = ranks.pagerank[i]?.[me] ?? 0;
    return {
      year,
      partners,
      gained,
      lost,
      degreeRank: d > 0 ? d : null,
      pagerankRank: p > 0 ? p : null,
      activeBusinesses: ranks.activeBusinesses[i] ?? 0,
    };
  });
  let total = 0;
  let partners = 0;
  let top: BusinessHealth['topPartner'] = null;
  graph.forEachEdge(id, (_k, attrs, s, t) => {
    const other = s === id ? t : s;
    total += attrs.weight;
    partners++;
    if (top === null || attrs.weight > top.weight || (attrs.weight === top.weight && other < top.id))
      top = { id: other, name: graph.getNodeAttribute(other, 'name'), weight: attrs.weight };
  });
  const topPartner = top as BusinessHealth['topPartner'];
  const recent = years.slice(-trendYears);
  const active = recent.map((y) => y.activeBusinesses);
  const oneSided = oneSidedTies(graph, {
    business: id,
    ...(options.viewer !== undefined && { viewer: options.viewer }),
  });
  return {
    id,
    name: graph.getNodeAttribute(id, 'name'),
    asOf,
    years,
    dependence: topPartner && total > 0 ? topPartner.weight / total : null,
    topPartner,
    partners,
    trend: {
      degree: trendOf(
        recent.map((y) => y.degreeRank),
        active,
        threshold,
      ),
      pagerank: trendOf(
        recent.map((y) => y.pagerankRank),
        active,
        threshold,
      ),
      years: trendYears,
    },
    dormantTies: dormantTies(graph, {
      asOf,
      business: id,
      history,
      years: options.dormantYears ?? HEALTH_DEFAULTS.dormantYears,
    }),
    oneSided: {
      gives: oneSided.filter((t) => t.giver === id),
      takes: oneSided.filter((t) => t.taker === id),
    },
  };
}
