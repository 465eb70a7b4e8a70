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
  rarity,
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
  commonPartners: { id: string; name: string }[];
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
  if (r.commonPartners.length > 0)
    parts.push(
      `${r.commonPartners.length} partner${r.commonPartners.length > 1 ? 's' : ''} in common: ${list(r.commonPartners.map((p) => p.name))}`,
    );
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
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new InvalidInputError('limit must be a whole number from 1 to 500', 'limit');
  const weights = resolveWeights(options.weights);
  const viewer = options.viewer ?? SUGGESTION_DEFAULTS.viewer;
  const includeExisting = options.includeExisting ?? SUGGESTION_DEFAULTS.includeExisting;
  const partners = index.partners.get(businessId) ?? new Set<string>();
  const ourNeeds = needsOf(index, businessId, viewer);
  const ourCaps = capabilitiesOf(index, businessId, viewer);
  const ourCapLevel = new Map(ourCaps.map((c) => [c.name, c.level]));
  const needWeight = ourNeeds.reduce((s, n) => s + n.priority / 5, 0);

  // Candidates: meet a need, need one of ours, or share a partner.
  const candidates = new Set<string>();
  for (const need of ourNeeds) for (const h of holdersOf(index, need.name, viewer)) candidates.add(h.id);
  for (const cap of ourCaps)
    for (const s of index.seekers.get(cap.name) ?? [])
      if (viewer !== 'reader' || !s.confidential) candidates.add(s.id);
  for (const p of partners) for (const q of index.partners.get(p) ?? []) candidates.add(q);
  candidates.delete(businessId);
  if (!includeExisting) for (const p of partners) candidates.delete(p);

  const rarityOf = new Map(ourNeeds.map((n) => [n.name, rarity(index, n.name, viewer)]));
  const ourCommunity = index.communities?.[businessId];
  const scored: Suggestion[] = [];
  for (const id of candidates) {
    const theirCaps = new Map(capabilitiesOf(index, id, viewer).map((c) => [c.name, c.level]));
    const meetsNeeds: SuggestionReasons['meetsNeeds'] = [];
    let comp = 0;
    for (const need of ourNeeds) {
      const level = theirCaps.get(need.name);
      if (level === undefined) continue;
      meetsNeeds.push({ capability: need.name, priority: need.priority, level });
      comp += (need.priority / 5) * (level / 5) * (0.5 + 0.5 * (rarityOf.get(need.name) ?? 0));
    }
    const theirNeeds = needsOf(index, id, viewer);
    const weMeetTheirs: SuggestionReasons['weMeetTheirs'] = [];
    let reci = 0;
    const theirWeight = theirNeeds.reduce((s, n) => s + n.priority / 5, 0);
    for (const need of theirNeeds) {
      const level = ourCapLevel.get(need.name);
      if (level === undefined) continue;
      weMeetTheirs.push({ capability: need.name, level });
      reci += (need.priority / 5) * (level / 5);
    }
    const common = commonPartners(index, businessId, id);
    let aa = 0;
    for (const z of common) aa += 1 / Math.log(Math.max(2, index.partners.get(z)?.size ?? 2));
    const theirCommunity = index.communities?.[id];
    const otherCommunity =
      ourCommunity === undefined || theirCommunity === undefined ? null : ourCommunity !== theirCommunity;
    const constraint = index.constraint?.[id] ?? null;
    const components: SuggestionWeights = {
      complementarity: needWeight > 0 ? comp / needWeight : 0,
      reciprocity: theirWeight > 0 ? reci / theirWeight : 0,
      trust: aa / (1 + aa),
      reach:
        (otherCommunity ? 0.5 : 0) +
        (constraint === null ? 0 : 0.5 * Math.max(0, 1 - Math.min(1, constraint))),
    };
    const score =
      weights.complementarity * components.complementarity +
      weights.reciprocity * components.reciprocity +
      weights.trust * components.trust +
      weights.reach * components.reach;
    const reasons: SuggestionReasons = {
      meetsNeeds: meetsNeeds.sort(
        (a, b) => b.priority - a.priority || a.capability.localeCompare(b.capability),
      ),
      ofNeeds: ourNeeds.length,
      weMeetTheirs: weMeetTheirs.sort((a, b) => a.capability.localeCompare(b.capability)),
      commonPartners: common.map((z) => ({ id: z, name: nameOf(index, z) })),
      otherCommunity,
      constraint,
      existingPartner: partners.has(id),
    };
    scored.push({
      id,
      name: nameOf(index, id),
      sector: index.graph.getNodeAttribute(id, 'sector') ?? null,
      score,
      components,
      reasons,
      sentence: '',
    });
  }
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const suggestions = scored.slice(0, limit).map((s) => ({ ...s, sentence: describeReasons(s.reasons) }));
  return {
    business: { id: businessId, name: nameOf(index, businessId) },
    weights,
    candidatesConsidered: candidates.size,
    suggestions,
  };
}
