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
import { InvalidInputError } from '../errors.ts';
import {
  capabilitiesOf,
  commonPartners,
  holdersOf,
  nameOf,
  needsOf,
  rarityFromCount,
  requireBusiness,
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

export interface SuggestionResult {
  business: { id: string; name: string };
  weights: SuggestionWeights;
  candidatesConsidered: number;
  suggestions: Suggestion[];
}

export function resolveWeights(weights: Partial<SuggestionWeights> | undefined): SuggestionWeights {
  const merged = { ...SUGGESTION_DEFAULTS.weights, ...weights };
  for (const [key, value] of Object.entries(merged)) {
    if (!(key in SUGGESTION_DEFAULTS.weights))
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
  requireBusiness(index, businessId);
  const limit = options.limit ?? SUGGESTION_DEFAULTS.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS)
    throw new InvalidInputError(`limit must be a whole number from 1 to ${MAX_SUGGESTIONS}`, 'limit');
  const weights = resolveWeights(options.weights);
  const viewer = options.viewer ?? SUGGESTION_DEFAULTS.viewer;
  const includeExisting = options.includeExisting ?? SUGGESTION_DEFAULTS.includeExisting;
  const partners = index.partners.get(businessId) ?? new Set<string>();
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
  const { comp, reci, aa, reached, excluded } = index.scratch;
  const touched: number[] = [];
  excluded[self] = 1;
  if (!includeExisting)
    for (let k = offsets[self] as number; k < (offsets[self + 1] as number); k++)
      excluded[targets[k] as number] = 1;
  try {
    return rankCandidates();
  } finally {
    for (const i of touched) {
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
        touched.push(i);
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
    for (const cap of ourCaps) {
      for (const s of index.seekers.get(cap.name) ?? []) {
        const i = s.pos;
        if (excluded[i] === 1 || (viewer === 'reader' && s.confidential)) continue;
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
    const scores = new Float64Array(touched.length);
    for (let k = 0; k < touched.length; k++) scores[k] = scoreOf(componentsOf(touched[k] as number, scratch));
    // Top `limit` by score, then id: a bounded insertion keeps this linear in the candidates.
    const better = (a: number, b: number) =>
      (scores[a] as number) > (scores[b] as number) ||
      (scores[a] === scores[b] &&
        (index.ids[touched[a] as number] as string) < (index.ids[touched[b] as number] as string));
    const best: number[] = [];
    for (let k = 0; k < touched.length; k++) {
      if (best.length === limit && !better(k, best[limit - 1] as number)) continue;
      let at = best.length === limit ? limit - 1 : best.length;
      while (at > 0 && better(k, best[at - 1] as number)) {
        best[at] = best[at - 1] as number;
        at--;
      }
      best[at] = k;
    }
    const top = best.map((k) => ({ i: touched[k] as number, score: scores[k] as number }));

    const ourCapLevel = new Map(ourCaps.map((c) => [c.name, c.level]));
    const suggestions = top.map(({ i, score }): Suggestion => {
      const id = index.ids[i] as string;
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
      const common = commonPartners(index, businessId, id);
      const reasons: SuggestionReasons = {
        meetsNeeds,
        ofNeeds: ourNeeds.length,
        weMeetTheirs,
        commonPartners: common
          .slice(0, COMMON_PARTNERS_SHOWN)
          .map((z) => ({ id: z, name: nameOf(index, z) })),
        commonPartnerCount: common.length,
        otherCommunity: otherCommunityAt(i),
        constraint: Number.isNaN(index.constraintAt[i]) ? null : (index.constraintAt[i] as number),
        existingPartner: partners.has(id),
      };
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
      weights,
      candidatesConsidered: touched.length,
      suggestions,
    };
  }
}
