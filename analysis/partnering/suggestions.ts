/**
 * Complementary-partner suggestions with reasons a person can check. Each candidate gets a
 * score from named components in [0, 1]:
 * - complementarity: its capabilities that meet our needs, weighted by need priority,
 *   its level and the capability's rarity, over all our needs;
 * - reciprocity: our capabilities that meet its needs (partnerships last when both gain);
 * - trust: Adamic–Adar over shared partners (Adamic & Adar 2003), squashed as aa / (1 + aa);
 * - reach: it belongs to another community (half) and it is a broker, 1 − constraint (half).
 * Candidates are the businesses that meet one of our needs, need one of our capabilities or
 * share a partner with us; existing partners and the business itself are left out by default.
 */
import { topRowsByScore } from './top-k.ts';
import { visibleTo } from '../visibility.ts';
import { requireBusiness } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import {
  candidateFeatures,
  contributions,
  defaultModel,
  nowOf,
  RANKER_FEATURES,
  RECENT_YEARS,
  recentTiesOf,
  scoreCandidatesInPlace,
  topRows,
  type RankerFeature,
  type RankerModel,
} from './ranker.ts';
import {
  capabilitiesOf,
  commonPartners,
  holdersOf,
  nameOf,
  needsOf,
  rarityFromCount,
  type PartneringIndex,
  type Viewer,
} from './partnering-index.ts';

export interface SuggestionWeights {
  complementarity: number;
  reciprocity: number;
  trust: number;
  reach: number;
}

/** Partners in common listed in an answer (the count says how many there are). */
export const COMMON_PARTNERS_SHOWN = 5;

/** Most suggestions one call returns (the API's `limit` is bounded by the same constant). */
export const MAX_SUGGESTIONS = 100;

export const SUGGESTION_DEFAULTS = {
  limit: 10,
  weights: { complementarity: 0.45, reciprocity: 0.2, trust: 0.2, reach: 0.15 } as SuggestionWeights,
  includeExisting: false,
  viewer: 'analyst' as Viewer,
};

export interface SuggestionOptions {
  limit?: number;
  /** Rank by this blend of the four components instead of the index's ranker. */
  weights?: Partial<SuggestionWeights>;
  /** Rank existing partners too (they are marked as such). */
  includeExisting?: boolean;
  viewer?: Viewer;
}

export interface SuggestionReasons {
  /** Our needs this candidate meets, with its level. */
  meetsNeeds: { capability: string; priority: number; level: number }[];
  /** How many needs we have (visible to the viewer). */
  ofNeeds: number;
  /** Its needs that we meet, with our level. */
  weMeetTheirs: { capability: string; level: number }[];
  /** The first few partners in common (by id), at most COMMON_PARTNERS_SHOWN; see commonPartnerCount. */
  commonPartners: { id: string; name: string }[];
  /** How many partners in common there are in all. */
  commonPartnerCount: number;
  otherCommunity: boolean | null;
  constraint: number | null;
  existingPartner: boolean;
  /** How many partners the candidate has. */
  partnerCount: number;
  /** Share of the network's businesses with fewer partners than the candidate (0–1). */
  fewerPartnersShare: number;
  /** Its partners whose first dated collaboration started in or after `since`. */
  newPartners: { since: number; count: number } | null;
  /** Capabilities both hold (the first few by name) and how many there are. */
  sharedCapabilities: string[];
  sharedCapabilityCount: number;
  sameSector: boolean;
  sameSite: boolean;
  /**
   * With the ranker: the features that raised this candidate most (coefficient × standardised
   * value, largest first, positive only); the sentence names them. Empty with explicit weights.
   */
  drivers: { feature: RankerFeature; contribution: number }[];
}

export interface Suggestion {
  id: string;
  name: string;
  sector: string | null;
  score: number;
  components: SuggestionWeights;
  reasons: SuggestionReasons;
  sentence: string;
}

/** What ranked the answer: the learned or default ranker, or explicit weights. */
export interface RankerSummary {
  kind: 'learned' | 'default' | 'weights';
  reason: string;
  cutYear: number | null;
  coefficients: Record<RankerFeature, number> | null;
  validation: RankerModel['validation'];
}

export interface SuggestionResult {
  business: { id: string; name: string };
  ranker: RankerSummary;
  /** The blend's weights when `weights` were given, else null (the ranker ranks). */
  weights: SuggestionWeights | null;
  candidatesConsidered: number;
  suggestions: Suggestion[];
}

export function resolveWeights(weights: Partial<SuggestionWeights> | undefined): SuggestionWeights {
  const merged = { ...SUGGESTION_DEFAULTS.weights, ...weights };
  for (const [key, value] of Object.entries(merged)) {
    if (!Object.hasOwn(SUGGESTION_DEFAULTS.weights, key))
      throw new InvalidInputError(
        `Unknown weight "${key}"; use complementarity, reciprocity, trust or reach`,
        'weights',
      );
    if (!Number.isFinite(value) || value < 0)
      throw new InvalidInputError(`Weight ${key} must be a number ≥ 0 (got ${value})`, 'weights');
  }
  if (Object.values(merged).every((v) => v === 0))
    throw new InvalidInputError('At least one weight must be positive', 'weights');
  return merged;
}

function list(items: string[], max = 3): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function describeReasons(r: SuggestionReasons): string {
  const parts: string[] = [];
  if (r.meetsNeeds.length > 0)
    parts.push(
      `meets ${r.meetsNeeds.length} of your ${r.ofNeeds} needs: ${list(r.meetsNeeds.map((m) => m.capability))}`,
    );
  if (r.weMeetTheirs.length > 0)
    parts.push(
      `you meet ${r.weMeetTheirs.length} of theirs: ${list(r.weMeetTheirs.map((m) => m.capability))}`,
    );
  if (r.commonPartnerCount > 0) {
    const names = r.commonPartners.map((p) => p.name).slice(0, 3);
    const more = r.commonPartnerCount - names.length;
    parts.push(
      `${r.commonPartnerCount} partner${r.commonPartnerCount > 1 ? 's' : ''} in common: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  if (r.otherCommunity) parts.push('opens another community of the network');
  if (r.constraint !== null && r.constraint < 0.2) parts.push('a broker between groups (low constraint)');
  if (r.existingPartner) parts.push('already a partner');
  const text = parts.join('; ') || 'close in the network';
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/** Suggest partners for `businessId`, best first. */
export function suggestPartners(
  index: PartneringIndex,
  businessId: string,
  options: SuggestionOptions = {},
): SuggestionResult {
  requireBusiness(index.graph, businessId);
  const limit = options.limit ?? SUGGESTION_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS)
    throw new InvalidInputError(`limit must be a whole number from 1 to ${MAX_SUGGESTIONS}`, 'limit');
  const viewer = options.viewer ?? SUGGESTION_DEFAULTS.viewer;
  const includeExisting = options.includeExisting ?? SUGGESTION_DEFAULTS.includeExisting;
  if (options.weights === undefined)
    return rankWithModel(index, businessId, {
      limit,
      viewer,
      includeExisting,
      model: index.ranker ?? defaultModel('no ranker was fitted for this network (defaults)'),
    });
  const weights = resolveWeights(options.weights);
  const ourNeeds = needsOf(index, businessId, viewer);
  const ourCaps = capabilitiesOf(index, businessId, viewer);
  const needWeight = ourNeeds.reduce((s, n) => s + n.priority / 5, 0);
  const self = index.position.get(businessId) as number;
  const { offsets, targets } = index.neighbours;

  // One pass over the holders of our needs, the seekers of our capabilities and our partners'
  // partners accumulates every component in arrays by position; candidates are exactly the
  // businesses reached. Reasons are spelled out afterwards, for the top `limit` only.
  // Per-position accumulators are the index's scratch arrays (allocating them per query costs
  // more than the query on large networks); every touched slot is reset before returning.
  const { comp, reci, aa, reached, excluded, order } = index.scratch;
  let count = 0;
  excluded[self] = 1;
  if (!includeExisting)
    for (let k = offsets[self] as number; k < (offsets[self + 1] as number); k++)
      excluded[targets[k] as number] = 1;
  try {
    return rankCandidates();
  } finally {
    for (let k = 0; k < count; k++) {
      const i = order[k] as number;
      comp[i] = 0;
      reci[i] = 0;
      aa[i] = 0;
      reached[i] = 0;
    }
    excluded[self] = 0;
    for (let k = offsets[self] as number; k < (offsets[self + 1] as number); k++)
      excluded[targets[k] as number] = 0;
  }

  function rankCandidates(): SuggestionResult {
    const reach = (i: number): void => {
      if (reached[i] === 0) {
        reached[i] = 1;
        order[count++] = i;
      }
    };
    for (const need of ourNeeds) {
      const holders = holdersOf(index, need.name, viewer);
      const w = (need.priority / 5) * (0.5 + 0.5 * rarityFromCount(index, holders.length));
      for (const h of holders) {
        const i = h.pos;
        if (excluded[i] === 1) continue;
        reach(i);
        comp[i] = (comp[i] as number) + w * (h.level / 5);
      }
    }
    const mayShow = visibleTo(viewer);
    for (const cap of ourCaps) {
      for (const s of index.seekers.get(cap.name) ?? []) {
        const i = s.pos;
        if (excluded[i] === 1 || !mayShow(s)) continue;
        reach(i);
        reci[i] = (reci[i] as number) + (s.priority / 5) * (cap.level / 5);
      }
    }
    for (let k = offsets[self] as number, end = offsets[self + 1] as number; k < end; k++) {
      const p = targets[k] as number;
      const w = index.sharedPartnerWeight[p] as number;
      for (let j = offsets[p] as number, last = offsets[p + 1] as number; j < last; j++) {
        const i = targets[j] as number;
        if (excluded[i] === 1) continue;
        reach(i);
        aa[i] = (aa[i] as number) + w;
      }
    }

    const ourCommunity = index.communityAt[self] as number;
    const theirNeedWeight = viewer === 'reader' ? index.needWeight.visible : index.needWeight.all;
    const otherCommunityAt = (i: number): boolean | null => {
      const theirs = index.communityAt[i] as number;
      return ourCommunity === -1 || theirs === -1 ? null : ourCommunity !== theirs;
    };
    // Components of candidate i, written into `into` (one scratch object while scoring).
    const componentsOf = (i: number, into: SuggestionWeights): SuggestionWeights => {
      const constraint = index.constraintAt[i] as number;
      const theirWeight = theirNeedWeight[i] as number;
      const trust = aa[i] as number;
      into.complementarity = needWeight > 0 ? (comp[i] as number) / needWeight : 0;
      into.reciprocity = theirWeight > 0 ? (reci[i] as number) / theirWeight : 0;
      into.trust = trust / (1 + trust);
      into.reach =
        (otherCommunityAt(i) ? 0.5 : 0) +
        (Number.isNaN(constraint) ? 0 : 0.5 * Math.max(0, 1 - Math.min(1, constraint)));
      return into;
    };
    const newComponents = (): SuggestionWeights => ({
      complementarity: 0,
      reciprocity: 0,
      trust: 0,
      reach: 0,
    });
    const scoreOf = (c: SuggestionWeights) =>
      weights.complementarity * c.complementarity +
      weights.reciprocity * c.reciprocity +
      weights.trust * c.trust +
      weights.reach * c.reach;
    const scratch = newComponents();
    const touched = order.subarray(0, count);
    const scores = index.scratch.scores.subarray(0, count);
    for (let k = 0; k < count; k++) scores[k] = scoreOf(componentsOf(touched[k] as number, scratch));
    // Top `limit` by score, then id: a bounded insertion keeps this linear in the candidates.
    const best = topRowsByScore(count, scores, (k) => index.ids[touched[k] as number] as string, limit);
    const top = best.map((k) => ({ i: touched[k] as number, score: scores[k] as number }));

    const suggestions = top.map(({ i, score }): Suggestion => {
      const id = index.ids[i] as string;
      const reasons = reasonsFor(index, businessId, i, viewer, []);
      return {
        id,
        name: nameOf(index, id),
        sector: index.graph.getNodeAttribute(id, 'sector') ?? null,
        score,
        components: componentsOf(i, newComponents()),
        reasons,
        sentence: describeReasons(reasons),
      };
    });
    return {
      business: { id: businessId, name: nameOf(index, businessId) },
      ranker: {
        kind: 'weights',
        reason: 'ranked by the explicit weights of the request',
        cutYear: null,
        coefficients: null,
        validation: null,
      },
      weights,
      candidatesConsidered: touched.length,
      suggestions,
    };
  }
}

/** The reasons of candidate `i` for `businessId`, every one a fact of the index's data. */
function reasonsFor(
  index: PartneringIndex,
  businessId: string,
  i: number,
  viewer: Viewer,
  drivers: SuggestionReasons['drivers'],
): SuggestionReasons {
  const id = index.ids[i] as string;
  const self = index.position.get(businessId) as number;
  const ourNeeds = needsOf(index, businessId, viewer);
  const ourCaps = capabilitiesOf(index, businessId, viewer);
  const ourCapLevel = new Map(ourCaps.map((c) => [c.name, c.level]));
  const theirCaps = new Map(capabilitiesOf(index, id, viewer).map((c) => [c.name, c.level]));
  const meetsNeeds = ourNeeds
    .filter((need) => theirCaps.has(need.name))
    .map((need) => ({
      capability: need.name,
      priority: need.priority,
      level: theirCaps.get(need.name) as number,
    }))
    .sort((a, b) => b.priority - a.priority || a.capability.localeCompare(b.capability));
  const weMeetTheirs = needsOf(index, id, viewer)
    .filter((need) => ourCapLevel.has(need.name))
    .map((need) => ({ capability: need.name, level: ourCapLevel.get(need.name) as number }))
    .sort((a, b) => a.capability.localeCompare(b.capability));
  const shared = [...theirCaps.keys()].filter((c) => ourCapLevel.has(c)).sort();
  const common = commonPartners(index, businessId, id);
  const ourCommunity = index.communityAt[self] as number;
  const theirCommunity = index.communityAt[i] as number;
  const ours = index.graph.getNodeAttributes(businessId);
  const theirs = index.graph.getNodeAttributes(id);
  const now = nowOf(index);
  return {
    meetsNeeds,
    ofNeeds: ourNeeds.length,
    weMeetTheirs,
    commonPartners: common.slice(0, COMMON_PARTNERS_SHOWN).map((z) => ({ id: z, name: nameOf(index, z) })),
    commonPartnerCount: common.length,
    otherCommunity: ourCommunity === -1 || theirCommunity === -1 ? null : ourCommunity !== theirCommunity,
    constraint: Number.isNaN(index.constraintAt[i]) ? null : (index.constraintAt[i] as number),
    existingPartner: index.partners.get(businessId)?.has(id) ?? false,
    partnerCount: degreeAt(index, i),
    fewerPartnersShare: fewerPartnersShare(index, degreeAt(index, i)),
    newPartners: now > 0 ? { since: now - RECENT_YEARS + 1, count: recentTiesOf(index, i) } : null,
    sharedCapabilities: shared.slice(0, COMMON_PARTNERS_SHOWN),
    sharedCapabilityCount: shared.length,
    sameSector: ours.sector !== undefined && ours.sector === theirs.sector,
    sameSite: ours.site !== undefined && ours.site === theirs.site,
    drivers,
  };
}

const degreeAt = (index: PartneringIndex, i: number): number =>
  (index.neighbours.offsets[i + 1] as number) - (index.neighbours.offsets[i] as number);

/** Every business's partner count, ascending, once per index. */
const sortedDegrees = new WeakMap<PartneringIndex, Int32Array>();

/** Share of the index's businesses with fewer than `degree` partners. */
function fewerPartnersShare(index: PartneringIndex, degree: number): number {
  let sorted = sortedDegrees.get(index);
  if (!sorted) {
    sorted = Int32Array.from(index.ids, (_, i) => degreeAt(index, i)).sort();
    sortedDegrees.set(index, sorted);
  }
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < degree) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length > 0 ? lo / sorted.length : 0;
}

/** Share of businesses with fewer partners from which a candidate is called well connected. */
export const WELL_CONNECTED_SHARE = 0.5;

/** Burt's constraint below which a business is called a broker in a reason (1: one partner). */
export const BROKER_CONSTRAINT = 0.5;

const COMMON_FEATURES = new Set<RankerFeature>([
  'commonPartners',
  'adamicAdar',
  'resourceAllocation',
  'jaccard',
  'sharedTieRecency',
  'sharedTieRepetition',
]);

/** The clause that states the fact behind one driver, or null when there is none to state. */
function driverClause(feature: RankerFeature, r: SuggestionReasons, sector: string | null): string | null {
  if (COMMON_FEATURES.has(feature)) {
    if (r.commonPartnerCount === 0) return null;
    const names = r.commonPartners.map((p) => p.name).slice(0, 3);
    const more = r.commonPartnerCount - names.length;
    return `${r.commonPartnerCount} partner${r.commonPartnerCount > 1 ? 's' : ''} in common: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  }
  switch (feature) {
    case 'candidateDegree':
    case 'degreeProduct':
      // The partner count with where it stands in this network: 4 partners is many on a
      // business park and few in an EU programme.
      if (r.partnerCount === 0) return null;
      return `${r.fewerPartnersShare >= WELL_CONNECTED_SHARE ? 'well connected: ' : ''}${r.partnerCount} partner${r.partnerCount > 1 ? 's' : ''} (${Math.floor(100 * r.fewerPartnersShare)} % of businesses have fewer)`;
    case 'candidateActivity':
      return r.newPartners && r.newPartners.count > 0
        ? `active lately: ${r.newPartners.count} new partner${r.newPartners.count > 1 ? 's' : ''} since ${r.newPartners.since}`
        : null;
    case 'sameCommunity':
      return r.otherCommunity === false ? 'in your community of the network' : null;
    case 'candidateConstraint':
      // The driver may be a high constraint as well as a low one (the coefficient's sign is
      // learned): the clause says which, from the value itself.
      if (r.constraint === null) return null;
      return r.constraint < BROKER_CONSTRAINT
        ? `a broker between groups (constraint ${r.constraint.toFixed(2)})`
        : `in a close-knit position (constraint ${r.constraint.toFixed(2)}: few partners, or partners tied to one another)`;
    case 'complementarity':
      return r.meetsNeeds.length > 0
        ? `meets ${r.meetsNeeds.length} of your ${r.ofNeeds} needs: ${list(r.meetsNeeds.map((m) => m.capability))}`
        : null;
    case 'reciprocity':
      return r.weMeetTheirs.length > 0
        ? `you meet ${r.weMeetTheirs.length} of theirs: ${list(r.weMeetTheirs.map((m) => m.capability))}`
        : null;
    case 'sharedCapabilities':
      return r.sharedCapabilityCount > 0
        ? `shares ${r.sharedCapabilityCount} capabilit${r.sharedCapabilityCount > 1 ? 'ies' : 'y'} with you: ${list(r.sharedCapabilities, 3).replace(/ and \d+ more$/, '')}${r.sharedCapabilityCount > 3 ? ` and ${r.sharedCapabilityCount - 3} more` : ''}`
        : null;
    case 'sameSector':
      return r.sameSector && sector !== null ? `same sector (${sector})` : null;
    case 'sameSite':
      return r.sameSite ? 'same site' : null;
    default:
      return null;
  }
}

/**
 * The sentence of a ranker's suggestion: the facts behind its strongest drivers, in order of
 * contribution (one clause per fact), then "already a partner" when it is one.
 */
export function describeDrivers(r: SuggestionReasons, sector: string | null): string {
  const clauses: string[] = [];
  for (const d of r.drivers) {
    const clause = driverClause(d.feature, r, sector);
    if (clause !== null && !clauses.includes(clause)) clauses.push(clause);
    if (clauses.length === 3) break;
  }
  if (r.existingPartner) clauses.push('already a partner');
  const text = clauses.join('; ') || 'close in the network';
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function rankWithModel(
  index: PartneringIndex,
  businessId: string,
  options: { limit: number; viewer: Viewer; includeExisting: boolean; model: RankerModel },
): SuggestionResult {
  const { limit, viewer, includeExisting, model } = options;
  const self = index.position.get(businessId) as number;
  const set = candidateFeatures(index, self, { viewer, includeExisting });
  const scores = scoreCandidatesInPlace(index, model, set);
  const top = topRows(index, set, scores, limit);
  const F = RANKER_FEATURES.length;
  const suggestions = top.map((r): Suggestion => {
    const i = set.positions[r] as number;
    const id = index.ids[i] as string;
    const contribution = contributions(model, set, r);
    const drivers = RANKER_FEATURES.map((feature) => ({ feature, contribution: contribution[feature] }))
      .filter((d) => d.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution || a.feature.localeCompare(b.feature))
      .slice(0, 5);
    const reasons = reasonsFor(index, businessId, i, viewer, drivers);
    const x = (f: RankerFeature) => set.x[r * F + RANKER_FEATURES.indexOf(f)] as number;
    const aa = x('adamicAdar');
    const constraint = index.constraintAt[i] as number;
    const sector = index.graph.getNodeAttribute(id, 'sector') ?? null;
    return {
      id,
      name: nameOf(index, id),
      sector,
      score: scores[r] as number,
      components: {
        complementarity: x('complementarity'),
        reciprocity: x('reciprocity'),
        trust: aa / (1 + aa),
        reach:
          (reasons.otherCommunity ? 0.5 : 0) +
          (Number.isNaN(constraint) ? 0 : 0.5 * Math.max(0, 1 - Math.min(1, constraint))),
      },
      reasons,
      sentence: describeDrivers(reasons, sector),
    };
  });
  return {
    business: { id: businessId, name: nameOf(index, businessId) },
    ranker: {
      kind: model.kind,
      reason: model.reason,
      cutYear: model.cutYear,
      coefficients: model.coefficients,
      validation: model.validation,
    },
    weights: null,
    candidatesConsidered: set.positions.length,
    suggestions,
  };
}
