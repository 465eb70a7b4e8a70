/**
 * Temporal backtest of partner suggestions (the link-prediction protocol of Liben-Nowell &
 * Kleinberg 2007, "The link-prediction problem for social networks"): train on the
 * collaborations that started up to a year T, rank candidates for each business, and check the
 * ranking against the pairs that first collaborated after T. Reports precision@k, recall@k and
 * mean reciprocal rank, for Partner Atlas's learned ranker (and its old hand-set blend) and for
 * baselines measured in the same run: random, preferential attachment, common neighbours,
 * Adamic–Adar (Adamic & Adar 2003) and resource allocation (Zhou, Lü & Zhang 2009).
 *
 * Pure: records in, figures out. Randomness (the random baseline) comes from a seeded rng.
 */
import { buildGraph, collaborationKey } from '../build-graph.ts';
import type { NetworkGraph, NetworkRecords } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import { buildPartneringIndex, type PartneringIndex } from '../partnering/partnering-index.ts';
import { learnRanker } from '../partnering/ranker.ts';
import { computeStructure } from '../partnering/structure.ts';
import { SUGGESTION_DEFAULTS, suggestPartners } from '../partnering/suggestions.ts';
import { createRng, type Rng } from '../rng.ts';
import { pairedRatioInterval, type PairedRatio } from './paired-ratio.ts';

export const BACKTEST_DEFAULTS = {
  /** Cut-off for precision and recall. */
  k: 10,
  /** Length of each ranking: a true partner found beyond it counts 0 in the MRR. */
  depth: 100,
  /** Share of dated collaborations the default split year keeps for training. */
  trainShare: 0.75,
  seed: 7,
  /** The ratio to Adamic–Adar each method's interval is tested against (issue 16's goal). */
  targetRatio: 1.5,
};

/**
 * Ranks candidate partners of `business` (never itself or a current partner), best first. A
 * learned ranker may carry what it learned (`learned`: the inner cut and validation score).
 */
export type Ranker = ((business: string, depth: number) => string[]) & { learned?: LearnedSummary };

export interface LearnedSummary {
  kind: string;
  cutYear: number | null;
  /** Inner validation (held-out businesses of the training graph): never the test. */
  validation: { queries: number; precisionAtK: number; adamicAdarPrecisionAtK: number } | null;
}

export interface RankerFactory {
  name: string;
  /** Prepare a ranker on the training graph (one index per run). */
  prepare: (graph: NetworkGraph, rng: Rng) => Ranker;
}

export interface MethodScore {
  method: string;
  precisionAtK: number;
  recallAtK: number;
  mrr: number;
  /** Share of evaluated businesses with at least one true partner in the top k. */
  hitRate: number;
  /** A learned ranker's inner cut and validation, when it has one. */
  learned?: LearnedSummary;
  /**
   * Precision@k divided by Adamic–Adar's on the same businesses, with its paired bootstrap
   * interval and the share of resamples reaching BACKTEST_DEFAULTS.targetRatio (when Adamic–Adar
   * is among the rankers).
   */
  vsAdamicAdar?: PairedRatio;
}

export interface BacktestResult {
  year: number;
  k: number;
  depth: number;
  trainBusinesses: number;
  trainPairs: number;
  /** New pairs after the split year between businesses present in training. */
  futurePairs: number;
  /** Businesses with at least one new partner after the split year. */
  evaluated: number;
  /** Collaborations without a start date, left out of both sides. */
  undated: number;
  methods: MethodScore[];
}

const startYear = (start: string | undefined): number | undefined => {
  const y = start === undefined ? NaN : Number(start.slice(0, 4));
  return Number.isInteger(y) ? y : undefined;
};

/**
 * The year T such that the collaborations started up to T are at least `trainShare` of the
 * dated ones (default 0.75). Throws when fewer than two distinct start years are known.
 */
export function chooseSplitYear(records: NetworkRecords, trainShare = BACKTEST_DEFAULTS.trainShare): number {
  const years = records.collaborations
    .map((c) => startYear(c.start))
    .filter((y): y is number => y !== undefined)
    .sort((a, b) => a - b);
  const distinct = new Set(years);
  if (distinct.size < 2)
    throw new InvalidInputError(
      'a temporal backtest needs collaborations with start dates in at least two different years',
      'collaborations',
    );
  const last = years[years.length - 1] as number;
  const year = years[Math.min(years.length - 1, Math.ceil(trainShare * years.length) - 1)] as number;
  // Keep something to predict: the split year must come before the last start year.
  return year < last ? year : ([...distinct].filter((y) => y < last).pop() as number);
}

/**
 * The training records: every business, capability and need, and the collaborations that
 * started in or before `year` (undated ones are dropped). Capabilities and needs are not dated
 * in the bundle format, so they are kept as they are (a source with dated capabilities, such as
 * CORDIS, should build its training records itself; see scripts/eval-suggestions.ts).
 */
export function trainingRecords(records: NetworkRecords, year: number): NetworkRecords {
  return {
    ...records,
    collaborations: records.collaborations.filter((c) => {
      const y = startYear(c.start);
      return y !== undefined && y <= year;
    }),
  };
}

/**
 * The development split for choosing a ranker's design without the test (eval:suggestions
 * --dev): the history cut at the outer split year (`trainingRecords(records, outer)`: nothing
 * after `outer` is read), and that history's own split year, chosen as chooseSplitYear does
 * (so before `outer`). Throws when the history up to `outer` has fewer than two start years.
 */
export function developmentSplit(
  records: NetworkRecords,
  outer: number,
  trainShare = BACKTEST_DEFAULTS.trainShare,
): { records: NetworkRecords; year: number } {
  const history = trainingRecords(records, outer);
  return { records: history, year: chooseSplitYear(history, trainShare) };
}

/** The new partners of each business, from {@link futurePairs}' `a--b` keys (both directions). */
export function newPartnersByBusiness(pairs: Iterable<string>): Map<string, Set<string>> {
  const partners = new Map<string, Set<string>>();
  for (const key of pairs) {
    const [a, b] = key.split('--') as [string, string];
    for (const [u, v] of [
      [a, b],
      [b, a],
    ] as const) {
      let set = partners.get(u);
      if (!set) partners.set(u, (set = new Set()));
      set.add(v);
    }
  }
  return partners;
}

/**
 * Pairs (sorted ids, `a--b` keys) whose first dated collaboration started after `year`, whose
 * businesses both appear in `known`, and that had not collaborated by then.
 */
export function futurePairs(records: NetworkRecords, year: number, known: Set<string>): Set<string> {
  const before = new Set<string>();
  const after = new Set<string>();
  for (const c of records.collaborations) {
    const y = startYear(c.start);
    if (y === undefined || c.source === c.target) continue;
    (y <= year ? before : after).add(collaborationKey(c.source, c.target));
  }
  const result = new Set<string>();
  for (const key of after) {
    if (before.has(key)) continue;
    const [a, b] = key.split('--') as [string, string];
    if (known.has(a) && known.has(b)) result.add(key);
  }
  return result;
}

function notPartnerFilter(graph: NetworkGraph, business: string): (id: string) => boolean {
  return (id) => id !== business && !graph.hasEdge(business, id);
}

/** Top `depth` of a score map, best first, ties broken by id. */
function topByScore(scores: Map<string, number>, depth: number): string[] {
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, depth)
    .map(([id]) => id);
}

/** Scores of the businesses two steps away (non-partners sharing a partner). */
function twoStepScores(
  graph: NetworkGraph,
  business: string,
  weightOf: (shared: string) => number,
): Map<string, number> {
  const keep = notPartnerFilter(graph, business);
  const scores = new Map<string, number>();
  graph.forEachNeighbor(business, (z) => {
    const w = weightOf(z);
    graph.forEachNeighbor(z, (v) => {
      if (keep(v)) scores.set(v, (scores.get(v) ?? 0) + w);
    });
  });
  return scores;
}

/** The partnering index of a training graph with its communities and constraint. */
function indexOf(graph: NetworkGraph): PartneringIndex {
  return buildPartneringIndex(graph, { structure: computeStructure(graph) });
}

/**
 * Partner Atlas as the service ranks: the ranker learned on the training graph's own history
 * (an inner cut inside the training years; ranker.ts), applied to the whole training graph.
 * It sees the training graph only, so nothing after the split year can reach it.
 */
export const PARTNER_ATLAS: RankerFactory = {
  name: 'Partner Atlas (learned ranker)',
  prepare(graph) {
    const index = indexOf(graph);
    const model = learnRanker(index);
    index.ranker = model;
    const rank: Ranker = (business, depth) =>
      suggestPartners(index, business, { limit: depth }).suggestions.map((s) => s.id);
    rank.learned = {
      kind: model.kind,
      cutYear: model.cutYear,
      validation: model.validation && {
        queries: model.validation.queries,
        precisionAtK: model.validation.precisionAtK,
        adamicAdarPrecisionAtK: model.validation.adamicAdar.precisionAtK,
      },
    };
    return rank;
  },
};

/** The hand-set blend of before (complementarity 0.45, reciprocity 0.2, trust 0.2, reach 0.15). */
export const PARTNER_ATLAS_BLEND: RankerFactory = {
  name: 'Partner Atlas hand-set blend (weights=)',
  prepare(graph) {
    const index = indexOf(graph);
    return (business, depth) =>
      suggestPartners(index, business, {
        limit: depth,
        weights: SUGGESTION_DEFAULTS.weights,
      }).suggestions.map((s) => s.id);
  },
};

/** Uniformly random non-partners (seeded). */
export const RANDOM: RankerFactory = {
  name: 'random',
  prepare(graph, rng) {
    const ids = graph.nodes();
    return (business, depth) => {
      const keep = notPartnerFilter(graph, business);
      const pool = ids.filter(keep);
      const n = Math.min(depth, pool.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(rng() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
      }
      return pool.slice(0, n);
    };
  },
};

/** Number of partners in common. */
export const COMMON_NEIGHBOURS: RankerFactory = {
  name: 'common neighbours',
  prepare: (graph) => (business, depth) =>
    topByScore(
      twoStepScores(graph, business, () => 1),
      depth,
    ),
};

/** Σ 1 / ln(degree) over partners in common. */
export const ADAMIC_ADAR: RankerFactory = {
  name: 'Adamic–Adar',
  prepare: (graph) => (business, depth) =>
    topByScore(
      twoStepScores(graph, business, (z) => 1 / Math.log(Math.max(2, graph.degree(z)))),
      depth,
    ),
};

/** Σ 1 / degree over partners in common (Zhou, Lü & Zhang 2009). */
export const RESOURCE_ALLOCATION: RankerFactory = {
  name: 'resource allocation',
  prepare: (graph) => (business, depth) =>
    topByScore(
      twoStepScores(graph, business, (z) => 1 / graph.degree(z)),
      depth,
    ),
};

/** degree(u) · degree(v): for a fixed business, the best-connected non-partners. */
export const PREFERENTIAL_ATTACHMENT: RankerFactory = {
  name: 'preferential attachment',
  prepare(graph) {
    const byDegree = graph
      .nodes()
      .map((id) => [id, graph.degree(id)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([id]) => id);
    return (business, depth) => {
      const keep = notPartnerFilter(graph, business);
      const out: string[] = [];
      for (const id of byDegree) {
        if (out.length >= depth) break;
        if (keep(id)) out.push(id);
      }
      return out;
    };
  },
};

export const DEFAULT_RANKERS: RankerFactory[] = [
  PARTNER_ATLAS,
  PARTNER_ATLAS_BLEND,
  RANDOM,
  PREFERENTIAL_ATTACHMENT,
  COMMON_NEIGHBOURS,
  ADAMIC_ADAR,
  RESOURCE_ALLOCATION,
];

export interface BacktestOptions {
  /** Split year T (default: chooseSplitYear(records)). */
  year?: number;
  /**
   * Training records to use instead of trainingRecords(records, year), for sources whose
   * capabilities are dated (CORDIS topics of the projects started up to T).
   */
  train?: NetworkRecords;
  rankers?: RankerFactory[];
  k?: number;
  depth?: number;
  seed?: number;
}

/**
 * Run the temporal backtest. `records` holds the whole history (the future pairs come from
 * it); training uses the collaborations started up to the split year. Precision@k is hits / k,
 * recall@k is hits / new partners, MRR the mean of 1 / rank of the first new partner within
 * `depth` (0 when none), all averaged over businesses with at least one new partner.
 * Defaults: k 10, depth 100, seed 7, the five rankers of DEFAULT_RANKERS.
 */
export function runBacktest(records: NetworkRecords, options: BacktestOptions = {}): BacktestResult {
  const k = options.k ?? BACKTEST_DEFAULTS.k;
  const depth = Math.max(k, options.depth ?? BACKTEST_DEFAULTS.depth);
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError('k must be a whole number ≥ 1', 'k');
  const year = options.year ?? chooseSplitYear(records);
  const train = options.train ?? trainingRecords(records, year);
  const graph = buildGraph(train);
  const known = new Set(graph.nodes());
  const future = futurePairs(records, year, known);
  const truth = newPartnersByBusiness(future);
  const evaluated = [...truth.keys()].sort();
  const methods: MethodScore[] = [];
  const perBusiness: number[][] = [];
  for (const factory of options.rankers ?? DEFAULT_RANKERS) {
    const rank = factory.prepare(graph, createRng(options.seed ?? BACKTEST_DEFAULTS.seed));
    let precision = 0;
    let recall = 0;
    let reciprocal = 0;
    let hitBusinesses = 0;
    const precisions: number[] = [];
    for (const business of evaluated) {
      const actual = truth.get(business) as Set<string>;
      const ranking = rank(business, depth);
      let hits = 0;
      for (const id of ranking.slice(0, k)) if (actual.has(id)) hits++;
      const first = ranking.findIndex((id) => actual.has(id));
      precision += hits / k;
      precisions.push(hits / k);
      recall += hits / actual.size;
      reciprocal += first >= 0 ? 1 / (first + 1) : 0;
      if (hits > 0) hitBusinesses++;
    }
    const n = Math.max(1, evaluated.length);
    methods.push({
      method: factory.name,
      precisionAtK: precision / n,
      recallAtK: recall / n,
      mrr: reciprocal / n,
      hitRate: hitBusinesses / n,
      ...(rank.learned && { learned: rank.learned }),
    });
    perBusiness.push(precisions);
  }
  const aa = methods.findIndex((m) => m.method === ADAMIC_ADAR.name);
  if (aa >= 0)
    methods.forEach((m, i) => {
      m.vsAdamicAdar = pairedRatioInterval(perBusiness[i] as number[], perBusiness[aa] as number[], {
        seed: options.seed ?? BACKTEST_DEFAULTS.seed,
        target: BACKTEST_DEFAULTS.targetRatio,
      });
    });
  return {
    year,
    k,
    depth,
    trainBusinesses: graph.order,
    trainPairs: graph.size,
    futurePairs: future.size,
    evaluated: evaluated.length,
    undated: records.collaborations.filter((c) => startYear(c.start) === undefined).length,
    methods,
  };
}

/** The results as a Markdown table (figures to 3 decimals). */
export function formatBacktestTable(result: BacktestResult): string {
  const f = (x: number) => x.toFixed(3);
  const withRatio = result.methods.some((m) => m.vsAdamicAdar);
  const ratio = (m: MethodScore) => {
    const r = m.vsAdamicAdar;
    if (!r || r.ratio === null) return ' — |';
    const x = (v: number | null) => (v === null ? '∞' : `${v.toFixed(2)}×`);
    return ` ${x(r.ratio)} (${x(r.low)}–${x(r.high)}) |`;
  };
  const rows = result.methods.map(
    (m) =>
      `| ${m.method} | ${f(m.precisionAtK)} | ${f(m.recallAtK)} | ${f(m.mrr)} | ${f(m.hitRate)} |${withRatio ? ratio(m) : ''}`,
  );
  return [
    `| method | precision@${result.k} | recall@${result.k} | MRR (top ${result.depth}) | hit rate@${result.k} |` +
      (withRatio ? ` precision@${result.k} ÷ Adamic–Adar (95 % interval) |` : ''),
    withRatio ? '|---|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
