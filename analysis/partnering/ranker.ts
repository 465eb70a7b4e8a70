/**
 * The suggestion ranker learned from the network's own history (issue 16). At a cut year T,
 * features of each candidate pair are computed on the network as it stood at the end of T (the
 * partnering index built with `until: T`), and the label says whether the pair first
 * collaborated after T. A logistic regression (L2-penalised, fitted by Newton's method on
 * standardised features: deterministic, no randomness but the seeded sampling) learns how much
 * each feature predicts a new tie; it is then applied to the whole network.
 *
 * Leakage is impossible by construction: every feature reads only the past index, whose ties
 * were filtered to events started up to T when it was built; the future is read only as labels.
 * The cut is chosen among the years the network holds, and the validation score is measured on
 * a quarter of the businesses held out of the fit. When there is too little dated history, or
 * the fitted model does not beat the defaults on validation, the documented defaults are used
 * and the model says why.
 *
 * Features (docs/suggestions.md): partners in common (log), Adamic–Adar (Adamic & Adar 2003),
 * resource allocation (Zhou, Lü & Zhang 2009), Jaccard, the candidate's degree and the degree
 * product (preferential attachment, log), how recent and how repeated the ties through shared
 * partners are, the candidate's recent activity (new partners in the last three years), same
 * community, the candidate's constraint, complementarity and reciprocity of capabilities and
 * needs, shared capabilities (rarity-weighted), same sector, same site.
 */
import { pairedRatioIntervalSteps, type PairedRatio } from '../evaluation/paired-ratio.ts';
import { createRng, shuffle } from '../rng.ts';
import { runToEnd } from '../steps.ts';
import {
  buildPartneringIndex,
  capabilitiesOf,
  holdersOf,
  indexCsr,
  needsOf,
  rarityFromCount,
  withStructure,
  type PartneringIndex,
  type Viewer,
} from './partnering-index.ts';
import { structureOfCsr } from './structure.ts';
import { topRowsByScore } from './top-k.ts';
import { visibleTo } from '../visibility.ts';

export const RANKER_FEATURES = [
  'commonPartners',
  'adamicAdar',
  'resourceAllocation',
  'jaccard',
  'candidateDegree',
  'degreeProduct',
  'sharedTieRecency',
  'sharedTieRepetition',
  'candidateActivity',
  'sameCommunity',
  'candidateConstraint',
  'complementarity',
  'reciprocity',
  'sharedCapabilities',
  'sameSector',
  'sameSite',
] as const;
export type RankerFeature = (typeof RANKER_FEATURES)[number];
const F = RANKER_FEATURES.length;
const at = Object.fromEntries(RANKER_FEATURES.map((f, j) => [f, j])) as Record<RankerFeature, number>;

/** Years back that count as "recent" for the candidate's activity (T−2 … T). */
export const RECENT_YEARS = 3;

export const RANKER_DEFAULTS = {
  seed: 16,
  /** Share of dated ties (by first year) at or before the cut year. */
  trainShare: 0.8,
  /** Businesses whose rankings the fit uses (the rest of those with a new partner validate). */
  maxQueries: 300,
  validationShare: 0.25,
  /** At most this many validation businesses. */
  maxValidation: 150,
  /** Negatives sampled per query business (at most), uniformly among its candidates. */
  negativesPerQuery: 200,
  /** L2 penalty on the standardised coefficients. */
  l2: 1,
  /** Fewer new pairs than this after the cut, or fewer query businesses: defaults. */
  minPositives: 30,
  minQueries: 10,
  k: 10,
  /** The most active businesses every business gets as candidates, beyond its own reach. */
  activeCandidates: 100,
};

/**
 * The fallback, in raw feature units (mean 0, sd 1): Adamic–Adar, then what a business lacks
 * and can offer, then shared capabilities. Used when the history is too thin to learn from.
 */
export const DEFAULT_COEFFICIENTS: Record<RankerFeature, number> = {
  commonPartners: 0,
  adamicAdar: 1,
  resourceAllocation: 0,
  jaccard: 0,
  candidateDegree: 0,
  degreeProduct: 0,
  sharedTieRecency: 0,
  sharedTieRepetition: 0,
  candidateActivity: 0,
  sameCommunity: 0,
  candidateConstraint: 0,
  complementarity: 2,
  reciprocity: 1,
  sharedCapabilities: 0.5,
  sameSector: 0,
  sameSite: 0,
};

export interface RankingScore {
  queries: number;
  precisionAtK: number;
  mrr: number;
  /** Adamic–Adar on the same businesses and candidates, for comparison. */
  adamicAdar: { precisionAtK: number; mrr: number };
  /**
   * precisionAtK ÷ Adamic–Adar's, with its 95 % paired bootstrap interval over the held-out
   * businesses (analysis/evaluation/paired-ratio.ts: null figures when Adamic–Adar scored 0, a
   * null end when unbounded); a few dozen businesses leave it wide.
   */
  vsAdamicAdar: Omit<PairedRatio, 'shareAtLeastTarget'>;
}

export interface RankerModel {
  /** `learned` from this network's history, or the documented `default` (see `reason`). */
  kind: 'learned' | 'default';
  reason: string;
  /** Cut year T of the fit (features ≤ T, labels > T); null without one. */
  cutYear: number | null;
  /** Coefficients on standardised features, (x − mean) / sd. */
  coefficients: Record<RankerFeature, number>;
  mean: Record<RankerFeature, number>;
  sd: Record<RankerFeature, number>;
  training: { queries: number; examples: number; positives: number; l2: number; seed: number } | null;
  /** Held-out businesses: precision@k and MRR of this ranking and of Adamic–Adar. */
  validation: (RankingScore & { k: number }) | null;
}

function record(values: ArrayLike<number>): Record<RankerFeature, number> {
  return Object.fromEntries(RANKER_FEATURES.map((f, j) => [f, values[j] as number])) as Record<
    RankerFeature,
    number
  >;
}

export function defaultModel(reason: string, validation: RankerModel['validation'] = null): RankerModel {
  return {
    kind: 'default',
    reason,
    cutYear: null,
    coefficients: { ...DEFAULT_COEFFICIENTS },
    mean: record(new Float64Array(F)),
    sd: record(new Float64Array(F).fill(1)),
    training: null,
    validation,
  };
}

// ---- candidates and their features -----------------------------------------------------------

interface Work {
  cn: Float64Array;
  aa: Float64Array;
  ra: Float64Array;
  recency: Float64Array;
  repetition: Float64Array;
  comp: Float64Array;
  reci: Float64Array;
  shared: Float64Array;
  reached: Uint8Array;
  excluded: Uint8Array;
  /**
   * Positions of the candidates reached, in the order reached (the first `count` slots): a
   * per-query array of up to every business, grown by push, was most of what a query allocated
   * (about 0.3 MB at 14k candidates), and so of the young-generation collections under load.
   */
  order: Int32Array;
  /** Scores of the last candidate set scored with {@link scoreCandidatesInPlace}. */
  scores: Float64Array;
  /** Ties of each business whose first year is within RECENT_YEARS of the index's "now". */
  recentTies: Int32Array;
  /** Per business, log1p of its partners and of its recent ties (features computed once, not per query). */
  logDegree: Float64Array;
  logRecentTies: Float64Array;
  /** The recency weight 0.5^((now − y) / 2) of each year y a tie last ran, from `decayFrom` on (one power per year, not per path). */
  decayFrom: number;
  decayAt: Float64Array;
  /** The most active businesses (recent ties, then partners, then id): always candidates. */
  active: number[];
  /** The feature rows of the last candidate set (grown as needed, reused). */
  rows: Float64Array;
  /** Sector and site of each business as small integers (−1: none), for equality tests. */
  sector: Int32Array;
  site: Int32Array;
}

function codes(index: PartneringIndex, attribute: 'sector' | 'site'): Int32Array {
  const seen = new Map<string, number>();
  return Int32Array.from(index.ids, (id) => {
    const value = index.graph.getNodeAttribute(id, attribute);
    if (value === undefined) return -1;
    let code = seen.get(value);
    if (code === undefined) seen.set(value, (code = seen.size));
    return code;
  });
}
const works = new WeakMap<PartneringIndex, Work>();

/** The "now" of an index: its `until`, else its latest tie year. */
export function nowOf(index: PartneringIndex): number {
  return index.until ?? index.latestYear;
}

function workOf(index: PartneringIndex): Work {
  let w = works.get(index);
  if (w) return w;
  const n = index.ids.length;
  const { offsets } = index.neighbours;
  const recentTies = new Int32Array(n);
  const since = nowOf(index) - RECENT_YEARS + 1;
  for (let i = 0; i < n; i++)
    for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++)
      if ((index.ties.first[k] as number) >= since && (index.ties.first[k] as number) > 0) recentTies[i]!++;
  const degree = (i: number) => (offsets[i + 1] as number) - (offsets[i] as number);
  const active = Array.from({ length: n }, (_, i) => i)
    .filter((i) => degree(i) > 0)
    .sort(
      (a, b) =>
        (recentTies[b] as number) - (recentTies[a] as number) ||
        degree(b) - degree(a) ||
        ((index.ids[a] as string) < (index.ids[b] as string) ? -1 : 1),
    )
    .slice(0, RANKER_DEFAULTS.activeCandidates);
  const now = nowOf(index);
  let firstYear = Infinity;
  let lastYear = -Infinity;
  for (const y of index.ties.last)
    if (y > 0) {
      if (y < firstYear) firstYear = y;
      if (y > lastYear) lastYear = y;
    }
  const decayFrom = Number.isFinite(firstYear) ? firstYear : 0;
  const decayAt = Float64Array.from(
    { length: Number.isFinite(firstYear) ? lastYear - firstYear + 1 : 0 },
    (_, k) => decayOf(now, decayFrom + k),
  );
  w = {
    logDegree: Float64Array.from({ length: n }, (_, i) => Math.log1p(degree(i))),
    logRecentTies: Float64Array.from(recentTies, (t) => Math.log1p(t)),
    decayFrom,
    decayAt,
    rows: new Float64Array(1024 * F),
    active,
    sector: codes(index, 'sector'),
    site: codes(index, 'site'),
    cn: new Float64Array(n),
    aa: new Float64Array(n),
    ra: new Float64Array(n),
    recency: new Float64Array(n),
    repetition: new Float64Array(n),
    comp: new Float64Array(n),
    reci: new Float64Array(n),
    shared: new Float64Array(n),
    reached: new Uint8Array(n),
    excluded: new Uint8Array(n),
    order: new Int32Array(n),
    scores: new Float64Array(n),
    recentTies,
  };
  works.set(index, w);
  return w;
}

/** The recency weight of a shared tie last active in year `y` (0: undated) at `now`. */
function decayOf(now: number, y: number): number {
  return y > 0 ? 0.5 ** ((now - y) / 2) : 0;
}

/** Ties of `i` whose first year is within RECENT_YEARS of the index's "now" (see nowOf). */
export function recentTiesOf(index: PartneringIndex, i: number): number {
  return workOf(index).recentTies[i] as number;
}

export interface CandidateSet {
  self: number;
  /** Candidate positions in the order reached: the index's own buffer, like `x` (copy to keep). */
  positions: Int32Array;
  /**
   * Row-major features, `positions.length × RANKER_FEATURES.length`: the index's own buffer,
   * valid until the next candidateFeatures call on the same index (copy to keep).
   */
  x: Float64Array;
}

export interface CandidateOptions {
  viewer: Viewer;
  includeExisting: boolean;
}

/**
 * The candidates of the business at position `self` and their features: businesses that share
 * a partner with it, hold one of its needs or capabilities, or need one of its capabilities,
 * and the 100 most active businesses of the network (recent new partners, then partners); never itself, and its partners only with `includeExisting`. Work arrays are the index's,
 * zeroed again before returning.
 */
export function candidateFeatures(
  index: PartneringIndex,
  self: number,
  options: CandidateOptions,
): CandidateSet {
  const w = workOf(index);
  const { offsets, targets } = index.neighbours;
  const { first: _first, last, events } = index.ties;
  const id = index.ids[self] as string;
  const viewer = options.viewer;
  const order = w.order;
  let count = 0;
  const reach = (i: number) => {
    if (w.reached[i] === 0) {
      w.reached[i] = 1;
      order[count++] = i;
    }
  };
  const { decayAt, decayFrom } = w;
  w.excluded[self] = 1;
  if (!options.includeExisting)
    for (let k = offsets[self] as number; k < (offsets[self + 1] as number); k++)
      w.excluded[targets[k] as number] = 1;
  try {
    for (let k = offsets[self] as number, end = offsets[self + 1] as number; k < end; k++) {
      const z = targets[k] as number;
      const dz = (offsets[z + 1] as number) - (offsets[z] as number);
      const aaw = index.sharedPartnerWeight[z] as number;
      const raw = 1 / dz;
      const lastK = last[k] as number;
      const repK = (events[k] as number) - 1;
      for (let j = offsets[z] as number, e = offsets[z + 1] as number; j < e; j++) {
        const v = targets[j] as number;
        if (w.excluded[v] === 1) continue;
        reach(v);
        w.cn[v]! += 1;
        w.aa[v]! += aaw;
        w.ra[v]! += raw;
        const lastJ = last[j] as number;
        w.recency[v]! += lastK > 0 && lastJ > 0 ? (decayAt[Math.min(lastK, lastJ) - decayFrom] as number) : 0;
        w.repetition[v]! += repK + (events[j] as number) - 1;
      }
    }
    for (const v of w.active) if (w.excluded[v] === 0) reach(v);
    const ourNeeds = needsOf(index, id, viewer);
    const needWeight = ourNeeds.reduce((sum, need) => sum + need.priority / 5, 0);
    for (const need of ourNeeds) {
      const holders = holdersOf(index, need.name, viewer);
      const weight = (need.priority / 5) * (0.5 + 0.5 * rarityFromCount(index, holders.length));
      for (const h of holders) {
        if (w.excluded[h.pos] === 1) continue;
        reach(h.pos);
        w.comp[h.pos]! += weight * (h.level / 5);
      }
    }
    const ourCaps = capabilitiesOf(index, id, viewer);
    const mayShow = visibleTo(viewer);
    for (const cap of ourCaps) {
      for (const s of index.seekers.get(cap.name) ?? []) {
        if (w.excluded[s.pos] === 1 || !mayShow(s)) continue;
        reach(s.pos);
        w.reci[s.pos]! += (s.priority / 5) * (cap.level / 5);
      }
      const holders = holdersOf(index, cap.name, viewer);
      const rarity = rarityFromCount(index, holders.length);
      for (const h of holders) {
        if (w.excluded[h.pos] === 1) continue;
        reach(h.pos);
        w.shared[h.pos]! += rarity;
      }
    }
    const theirNeedWeight = viewer === 'reader' ? index.needWeight.visible : index.needWeight.all;
    const du = (offsets[self + 1] as number) - (offsets[self] as number);
    const ourCommunity = index.communityAt[self] as number;
    const ourSector = w.sector[self] as number;
    const ourSite = w.site[self] as number;
    if (w.rows.length < count * F) w.rows = new Float64Array(2 * count * F);
    const x = w.rows.subarray(0, count * F);
    for (let r = 0; r < count; r++) {
      const v = order[r] as number;
      const o = r * F;
      const dv = (offsets[v + 1] as number) - (offsets[v] as number);
      const cn = w.cn[v] as number;
      const union = du + dv - cn;
      const constraint = index.constraintAt[v] as number;
      const tw = theirNeedWeight[v] as number;
      x[o + at.commonPartners] = Math.log1p(cn);
      x[o + at.adamicAdar] = w.aa[v] as number;
      x[o + at.resourceAllocation] = w.ra[v] as number;
      x[o + at.jaccard] = union > 0 ? cn / union : 0;
      x[o + at.candidateDegree] = w.logDegree[v] as number;
      x[o + at.degreeProduct] = Math.log1p(du * dv);
      x[o + at.sharedTieRecency] = w.recency[v] as number;
      x[o + at.sharedTieRepetition] = Math.log1p(w.repetition[v] as number);
      x[o + at.candidateActivity] = w.logRecentTies[v] as number;
      x[o + at.sameCommunity] =
        ourCommunity !== -1 && ourCommunity === (index.communityAt[v] as number) ? 1 : 0;
      x[o + at.candidateConstraint] = Number.isNaN(constraint) ? 1 : Math.min(1, constraint);
      x[o + at.complementarity] = needWeight > 0 ? (w.comp[v] as number) / needWeight : 0;
      x[o + at.reciprocity] = tw > 0 ? (w.reci[v] as number) / tw : 0;
      x[o + at.sharedCapabilities] = w.shared[v] as number;
      x[o + at.sameSector] = ourSector !== -1 && ourSector === (w.sector[v] as number) ? 1 : 0;
      x[o + at.sameSite] = ourSite !== -1 && ourSite === (w.site[v] as number) ? 1 : 0;
    }
    return { self, positions: order.subarray(0, count), x };
  } finally {
    for (let r = 0; r < count; r++) {
      const i = order[r] as number;
      w.cn[i] = 0;
      w.aa[i] = 0;
      w.ra[i] = 0;
      w.recency[i] = 0;
      w.repetition[i] = 0;
      w.comp[i] = 0;
      w.reci[i] = 0;
      w.shared[i] = 0;
      w.reached[i] = 0;
    }
    w.excluded[self] = 0;
    for (let k = offsets[self] as number; k < (offsets[self + 1] as number); k++)
      w.excluded[targets[k] as number] = 0;
  }
}

/** Linear scores of a candidate set under a model (higher is better), in a new array. */
export function scoreCandidates(model: RankerModel, set: CandidateSet): Float64Array {
  return scoreInto(model, set, new Float64Array(set.positions.length));
}

/**
 * {@link scoreCandidates} into the index's own buffer, valid until the next call on the same
 * index (the answer path: one query's scores are used and dropped before the next).
 */
export function scoreCandidatesInPlace(
  index: PartneringIndex,
  model: RankerModel,
  set: CandidateSet,
): Float64Array {
  return scoreInto(model, set, workOf(index).scores.subarray(0, set.positions.length));
}

function scoreInto(model: RankerModel, set: CandidateSet, scores: Float64Array): Float64Array {
  const { beta, shift } = linearForm(model);
  const n = set.positions.length;
  for (let r = 0; r < n; r++) {
    let s = shift;
    for (let j = 0; j < F; j++) s += (beta[j] as number) * (set.x[r * F + j] as number);
    scores[r] = s;
  }
  return scores;
}

/** Per-feature contributions of candidate row `r`: coefficient × standardised value. */
export function contributions(
  model: RankerModel,
  set: CandidateSet,
  r: number,
): Record<RankerFeature, number> {
  const out = new Float64Array(F);
  RANKER_FEATURES.forEach((f, j) => {
    out[j] = (model.coefficients[f] * ((set.x[r * F + j] as number) - model.mean[f])) / model.sd[f];
  });
  return record(out);
}

/** β and shift so that score = shift + Σ β_j x_j equals Σ c_j (x_j − μ_j) / σ_j. */
function linearForm(model: RankerModel): { beta: Float64Array; shift: number } {
  const beta = new Float64Array(F);
  let shift = 0;
  RANKER_FEATURES.forEach((f, j) => {
    beta[j] = model.coefficients[f] / model.sd[f];
    shift -= (model.coefficients[f] * model.mean[f]) / model.sd[f];
  });
  return { beta, shift };
}

/** Top `k` rows by score, ties by id; returns row numbers. */
export function topRows(
  index: PartneringIndex,
  set: CandidateSet,
  scores: Float64Array,
  k: number,
): number[] {
  return topRowsByScore(
    set.positions.length,
    scores,
    (r) => index.ids[set.positions[r] as number] as string,
    k,
  );
}

// ---- choosing the cut and fitting ----------------------------------------------------------------

/**
 * The cut year: the first year by which `trainShare` of the dated ties had formed, kept before
 * the last year so that something is left to learn from. Null with fewer than two tie years.
 */
export function chooseCutYear(
  index: PartneringIndex,
  trainShare = RANKER_DEFAULTS.trainShare,
): number | null {
  // Counted per year, not sorted: a large network has hundreds of thousands of ties.
  const counts = new Map<number, number>();
  let total = 0;
  for (const y of index.ties.first)
    if (y > 0) {
      counts.set(y, (counts.get(y) ?? 0) + 1);
      total++;
    }
  const distinct = [...counts.keys()].sort((a, b) => a - b);
  if (distinct.length < 2) return null;
  const last = distinct[distinct.length - 1] as number;
  const wanted = Math.max(1, Math.ceil(trainShare * total));
  let seen = 0;
  let year = last;
  for (const y of distinct) {
    seen += counts.get(y) as number;
    if (seen >= wanted) {
      year = y;
      break;
    }
  }
  return year < last ? year : (distinct[distinct.length - 2] as number);
}

/**
 * New pairs after the cut: ties of `full` whose first dated event started after `cut`, between
 * businesses that both had a tie by then (in `past`). Keyed by position, both directions.
 */
export function newPartnersAfter(
  full: PartneringIndex,
  past: PartneringIndex,
  cut: number,
): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  const { offsets, targets } = full.neighbours;
  const pastDegree = (i: number) =>
    (past.neighbours.offsets[i + 1] as number) - (past.neighbours.offsets[i] as number);
  for (let i = 0; i < full.ids.length; i++) {
    if (pastDegree(i) === 0) continue;
    for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++) {
      const j = targets[k] as number;
      if ((full.ties.first[k] as number) <= cut || pastDegree(j) === 0) continue;
      let set = out.get(i);
      if (!set) out.set(i, (set = new Set()));
      set.add(j);
    }
  }
  return out;
}

/**
 * The view the ranker learns from: a reader's. The one fitted model scores every caller's
 * suggestions and its coefficients are in the answer, so a model learned from confidential
 * capabilities and needs would pass them on to readers in its scores and order (issue 18 pass).
 */
const FIT_VIEWER: Viewer = 'reader';

export interface FitOptions {
  seed?: number;
  maxQueries?: number;
  l2?: number;
}

/**
 * Fit the ranker: `past` is the index with `until: cut` (same businesses, same order as
 * `full`), `full` the whole network (read only for labels). Pauses between businesses.
 */
export function* fitRankerSteps(
  full: PartneringIndex,
  past: PartneringIndex,
  cut: number,
  options: FitOptions = {},
): Generator<void, RankerModel, void> {
  const seed = options.seed ?? RANKER_DEFAULTS.seed;
  const l2 = options.l2 ?? RANKER_DEFAULTS.l2;
  const truth = newPartnersAfter(full, past, cut);
  const positives = [...truth.values()].reduce((s, set) => s + set.size, 0) / 2;
  if (positives < RANKER_DEFAULTS.minPositives || truth.size < RANKER_DEFAULTS.minQueries)
    return defaultModel(
      `too little dated history to learn from: ${positives} new pairs after ${cut} among ${truth.size} businesses (at least ${RANKER_DEFAULTS.minPositives} and ${RANKER_DEFAULTS.minQueries} are needed)`,
    );
  const rng = createRng(seed);
  const queries = shuffle(
    rng,
    [...truth.keys()].sort((a, b) => a - b),
  );
  const nValidate = Math.min(
    RANKER_DEFAULTS.maxValidation,
    Math.max(5, Math.round(queries.length * RANKER_DEFAULTS.validationShare)),
  );
  const validate = queries.slice(0, nValidate);
  const train = queries.slice(nValidate, nValidate + (options.maxQueries ?? RANKER_DEFAULTS.maxQueries));
  const options_ = { viewer: FIT_VIEWER, includeExisting: false };
  // Typed buffers grown by doubling: a plain array of a million numbers, copied as it grows,
  // left garbage that cost a stop-the-world collection of the whole heap (0.7 s at 20k).
  let rows = new Float64Array(64 * 1024);
  let labels = new Float64Array(4 * 1024);
  let count = 0;
  let usedQueries = 0;
  for (const q of train) {
    yield;
    const set = candidateFeatures(past, q, options_);
    const actual = truth.get(q) as Set<number>;
    const pos: number[] = [];
    const neg: number[] = [];
    set.positions.forEach((v, r) => (actual.has(v) ? pos : neg).push(r));
    if (pos.length === 0) continue;
    usedQueries++;
    shuffle(rng, neg);
    for (const r of [...pos, ...neg.slice(0, RANKER_DEFAULTS.negativesPerQuery)]) {
      if ((count + 1) * F > rows.length) {
        const grown = new Float64Array(rows.length * 2);
        grown.set(rows);
        rows = grown;
        const more = new Float64Array(labels.length * 2);
        more.set(labels);
        labels = more;
      }
      rows.set(set.x.subarray(r * F, (r + 1) * F), count * F);
      labels[count++] = actual.has(set.positions[r] as number) ? 1 : 0;
    }
  }
  let nPositive = 0;
  for (let i = 0; i < count; i++) nPositive += labels[i] as number;
  if (nPositive < RANKER_DEFAULTS.minPositives)
    return defaultModel(
      `too few new pairs after ${cut} among the candidates (${nPositive}; at least ${RANKER_DEFAULTS.minPositives} are needed)`,
    );
  yield;
  const fitted = yield* logisticRegressionSteps(rows.subarray(0, count * F), labels.subarray(0, count), l2);
  const learned: RankerModel = {
    kind: 'learned',
    reason: `learned from this network's history: features of the ties up to ${cut}, labels = pairs that first collaborated after ${cut}`,
    cutYear: cut,
    coefficients: record(fitted.coefficients),
    mean: record(fitted.mean),
    sd: record(fitted.sd),
    training: { queries: usedQueries, examples: count, positives: nPositive, l2, seed },
    validation: null,
  };
  const fallback = defaultModel('');
  const scored = yield* validateSteps(past, truth, validate, [learned, fallback], seed);
  const [own, defaults] = scored as [RankingScore, RankingScore];
  learned.validation = { k: RANKER_DEFAULTS.k, ...own };
  if (own.precisionAtK < defaults.precisionAtK)
    return {
      ...defaultModel(
        `the model learned at cut ${cut} scored precision@10 ${own.precisionAtK.toFixed(3)} on held-out businesses, below the defaults' ${defaults.precisionAtK.toFixed(3)}`,
        { k: RANKER_DEFAULTS.k, ...defaults },
      ),
      cutYear: cut,
    };
  return learned;
}

function* validateSteps(
  past: PartneringIndex,
  truth: Map<number, Set<number>>,
  queries: number[],
  models: RankerModel[],
  seed: number,
): Generator<void, RankingScore[], void> {
  const k = RANKER_DEFAULTS.k;
  const sums = models.map(() => ({ p: 0, mrr: 0, aaP: 0, aaMrr: 0 }));
  const perQuery = models.map((): number[] => []);
  const aaPerQuery: number[] = [];
  for (const q of queries) {
    yield;
    const set = candidateFeatures(past, q, { viewer: FIT_VIEWER, includeExisting: false });
    const actual = truth.get(q) as Set<number>;
    const aaScores = new Float64Array(set.positions.length);
    for (let r = 0; r < set.positions.length; r++) aaScores[r] = set.x[r * F + at.adamicAdar] as number;
    const aa = rankingScore(past, set, aaScores, actual, k);
    aaPerQuery.push(aa.p);
    models.forEach((model, m) => {
      const own = rankingScore(past, set, scoreCandidates(model, set), actual, k);
      (perQuery[m] as number[]).push(own.p);
      const sum = sums[m] as { p: number; mrr: number; aaP: number; aaMrr: number };
      sum.p += own.p;
      sum.mrr += own.mrr;
      sum.aaP += aa.p;
      sum.aaMrr += aa.mrr;
    });
  }
  const n = Math.max(1, queries.length);
  const scores: RankingScore[] = [];
  for (const [m, s] of sums.entries()) {
    yield;
    const vsAdamicAdar = yield* pairedRatioIntervalSteps(perQuery[m] as number[], aaPerQuery, { seed });
    scores.push({
      queries: queries.length,
      precisionAtK: s.p / n,
      mrr: s.mrr / n,
      adamicAdar: { precisionAtK: s.aaP / n, mrr: s.aaMrr / n },
      vsAdamicAdar,
    });
  }
  return scores;
}

function rankingScore(
  index: PartneringIndex,
  set: CandidateSet,
  scores: Float64Array,
  actual: Set<number>,
  k: number,
): { p: number; mrr: number } {
  const top = topRows(index, set, scores, 100);
  let hits = 0;
  let rr = 0;
  top.forEach((r, rank) => {
    const hit = actual.has(set.positions[r] as number);
    if (hit && rank < k) hits++;
    if (hit && rr === 0) rr = 1 / (rank + 1);
  });
  return { p: hits / k, mrr: rr };
}

/**
 * L2-penalised logistic regression on standardised features by Newton's method (at most 30
 * iterations, until the step is below 1e-9). Features with no spread get coefficient 0.
 */
export function logisticRegression(x: Float64Array, y: Float64Array, l2: number): LogisticFit {
  return runToEnd(logisticRegressionSteps(x, y, l2));
}

export interface LogisticFit {
  coefficients: Float64Array;
  intercept: number;
  mean: Float64Array;
  sd: Float64Array;
}

/** `logisticRegression`, pausing every 5,000 rows of each Newton iteration. */
export function* logisticRegressionSteps(
  x: Float64Array,
  y: Float64Array,
  l2: number,
): Generator<void, LogisticFit, void> {
  const n = y.length;
  const mean = new Float64Array(F);
  const sd = new Float64Array(F);
  for (let i = 0; i < n; i++) for (let j = 0; j < F; j++) mean[j]! += (x[i * F + j] as number) / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < F; j++) sd[j]! += ((x[i * F + j] as number) - (mean[j] as number)) ** 2 / n;
  const active: number[] = [];
  for (let j = 0; j < F; j++) {
    sd[j] = Math.sqrt(sd[j] as number);
    if ((sd[j] as number) > 1e-12) active.push(j);
    else sd[j] = 1;
  }
  const d = active.length + 1; // + intercept
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    active.forEach(
      (j, a) => (z[i * d + a] = ((x[i * F + j] as number) - (mean[j] as number)) / (sd[j] as number)),
    );
    z[i * d + d - 1] = 1;
  }
  const w = new Float64Array(d);
  for (let iter = 0; iter < 30; iter++) {
    const g = new Float64Array(d);
    const h = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      if (i % 5_000 === 4_999) yield;
      let eta = 0;
      for (let a = 0; a < d; a++) eta += (w[a] as number) * (z[i * d + a] as number);
      const p = 1 / (1 + Math.exp(-eta));
      const r = (y[i] as number) - p;
      const s = p * (1 - p);
      for (let a = 0; a < d; a++) {
        const za = z[i * d + a] as number;
        g[a]! += r * za;
        for (let b = a; b < d; b++) h[a * d + b]! += s * za * (z[i * d + b] as number);
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) h[a * d + b] = h[b * d + a] as number;
      if (a < d - 1) {
        g[a]! -= l2 * (w[a] as number);
        h[a * d + a]! += l2;
      }
      h[a * d + a]! += 1e-9;
    }
    const step = solve(h, g, d);
    let size = 0;
    for (let a = 0; a < d; a++) {
      w[a]! += step[a] as number;
      size = Math.max(size, Math.abs(step[a] as number));
    }
    if (size < 1e-9) break;
  }
  const coefficients = new Float64Array(F);
  active.forEach((j, a) => (coefficients[j] = w[a] as number));
  return { coefficients, intercept: w[d - 1] as number, mean, sd };
}

/** Solve A s = b (A symmetric positive definite, d × d) by Gaussian elimination with pivoting. */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(a);
  const v = Float64Array.from(b);
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++)
      if (Math.abs(m[r * d + c] as number) > Math.abs(m[pivot * d + c] as number)) pivot = r;
    if (pivot !== c) {
      for (let k = 0; k < d; k++) {
        const t = m[c * d + k] as number;
        m[c * d + k] = m[pivot * d + k] as number;
        m[pivot * d + k] = t;
      }
      const t = v[c] as number;
      v[c] = v[pivot] as number;
      v[pivot] = t;
    }
    const diag = m[c * d + c] as number;
    for (let r = c + 1; r < d; r++) {
      const f = (m[r * d + c] as number) / diag;
      if (f === 0) continue;
      for (let k = c; k < d; k++) m[r * d + k]! -= f * (m[c * d + k] as number);
      v[r]! -= f * (v[c] as number);
    }
  }
  const s = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let sum = v[r] as number;
    for (let k = r + 1; k < d; k++) sum -= (m[r * d + k] as number) * (s[k] as number);
    s[r] = sum / (m[r * d + r] as number);
  }
  return s;
}

/** Fit without pausing (CLI, backtest): see fitRankerSteps. */
export function fitRanker(
  full: PartneringIndex,
  past: PartneringIndex,
  cut: number,
  options: FitOptions = {},
): RankerModel {
  return runToEnd(fitRankerSteps(full, past, cut, options));
}

/**
 * Learn the ranker of `full` (its structure already set), without pausing: choose the cut,
 * build the past index (`until: cut`) with its own communities and constraint, fit. The
 * documented defaults when there is no usable cut. The API does the same steps in slices and
 * a worker (api/derived.ts).
 */
export function learnRanker(
  full: PartneringIndex,
  options: FitOptions & { trainShare?: number } = {},
): RankerModel {
  const cut = chooseCutYear(full, options.trainShare);
  if (cut === null) return noHistoryModel();
  const past = buildPartneringIndex(full.graph, { until: cut });
  return fitRanker(full, withStructure(past, structureOfCsr(indexCsr(past))), cut, options);
}

export function noHistoryModel(): RankerModel {
  return defaultModel('no dated history: the collaborations carry fewer than two distinct start years');
}
