/**
 * The four questions of partnering, for one business:
 * 1. What needs to be done? Its needs (or a project's capabilities), with how many businesses
 *    can meet each; needs nobody can meet are gaps.
 * 2. What can others do for us? For each need, the businesses that can meet it, best first:
 *    highest level, then closest in the network, then existing partners.
 * 3. What do we do better than anyone we know? Its capabilities where its level beats every
 *    business within the horizon (partners, and their partners at horizon 2), with the runner-up.
 * 4. What can only we do? Capabilities nobody else holds, and rare ones (few holders).
 */
import { requireBusiness } from '../domain.ts';
import { InvalidInputError } from '../errors.ts';
import {
  capabilitiesOf,
  distancesFrom,
  holdersOf,
  nameOf,
  needsOf,
  rarity,
  type Holder,
  type PartneringIndex,
  type Viewer,
} from './partnering-index.ts';

export const QUESTIONS_DEFAULTS = {
  /** 1 = partners; 2 = partners and their partners (one introduction away). */
  horizon: 2,
  /** Providers listed per need. */
  providersPerNeed: 5,
  /** A capability is rare when at most this share of businesses hold it (and at least 2 do not). */
  rareShare: 0.03,
  viewer: 'analyst' as Viewer,
};

export interface QuestionsOptions {
  horizon?: 1 | 2 | 3;
  /** Answer question 1 for a project's required capabilities instead of the business's needs. */
  project?: string[];
  providersPerNeed?: number;
  viewer?: Viewer;
}

export interface Provider {
  id: string;
  name: string;
  level: number;
  /** Hops away in the collaboration network; null when further than 3 or unreachable. */
  distance: number | null;
  partner: boolean;
}

export interface NeedAnswer {
  capability: string;
  priority: number;
  /** How many other businesses can meet it. */
  holders: number;
  gap: boolean;
  providers: Provider[];
}

export type NeedSummary = Omit<NeedAnswer, 'providers'>;

export interface StrengthAnswer {
  capability: string;
  level: number;
  runnerUp: { id: string; name: string; level: number } | null;
}

export interface RarityAnswer {
  capability: string;
  level: number;
  /** Businesses holding it, this one included. */
  holders: number;
  rarity: number;
}

export interface FourAnswers {
  business: { id: string; name: string };
  horizon: number;
  /** Businesses within the horizon ("the businesses we know"). */
  known: number;
  whatNeedsToBeDone: NeedSummary[];
  whatOthersCanDoForUs: NeedAnswer[];
  whatWeDoBetterThanAnyoneWeKnow: StrengthAnswer[];
  whatOnlyWeCanDo: { unique: RarityAnswer[]; rare: RarityAnswer[] };
}

export function answerFourQuestions(
  index: PartneringIndex,
  businessId: string,
  options: QuestionsOptions = {},
): FourAnswers {
  requireBusiness(index.graph, businessId);
  const horizon = options.horizon ?? QUESTIONS_DEFAULTS.horizon;
  if (![1, 2, 3].includes(horizon)) throw new InvalidInputError('horizon must be 1, 2 or 3', 'horizon');
  const viewer = options.viewer ?? QUESTIONS_DEFAULTS.viewer;
  const perNeed = options.providersPerNeed ?? QUESTIONS_DEFAULTS.providersPerNeed;
  const partners = index.partners.get(businessId) ?? new Set<string>();
  const distance = distancesFrom(index, businessId, Math.max(3, horizon));

  const needs = options.project
    ? [...new Set(options.project)].map((capability) => ({ name: capability, priority: 3 }))
    : needsOf(index, businessId, viewer);
  if (options.project && options.project.length === 0)
    throw new InvalidInputError('project must list at least one capability', 'project');
  const needAnswers: NeedAnswer[] = needs
    .map((need) => {
      const all = holdersOf(index, need.name, viewer);
      const others = all.length - (all.some((h) => h.id === businessId) ? 1 : 0);
      // Holders come highest level first: only the levels that can reach the top `perNeed`
      // need sorting by distance and partnership.
      const head: Holder[] = [];
      for (const h of all) {
        if (h.id === businessId) continue;
        if (head.length >= perNeed && h.level < (head[perNeed - 1] as Holder).level) break;
        head.push(h);
      }
      const providers = head
        .map((h) => ({
          id: h.id,
          level: h.level,
          distance: distance.get(h.id) ?? null,
          partner: partners.has(h.id),
        }))
        .sort(
          (a, b) =>
            b.level - a.level ||
            (a.distance ?? 99) - (b.distance ?? 99) ||
            Number(b.partner) - Number(a.partner) ||
            (a.id < b.id ? -1 : 1),
        )
        .slice(0, perNeed)
        .map((p): Provider => ({
          id: p.id,
          name: nameOf(index, p.id),
          level: p.level,
          distance: p.distance,
          partner: p.partner,
        }));
      return {
        capability: need.name,
        priority: need.priority,
        holders: others,
        gap: others === 0,
        providers,
      };
    })
    .sort((a, b) => b.priority - a.priority || a.capability.localeCompare(b.capability));

  const known = [...distance.entries()].filter(([, d]) => d > 0 && d <= horizon).map(([id]) => id);
  const knownSet = new Set(known);
  const strengths: StrengthAnswer[] = [];
  const own = capabilitiesOf(index, businessId, viewer);
  for (const cap of own) {
    const best = holdersOf(index, cap.name, viewer).find((h) => knownSet.has(h.id));
    if (!best || cap.level > best.level) {
      strengths.push({
        capability: cap.name,
        level: cap.level,
        runnerUp: best ? { id: best.id, name: nameOf(index, best.id), level: best.level } : null,
      });
    }
  }
  strengths.sort((a, b) => b.level - a.level || a.capability.localeCompare(b.capability));

  const n = index.ids.length;
  const rareLimit = Math.max(2, Math.floor(QUESTIONS_DEFAULTS.rareShare * n));
  const unique: RarityAnswer[] = [];
  const rare: RarityAnswer[] = [];
  for (const cap of own) {
    const holders = holdersOf(index, cap.name, viewer).length;
    const answer = {
      capability: cap.name,
      level: cap.level,
      holders,
      rarity: rarity(index, cap.name, viewer),
    };
    if (holders === 1) unique.push(answer);
    else if (holders <= rareLimit) rare.push(answer);
  }
  rare.sort((a, b) => a.holders - b.holders || a.capability.localeCompare(b.capability));

  return {
    business: { id: businessId, name: nameOf(index, businessId) },
    horizon,
    known: known.length,
    whatNeedsToBeDone: needAnswers.map(({ providers: _p, ...rest }) => rest),
    whatOthersCanDoForUs: needAnswers.filter((a) => !a.gap),
    whatWeDoBetterThanAnyoneWeKnow: strengths,
    whatOnlyWeCanDo: { unique: unique.sort((a, b) => a.capability.localeCompare(b.capability)), rare },
  };
}
