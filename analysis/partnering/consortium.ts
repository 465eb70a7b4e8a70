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
import { runToEnd, type Steps } from '../steps.ts';
import {
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

/** Teams scored between two pauses of {@link buildConsortiumSteps}. */
const TEAMS_PER_STEP = 200;

export function buildConsortium(index: PartneringIndex, request: ConsortiumRequest): ConsortiumResult {
  return runToEnd(buildConsortiumSteps(index, request));
}

/**
 * {@link buildConsortium} as a step generator that pauses every {@link TEAMS_PER_STEP} teams
 * scored, so the API runs a large search (20 capabilities, teams of 10: tens of thousands of
 * teams) in slices of its event loop instead of holding it (compute/slices.ts).
 */
export function* buildConsortiumSteps(
  index: PartneringIndex,
  request: ConsortiumRequest,
): Steps<ConsortiumResult> {
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
  let scored = 0;
  const evaluate = (members: string[]): Evaluated => {
    const sorted = [...members].sort();
    const key = sorted.join('|');
    const hit = seen.get(key);
    if (hit) return hit;
    scored++;
    const e: Evaluated = {
      key,
      members: sorted,
      ...coverageAndScore(teamScore(ctx, members)),
    };
    seen.set(key, e);
    return e;
  };
  /** Whether enough teams were scored since the last pause to pause again. */
  let lastPause = 0;
  const due = () => {
    if (scored - lastPause < TEAMS_PER_STEP) return false;
    lastPause = scored;
    return true;
  };
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
    // Every team of start + up to `slots` members of the pool, depth first: `picked` holds the
    // pool indices of the current team, in increasing order.
    if (start.length > 0) evaluate(start);
    const picked: number[] = [];
    let next = 0;
    for (;;) {
      if (picked.length < slots && next < pool.length) {
        picked.push(next);
        evaluate([...start, ...picked.map((i) => pool[i] as string)]);
        next++;
      } else {
        const last = picked.pop();
        if (last === undefined) break;
        next = last + 1;
      }
      if (due()) yield;
    }
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
        if (due()) yield;
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

function coverageAndScore({ coverage, score }: { coverage: number; score: number }) {
  return { coverage, score };
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
  /** A member's level of each coverable capability, in `coverable`'s order (−1: not held). */
  levelsOf: (id: string) => Float64Array;
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
  // Keyed by the smaller id, then the larger: no pair string is built per lookup.
  const pairs = new Map<string, Map<string, number>>();
  const partners = (id: string) => index.partners.get(id) ?? new Set<string>();
  return {
    index,
    coverable,
    levelOf,
    capsOf: memo((id) => new Set(capabilitiesOf(index, id, viewer).map((c) => c.name))),
    needsOf: memo((id) => needsOf(index, id, viewer).map((n) => n.name)),
    levelsOf: memo((id) => Float64Array.from(coverable, (c) => levelOf.get(id)?.get(c) ?? -1)),
    closeness: (x, y) => {
      const [a, b] = x < y ? [x, y] : [y, x];
      let row = pairs.get(a);
      if (!row) pairs.set(a, (row = new Map()));
      let v = row.get(b);
      if (v === undefined) {
        v = partners(a).has(b) ? 1 : 0;
        if (v === 0) {
          const [small, large] =
            partners(a).size <= partners(b).size ? [partners(a), partners(b)] : [partners(b), partners(a)];
          for (const z of small)
            if (large.has(z)) {
              v = 0.5;
              break;
            }
        }
        row.set(b, v);
      }
      return v;
    },
  };
}

function teamScore(ctx: ScoringContext, members: string[]) {
  const { coverable } = ctx;
  const vectors = members.map(ctx.levelsOf);
  let levels = 0;
  let coverage = 0;
  for (let c = 0; c < coverable.length; c++) {
    let best = -1;
    for (const v of vectors) best = Math.max(best, v[c] as number);
    if (best >= 0) {
      coverage++;
      levels += best / 5;
    }
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
    coverage,
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
