/**
 * Consortium builder: small teams (at most `maxSize`, the anchor included) that together cover a
 * project's required capabilities, ranked by coverage, then by a team score that rewards
 * capability levels, cohesion (existing collaborations, or a partner in common, between members)
 * and mutual benefit (members whose needs another member meets).
 *
 * Exact search (every team of up to `maxSize` holders of the required capabilities) when that is
 * within its budget; otherwise a beam search that grows the best teams by the best-level holders
 * of each capability (docs/suggestions.md). A team that
 * cannot cover everything is returned with its uncovered capabilities listed.
 */
import { requireBusiness } from '../domain.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import {
  commonPartners,
  holdersOf,
  knowsCapability,
  nameOf,
  needsOf,
  capabilitiesOf,
  type PartneringIndex,
  type Viewer,
} from './partnering-index.ts';

export const CONSORTIUM_DEFAULTS = {
  maxSize: 5,
  alternatives: 3,
  /** Teams the exact search may score; larger instances use the beam search. */
  exactBudget: 50_000,
  /** Beam search: teams kept per step, and holders tried per capability. */
  beamWidth: 30,
  holdersPerCapability: 8,
  /** Weights of the team score. */
  weights: { levels: 0.4, cohesion: 0.4, mutualBenefit: 0.2 },
  viewer: 'analyst' as Viewer,
};

export interface ConsortiumRequest {
  capabilities: string[];
  anchor?: string;
  maxSize?: number;
  alternatives?: number;
  viewer?: Viewer;
  /** Force a method (tests compare them); default: exact when it fits its budget. */
  method?: 'exact' | 'heuristic';
}

export interface TeamMember {
  id: string;
  name: string;
  sector: string | null;
  /** Required capabilities this member holds, with its level. */
  brings: { capability: string; level: number }[];
}

export interface Team {
  members: TeamMember[];
  covered: string[];
  uncovered: string[];
  complete: boolean;
  score: number;
  components: { levels: number; cohesion: number; mutualBenefit: number };
  /** Member pairs that have collaborated. */
  existingTies: [string, string][];
}

export interface ConsortiumResult {
  capabilities: string[];
  anchor: string | null;
  maxSize: number;
  method: 'exact' | 'heuristic';
  /** Required capabilities nobody in the network holds. */
  gaps: string[];
  teams: Team[];
}

interface Evaluated {
  key: string;
  members: string[];
  coverage: number;
  score: number;
}

export function buildConsortium(index: PartneringIndex, request: ConsortiumRequest): ConsortiumResult {
  const viewer = request.viewer ?? CONSORTIUM_DEFAULTS.viewer;
  const maxSize = request.maxSize ?? CONSORTIUM_DEFAULTS.maxSize;
  const alternatives = request.alternatives ?? CONSORTIUM_DEFAULTS.alternatives;
  if (!Array.isArray(request.capabilities) || request.capabilities.length === 0) {
    throw new InvalidInputError('capabilities must list at least one capability', 'capabilities');
  }
  if (request.capabilities.length > 20)
    throw new InvalidInputError('at most 20 capabilities per consortium', 'capabilities');
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > 10)
    throw new InvalidInputError('maxSize must be a whole number from 1 to 10', 'maxSize');
  if (!Number.isInteger(alternatives) || alternatives < 1 || alternatives > 10) {
    throw new InvalidInputError('alternatives must be a whole number from 1 to 10', 'alternatives');
  }
  const required = [...new Set(request.capabilities)];
  for (const cap of required) {
    if (!knowsCapability(index, cap, viewer)) throw new NotFoundError('capability', cap);
  }
  const anchor = request.anchor;
  if (anchor !== undefined) requireBusiness(index.graph, anchor);

  const holders = new Map(required.map((c) => [c, holdersOf(index, c, viewer)]));
  const gaps = required.filter((c) => (holders.get(c) ?? []).length === 0);
  const coverable = required.filter((c) => !gaps.includes(c));
  const levelOf = new Map<string, Map<string, number>>();
  for (const [cap, list] of holders)
    for (const h of list) {
      let m = levelOf.get(h.id);
      if (!m) levelOf.set(h.id, (m = new Map()));
      m.set(cap, h.level);
    }

  const ctx = scoringContext(index, coverable, levelOf, viewer);
  const seen = new Map<string, Evaluated>();
  const evaluate = (members: string[]): Evaluated => {
    const key = [...members].sort().join('|');
    const hit = seen.get(key);
    if (hit) return hit;
    const e: Evaluated = {
      key,
      members: [...members].sort(),
      coverage: coveredBy(members).length,
      score: teamScore(ctx, members).score,
    };
    seen.set(key, e);
    return e;
  };
  const coveredBy = (members: string[]) =>
    coverable.filter((c) => members.some((m) => levelOf.get(m)?.has(c)));
  const start = anchor !== undefined ? [anchor] : [];

  // Exact: every team of up to maxSize drawn from the holders of the required capabilities
  // (plus the anchor), when there are few enough of them for the budget.
  const pool = [...new Set(coverable.flatMap((c) => (holders.get(c) ?? []).map((h) => h.id)))]
    .filter((id) => id !== anchor)
    .sort();
  const slots = maxSize - start.length;
  let teams = 0;
  for (let k = 0, c = 1; k <= slots; k++) {
    teams += c;
    c = (c * (pool.length - k)) / (k + 1);
  }
  const fits = teams <= CONSORTIUM_DEFAULTS.exactBudget;
  if (request.method === 'exact' && !fits) {
    throw new InvalidInputError(
      `the exact search would try ${Math.round(teams)} teams; use the heuristic`,
      'method',
    );
  }
  const method: 'exact' | 'heuristic' = request.method ?? (fits ? 'exact' : 'heuristic');
  if (method === 'exact') {
    const grow = (team: string[], from: number) => {
      if (team.length > 0) evaluate(team);
      if (team.length === maxSize) return;
      for (let i = from; i < pool.length; i++) grow([...team, pool[i] as string], i + 1);
    };
    grow(start, 0);
  } else {
    const k = CONSORTIUM_DEFAULTS.holdersPerCapability;
    let beam: string[][] = [start];
    for (let step = start.length; step < maxSize && beam.length > 0; step++) {
      const next = new Map<string, string[]>();
      for (const team of beam) {
        const uncovered = coverable.filter((c) => !team.some((m) => levelOf.get(m)?.has(c)));
        // Grow by the best holders of each uncovered capability (a member who brings several
        // at once is found this way) or, once everything is covered, of any capability, which
        // can raise levels and cohesion.
        for (const cap of uncovered.length > 0 ? uncovered : coverable) {
          for (const h of (holders.get(cap) ?? []).slice(0, k)) {
            if (team.includes(h.id)) continue;
            const grown = [...team, h.id];
            next.set(evaluate(grown).key, grown);
          }
        }
      }
      beam = [...next.values()]
        .map((t) => evaluate(t))
        .sort(compareEvaluated)
        .slice(0, CONSORTIUM_DEFAULTS.beamWidth)
        .map((e) => e.members);
    }
    if (start.length > 0) evaluate(start);
  }

  const ranked = [...seen.values()]
    .filter((e) => e.members.length > 0)
    .sort(compareEvaluated)
    .slice(0, alternatives);
  return {
    capabilities: required,
    anchor: anchor ?? null,
    maxSize,
    method,
    gaps,
    teams: ranked.map((e) => describeTeam(ctx, e.members, required)),
  };
}

function compareEvaluated(a: Evaluated, b: Evaluated): number {
  return (
    b.coverage - a.coverage ||
    b.score - a.score ||
    a.members.length - b.members.length ||
    (a.key < b.key ? -1 : 1)
  );
}

interface ScoringContext {
  index: PartneringIndex;
  coverable: string[];
  levelOf: Map<string, Map<string, number>>;
  capsOf: (id: string) => Set<string>;
  needsOf: (id: string) => string[];
  /** 1 for a collaboration, 0.5 for a partner in common, 0 otherwise. */
  closeness: (a: string, b: string) => number;
}

function memo<T>(compute: (id: string) => T): (id: string) => T {
  const cache = new Map<string, T>();
  return (id) => {
    let v = cache.get(id);
    if (v === undefined) cache.set(id, (v = compute(id)));
    return v;
  };
}

function scoringContext(
  index: PartneringIndex,
  coverable: string[],
  levelOf: Map<string, Map<string, number>>,
  viewer: Viewer,
): ScoringContext {
  const pairs = new Map<string, number>();
  return {
    index,
    coverable,
    levelOf,
    capsOf: memo((id) => new Set(capabilitiesOf(index, id, viewer).map((c) => c.name))),
    needsOf: memo((id) => needsOf(index, id, viewer).map((n) => n.name)),
    closeness: (a, b) => {
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      let v = pairs.get(key);
      if (v === undefined) {
        v = index.partners.get(a)?.has(b) ? 1 : commonPartners(index, a, b).length > 0 ? 0.5 : 0;
        pairs.set(key, v);
      }
      return v;
    },
  };
}

function teamScore(ctx: ScoringContext, members: string[]) {
  const { coverable, levelOf } = ctx;
  let levels = 0;
  for (const c of coverable) {
    let best = 0;
    for (const m of members) best = Math.max(best, levelOf.get(m)?.get(c) ?? 0);
    levels += best / 5;
  }
  levels = coverable.length > 0 ? levels / coverable.length : 0;
  let pairs = 0;
  let close = 0;
  const ties: [string, string][] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = members[i] as string;
      const b = members[j] as string;
      pairs++;
      const c = ctx.closeness(a, b);
      close += c;
      if (c === 1) ties.push(a < b ? [a, b] : [b, a]);
    }
  }
  const cohesion = pairs > 0 ? close / pairs : 1;
  let benefited = 0;
  for (const m of members) {
    if (ctx.needsOf(m).some((need) => members.some((o) => o !== m && ctx.capsOf(o).has(need)))) benefited++;
  }
  const mutualBenefit = members.length > 1 ? benefited / members.length : 0;
  const w = CONSORTIUM_DEFAULTS.weights;
  return {
    score: w.levels * levels + w.cohesion * cohesion + w.mutualBenefit * mutualBenefit,
    components: { levels, cohesion, mutualBenefit },
    ties,
  };
}

function describeTeam(ctx: ScoringContext, members: string[], required: string[]): Team {
  const { index, levelOf } = ctx;
  const { score, components, ties } = teamScore(ctx, members);
  const covered = required.filter((c) => members.some((m) => levelOf.get(m)?.has(c)));
  return {
    members: members.map((id) => ({
      id,
      name: nameOf(index, id),
      sector: index.graph.getNodeAttribute(id, 'sector') ?? null,
      brings: required
        .filter((c) => levelOf.get(id)?.has(c))
        .map((c) => ({ capability: c, level: levelOf.get(id)?.get(c) as number })),
    })),
    covered,
    uncovered: required.filter((c) => !covered.includes(c)),
    complete: covered.length === required.length,
    score,
    components,
    existingTies: ties,
  };
}
