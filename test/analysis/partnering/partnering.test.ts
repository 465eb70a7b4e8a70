import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { InvalidInputError, NotFoundError } from '../../../analysis/errors.ts';
import { detectCommunities } from '../../../analysis/metrics/communities.ts';
import { computeConstraint } from '../../../analysis/metrics/structural-holes.ts';
import { answerFourQuestions } from '../../../analysis/partnering/four-questions.ts';
import { buildPartneringIndex } from '../../../analysis/partnering/partnering-index.ts';
import { learnRanker } from '../../../analysis/partnering/ranker.ts';
import {
  BROKER_CONSTRAINT,
  COMMON_PARTNERS_SHOWN,
  SUGGESTION_DEFAULTS,
  suggestPartners,
} from '../../../analysis/partnering/suggestions.ts';
import { createRng, pick } from '../../../analysis/rng.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';

/**
 * A small park: a (machining, needs NDT + heat treatment), its partner b (NDT level 2),
 * b's partner c (NDT level 5, needs milling), d (heat treatment, unconnected), e (milling 4,
 * confidential), f (only holder of "laser peening").
 */
const PARK: NetworkRecords = {
  businesses: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
    id,
    name: id.toUpperCase(),
    sector: id === 'a' ? 'machining' : 'other',
  })),
  capabilities: [
    { businessId: 'a', capability: 'milling', level: 3 },
    { businessId: 'a', capability: 'laser peening', level: 2 },
    { businessId: 'a', capability: 'grinding', level: 5 },
    { businessId: 'b', capability: 'NDT', level: 2 },
    { businessId: 'b', capability: 'grinding', level: 4 },
    { businessId: 'c', capability: 'NDT', level: 5 },
    { businessId: 'd', capability: 'heat treatment', level: 4 },
    { businessId: 'e', capability: 'milling', level: 4, confidential: true },
    { businessId: 'f', capability: 'anodising', level: 3 },
  ],
  needs: [
    { businessId: 'a', capability: 'NDT', priority: 5 },
    { businessId: 'a', capability: 'heat treatment', priority: 2 },
    { businessId: 'a', capability: 'space testing', priority: 4 },
    { businessId: 'c', capability: 'milling', priority: 3 },
    { businessId: 'e', capability: 'grinding', priority: 3, confidential: true },
  ],
  collaborations: [
    { source: 'a', target: 'b', weight: 1 },
    { source: 'b', target: 'c', weight: 1 },
    { source: 'c', target: 'd', weight: 1 },
  ],
};

const park = buildPartneringIndex(buildGraph(PARK));

describe('four questions', () => {
  it('refuses an unknown business with its id', () => {
    expect(() => answerFourQuestions(park, 'zz')).toThrow(new NotFoundError('business', 'zz'));
    expect(() => answerFourQuestions(park, 'a', { horizon: 4 as 2 })).toThrow(InvalidInputError);
  });

  it('1: lists needs by priority with how many can meet each, and flags gaps', () => {
    const q = answerFourQuestions(park, 'a');
    expect(q.whatNeedsToBeDone).toEqual([
      { capability: 'NDT', priority: 5, holders: 2, gap: false },
      { capability: 'space testing', priority: 4, holders: 0, gap: true },
      { capability: 'heat treatment', priority: 2, holders: 1, gap: false },
    ]);
  });

  it('2: ranks providers by level, then distance, then existing partnership', () => {
    const q = answerFourQuestions(park, 'a');
    const ndt = q.whatOthersCanDoForUs.find((n) => n.capability === 'NDT')!;
    expect(ndt.providers.map((p) => [p.id, p.level, p.distance, p.partner])).toEqual([
      ['c', 5, 2, false],
      ['b', 2, 1, true],
    ]);
    expect(q.whatOthersCanDoForUs.map((n) => n.capability)).not.toContain('space testing');
  });

  it('3: finds what it does better than anyone within the horizon, with the runner-up', () => {
    const q = answerFourQuestions(park, 'a', { horizon: 2 });
    expect(q.known).toBe(2);
    expect(q.whatWeDoBetterThanAnyoneWeKnow).toEqual([
      { capability: 'grinding', level: 5, runnerUp: { id: 'b', name: 'B', level: 4 } },
      { capability: 'milling', level: 3, runnerUp: null },
      { capability: 'laser peening', level: 2, runnerUp: null },
    ]);
  });

  it('4: lists what only it can do; readers do not see confidential holders', () => {
    expect(
      answerFourQuestions(park, 'a', { viewer: 'analyst' }).whatOnlyWeCanDo.unique.map((u) => u.capability),
    ).toEqual(['laser peening']);
    expect(
      answerFourQuestions(park, 'a', { viewer: 'reader' }).whatOnlyWeCanDo.unique.map((u) => u.capability),
    ).toEqual(['laser peening', 'milling']);
  });

  it('answers for a project’s capabilities instead of the business’s needs', () => {
    const q = answerFourQuestions(park, 'a', { project: ['anodising', 'NDT'] });
    expect(q.whatNeedsToBeDone.map((n) => [n.capability, n.holders])).toEqual([
      ['anodising', 1],
      ['NDT', 2],
    ]);
  });
});

describe('suggestions', () => {
  it('refuses unknown businesses, bad weights and bad limits', () => {
    expect(() => suggestPartners(park, 'zz')).toThrow(NotFoundError);
    expect(() => suggestPartners(park, 'a', { weights: { trust: -1 } })).toThrow(/trust must be a number/);
    expect(() => suggestPartners(park, 'a', { weights: { luck: 1 } as never })).toThrow(
      /Unknown weight "luck"/,
    );
    expect(() => suggestPartners(park, 'a', { limit: 0 })).toThrow(/limit/);
  });

  it('with the blend of weights, suggests the business that meets the top need, with true reasons in a sentence', () => {
    const result = suggestPartners(park, 'a', { weights: SUGGESTION_DEFAULTS.weights });
    expect(result.ranker.kind).toBe('weights');
    const top = result.suggestions[0]!;
    expect(top.id).toBe('c');
    expect(top.reasons.meetsNeeds).toEqual([{ capability: 'NDT', priority: 5, level: 5 }]);
    expect(top.reasons.weMeetTheirs).toEqual([{ capability: 'milling', level: 3 }]);
    expect(top.reasons.commonPartners).toEqual([{ id: 'b', name: 'B' }]);
    expect(top.sentence).toBe(
      'Meets 1 of your 3 needs: NDT; you meet 1 of theirs: milling; 1 partner in common: B.',
    );
  });

  it('without a fitted ranker, ranks by the documented defaults, says so, and names the drivers in order', () => {
    const result = suggestPartners(park, 'a');
    expect(result.ranker).toMatchObject({ kind: 'default', cutYear: null, validation: null });
    expect(result.ranker.reason).toMatch(/no ranker was fitted/);
    expect(result.weights).toBeNull();
    const top = result.suggestions[0]!;
    expect(top.id).toBe('c');
    // Defaults: Adamic–Adar 1/ln 2 = 1.44 (B has 2 partners) before complementarity
    // 2 × (5/5 · 5/5 · (0.5 + 0.5 · rarity of NDT)) / 2.2 = 0.73 and reciprocity 1 × 0.6.
    expect(top.reasons.drivers.map((d) => d.feature)).toEqual([
      'adamicAdar',
      'complementarity',
      'reciprocity',
    ]);
    expect(top.reasons.drivers[0]!.contribution).toBeCloseTo(1 / Math.log(2), 12);
    expect(top.sentence).toBe(
      '1 partner in common: B; meets 1 of your 3 needs: NDT; you meet 1 of theirs: milling.',
    );
  });

  it('never suggests the business itself or an existing partner unless asked', () => {
    expect(suggestPartners(park, 'a').suggestions.map((s) => s.id)).not.toContain('b');
    const withExisting = suggestPartners(park, 'a', { includeExisting: true }).suggestions;
    expect(withExisting.find((s) => s.id === 'b')?.reasons.existingPartner).toBe(true);
    expect(withExisting.map((s) => s.id)).not.toContain('a');
  });

  it('gives the same answer when asked again (its work arrays are reset)', () => {
    const first = suggestPartners(park, 'a', { includeExisting: true });
    suggestPartners(park, 'c');
    expect(suggestPartners(park, 'a', { includeExisting: true })).toEqual(first);
    const scratch = [...park.scratch.comp, ...park.scratch.aa, ...park.scratch.reached];
    expect(scratch.length).toBeGreaterThan(0);
    expect(scratch.every((v) => v === 0)).toBe(true);
  });

  it('lets a weight change the ranking', () => {
    const trustOnly = suggestPartners(park, 'a', {
      weights: { complementarity: 0, reciprocity: 0, trust: 1, reach: 0 },
    });
    expect(trustOnly.suggestions[0]!.id).toBe('c');
    expect(trustOnly.suggestions[0]!.score).toBeCloseTo(trustOnly.suggestions[0]!.components.trust, 12);
  });

  it('never shows confidential capabilities or needs to readers', () => {
    const forAnalyst = suggestPartners(park, 'c', { viewer: 'analyst' }).suggestions.map((s) => s.id);
    const forReader = suggestPartners(park, 'c', { viewer: 'reader' }).suggestions;
    expect(forAnalyst).toContain('e');
    expect(forReader.map((s) => s.id)).not.toContain('e');
    expect(JSON.stringify(suggestPartners(park, 'a', { viewer: 'reader' }))).not.toMatch(/"e"/);
  });
});

describe('suggestions on the sample › every stated reason is true of the data', async () => {
  const graph = buildGraph(await readBundle(resolve(import.meta.dirname, '../../../data/sample')));
  const { communities } = detectCommunities(graph);
  const constraint = computeConstraint(graph);
  const blendIndex = buildPartneringIndex(graph, { communities, constraint });
  const learnedIndex = { ...blendIndex };
  learnedIndex.ranker = learnRanker(learnedIndex);
  const rng = createRng(99);
  const businesses = Array.from({ length: 40 }, () => pick(rng, graph.nodes()));
  const caps = (id: string) =>
    new Map(graph.getNodeAttribute(id, 'capabilities').map((c) => [c.name, c.level]));
  const needs = (id: string) => new Map(graph.getNodeAttribute(id, 'needs').map((n) => [n.name, n.priority]));
  const firstYear = (a: string, b: string) =>
    Math.min(
      ...graph
        .getEdgeAttribute(graph.edge(a, b)!, 'events')
        .map((e) => (e.start ? Number(e.start.slice(0, 4)) : Infinity)),
    );
  const rankings = [
    ['learned ranker', learnedIndex, {}],
    ['default ranker', blendIndex, {}],
    ['weights', blendIndex, { weights: SUGGESTION_DEFAULTS.weights }],
  ] as const;

  it('learns from the sample history (a cut year, coefficients, a validation score)', () => {
    const model = learnedIndex.ranker!;
    expect(model.cutYear).not.toBeNull();
    expect(model.kind === 'learned' || /below the defaults/.test(model.reason)).toBe(true);
    expect(model.validation?.queries).toBeGreaterThan(0);
  });

  it.each(
    rankings.flatMap(([name, index, options]) => businesses.map((id) => [name, id, index, options] as const)),
  )('%s: reasons for %s hold', (_name, id, index, options) => {
    const answered = suggestPartners(index, id, { limit: 10, ...options }).suggestions;
    expect(answered.length).toBeGreaterThan(0);
    const drivers = answered.flatMap((s) => s.reasons.drivers);
    // Explicit weights rank without drivers; a ranker names at least one somewhere in ten.
    if ('weights' in options) expect(drivers).toEqual([]);
    else expect(drivers.length).toBeGreaterThan(0);
    for (const s of answered) {
      expect(s.id).not.toBe(id);
      expect(graph.hasEdge(id, s.id)).toBe(false);
      const r = s.reasons;
      for (const m of r.meetsNeeds) {
        expect(caps(s.id).get(m.capability)).toBe(m.level);
        expect(needs(id).get(m.capability)).toBe(m.priority);
      }
      expect(r.ofNeeds).toBe(needs(id).size);
      for (const m of r.weMeetTheirs) {
        expect(caps(id).get(m.capability)).toBe(m.level);
        expect(needs(s.id).has(m.capability)).toBe(true);
      }
      for (const p of r.commonPartners) {
        expect(graph.hasEdge(id, p.id) && graph.hasEdge(s.id, p.id)).toBe(true);
        expect(p.name).toBe(graph.getNodeAttribute(p.id, 'name'));
      }
      const common = graph.neighbors(id).filter((z) => graph.hasEdge(z, s.id));
      expect(r.commonPartnerCount).toBe(common.length);
      expect(r.commonPartners.length).toBe(Math.min(common.length, COMMON_PARTNERS_SHOWN));
      expect(r.partnerCount).toBe(graph.degree(s.id));
      expect(r.fewerPartnersShare).toBe(
        graph.filterNodes((z) => graph.degree(z) < r.partnerCount).length / graph.order,
      );
      if (r.newPartners)
        expect(r.newPartners.count).toBe(
          graph.neighbors(s.id).filter((z) => firstYear(s.id, z) >= r.newPartners!.since).length,
        );
      const shared = [...caps(s.id).keys()].filter((c) => caps(id).has(c));
      expect(r.sharedCapabilityCount).toBe(shared.length);
      for (const c of r.sharedCapabilities) expect(shared).toContain(c);
      const a = graph.getNodeAttributes(id);
      const b = graph.getNodeAttributes(s.id);
      expect(r.sameSector).toBe(a.sector !== undefined && a.sector === b.sector);
      expect(r.sameSite).toBe(a.site !== undefined && a.site === b.site);
      expect(r.otherCommunity).toBe(communities[id] !== communities[s.id]);
      expect(r.constraint).toBe(constraint[s.id] ?? null);
      // The components come from one pass over arrays; the reasons are rebuilt from the data.
      expect(s.components.complementarity > 0).toBe(r.meetsNeeds.length > 0);
      expect(s.components.reciprocity > 0).toBe(r.weMeetTheirs.length > 0);
      const aa = common.reduce((sum, z) => sum + 1 / Math.log(Math.max(2, graph.degree(z))), 0);
      expect(s.components.trust).toBeCloseTo(aa / (1 + aa), 12);
      // Every clause of the sentence states a fact above.
      const sentence = s.sentence.toLowerCase();
      if (sentence.includes('partner in common') || sentence.includes('partners in common'))
        expect(sentence).toContain(`${common.length} partner`);
      if (sentence.includes('you meet'))
        expect(sentence).toContain(`you meet ${r.weMeetTheirs.length} of theirs`);
      if (sentence.includes('of your'))
        expect(sentence).toContain(`meets ${r.meetsNeeds.length} of your ${r.ofNeeds} needs`);
      if (sentence.includes('new partner')) expect(sentence).toContain(`${r.newPartners!.count} new partner`);
      if (sentence.includes('have fewer)'))
        expect(sentence).toContain(
          `${r.partnerCount} partner${r.partnerCount > 1 ? 's' : ''} (${Math.floor(100 * r.fewerPartnersShare)} % of businesses have fewer)`,
        );
      if (sentence.includes('well connected')) expect(r.fewerPartnersShare).toBeGreaterThanOrEqual(0.5);
      if (sentence.includes('shares '))
        expect(sentence).toContain(`shares ${r.sharedCapabilityCount} capabilit`);
      if (sentence.includes('same sector')) expect(r.sameSector).toBe(true);
      if (sentence.includes('same site')) expect(r.sameSite).toBe(true);
      if (sentence.includes('in your community')) expect(r.otherCommunity).toBe(false);
      if (sentence.includes('a broker between groups (constraint')) {
        expect(sentence).toContain(`constraint ${r.constraint!.toFixed(2)}`);
        expect(r.constraint!).toBeLessThan(BROKER_CONSTRAINT);
      }
      if (sentence.includes('a broker between groups (low constraint)'))
        expect(r.constraint!).toBeLessThan(0.2);
      if (sentence.includes('close-knit position')) {
        expect(sentence).toContain(`constraint ${r.constraint!.toFixed(2)}`);
        expect(r.constraint!).toBeGreaterThanOrEqual(BROKER_CONSTRAINT);
      }
      // With a ranker, the drivers raised the score and the sentence starts with the strongest
      // driver that has a fact to state.
      for (let k = 1; k < r.drivers.length; k++)
        expect(r.drivers[k - 1]!.contribution).toBeGreaterThanOrEqual(r.drivers[k]!.contribution);
      for (const d of r.drivers) expect(d.contribution, d.feature).toBeGreaterThan(0);
    }
  });
});
