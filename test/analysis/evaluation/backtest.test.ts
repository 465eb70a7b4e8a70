import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { InvalidInputError } from '../../../analysis/errors.ts';
import {
  ADAMIC_ADAR,
  chooseSplitYear,
  COMMON_NEIGHBOURS,
  DEFAULT_RANKERS,
  developmentSplit,
  formatBacktestTable,
  futurePairs,
  PARTNER_ATLAS,
  PREFERENTIAL_ATTACHMENT,
  RANDOM,
  runBacktest,
  trainingRecords,
  type MethodScore,
} from '../../../analysis/evaluation/backtest.ts';
import { buildPartneringIndex } from '../../../analysis/partnering/partnering-index.ts';
import { learnRanker } from '../../../analysis/partnering/ranker.ts';
import { computeStructure } from '../../../analysis/partnering/structure.ts';
import { createRng } from '../../../analysis/rng.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';

/**
 * Up to 2020: a path a–b–c–d and a hub h tied to b, c and d. After 2020: a–c and a–h (new pairs,
 * each sharing partner b with a), a–b again (not new), and an undated d–e (left out).
 */
const HISTORY: NetworkRecords = {
  businesses: ['a', 'b', 'c', 'd', 'e', 'h'].map((id) => ({ id, name: id.toUpperCase() })),
  capabilities: [{ businessId: 'c', capability: 'coating', level: 4 }],
  needs: [{ businessId: 'a', capability: 'coating', priority: 5 }],
  collaborations: [
    { source: 'a', target: 'b', weight: 1, start: '2019-01-01' },
    { source: 'b', target: 'c', weight: 1, start: '2020-03-01' },
    { source: 'c', target: 'd', weight: 1, start: '2020-05-01' },
    { source: 'h', target: 'b', weight: 1, start: '2018-05-01' },
    { source: 'h', target: 'c', weight: 1, start: '2018-05-01' },
    { source: 'h', target: 'd', weight: 1, start: '2018-05-01' },
    { source: 'a', target: 'c', weight: 1, start: '2022-01-01' },
    { source: 'a', target: 'h', weight: 1, start: '2023-01-01' },
    { source: 'a', target: 'b', weight: 1, start: '2022-06-01' },
    { source: 'd', target: 'e', weight: 1 },
  ],
};

describe('backtest', () => {
  it('refuses a history without two distinct start years, and a bad k', () => {
    const flat = { ...HISTORY, collaborations: HISTORY.collaborations.slice(0, 1) };
    expect(() => chooseSplitYear(flat)).toThrow(InvalidInputError);
    expect(() => runBacktest(HISTORY, { year: 2020, k: 0 })).toThrow(/k must be/);
  });

  it('splits before the last start year so something is left to predict', () => {
    // Nine dated starts: 2018 ×3, 2019, 2020 ×2, 2022 ×2, 2023.
    expect(chooseSplitYear(HISTORY)).toBe(2022);
    expect(chooseSplitYear(HISTORY, 0.5)).toBe(2020);
    expect(chooseSplitYear(HISTORY, 1)).toBe(2022);
  });

  it('trains on dated collaborations up to the year and tests on pairs new after it', () => {
    const train = trainingRecords(HISTORY, 2020);
    expect(train.collaborations).toHaveLength(6);
    expect(train.businesses).toHaveLength(6);
    const known = new Set(buildGraph(train).nodes());
    expect([...futurePairs(HISTORY, 2020, known)].sort()).toEqual(['a--c', 'a--h']);
    expect([...futurePairs(HISTORY, 2020, new Set(['a', 'c']))]).toEqual(['a--c']);
  });

  it('scores rankings with precision, recall and MRR against what happened', () => {
    const result = runBacktest(HISTORY, { year: 2020, k: 2, rankers: [COMMON_NEIGHBOURS] });
    expect(result).toMatchObject({ year: 2020, futurePairs: 2, evaluated: 3, undated: 1, trainPairs: 6 });
    // a: common neighbours ranks c (via b) then h (via b): 2 hits of 2 → precision 1, recall 1, RR 1.
    // c: a is one step from b → rank of a among c's non-partners {a (via b)} is 1 → P 0.5, R 1, RR 1.
    // h: a shares b → ranked first → P 0.5, R 1, RR 1.
    const [cn] = result.methods;
    expect(cn!.precisionAtK).toBeCloseTo((1 + 0.5 + 0.5) / 3, 12);
    expect(cn!.recallAtK).toBe(1);
    expect(cn!.mrr).toBe(1);
    expect(cn!.hitRate).toBe(1);
  });

  it("gives each method's precision as a multiple of Adamic–Adar's on the same businesses, with its interval", () => {
    const result = runBacktest(HISTORY, {
      year: 2020,
      k: 2,
      rankers: [COMMON_NEIGHBOURS, ADAMIC_ADAR, RANDOM],
    });
    const [cn, aa, random] = result.methods as [MethodScore, MethodScore, MethodScore];
    expect(aa.vsAdamicAdar).toMatchObject({ ratio: 1, low: 1, high: 1, shareAtLeastTarget: 0 });
    expect(cn.vsAdamicAdar?.ratio).toBeCloseTo(cn.precisionAtK / aa.precisionAtK, 12);
    const r = random.vsAdamicAdar!;
    expect(r.ratio).toBeCloseTo(random.precisionAtK / aa.precisionAtK, 12);
    expect(r.low!).toBeLessThanOrEqual(r.ratio!);
    expect(r.high!).toBeGreaterThanOrEqual(r.ratio!);
    expect(formatBacktestTable(result)).toMatch(
      /÷ Adamic–Adar \(95 % interval\) \|\n.*\n.*\| 1\.00× \(1\.00×–1\.00×\) \|/,
    );
    // Without Adamic–Adar in the run there is nothing to divide by, and no column.
    const alone = runBacktest(HISTORY, { year: 2020, k: 2, rankers: [COMMON_NEIGHBOURS] });
    expect(alone.methods[0]!.vsAdamicAdar).toBeUndefined();
    expect(formatBacktestTable(alone)).not.toMatch(/Adamic/);
  });

  it('never ranks the business itself or a current partner, in any method', () => {
    const graph = buildGraph(trainingRecords(HISTORY, 2020));
    for (const factory of DEFAULT_RANKERS) {
      const rank = factory.prepare(graph, createRng(1));
      for (const id of graph.nodes()) {
        for (const candidate of rank(id, 10)) {
          expect(candidate).not.toBe(id);
          expect(graph.hasEdge(id, candidate)).toBe(false);
        }
      }
    }
  });

  it('ranks baselines by their definitions', () => {
    const graph = buildGraph(trainingRecords(HISTORY, 2020));
    // a's only partner is b (degree 3): c and h share it.
    expect(ADAMIC_ADAR.prepare(graph, createRng(1))('a', 5)).toEqual(['c', 'h']);
    // Degrees: b 3, c 3, h 3, d 2, a 1, e 0; a's non-partners by degree, then id.
    expect(PREFERENTIAL_ATTACHMENT.prepare(graph, createRng(1))('a', 5)).toEqual(['c', 'h', 'd', 'e']);
    const random = (seed: number) => RANDOM.prepare(graph, createRng(seed))('a', 4);
    expect(random(3)).toEqual(random(3));
    expect([...random(3)].sort()).toEqual(['c', 'd', 'e', 'h']);
  });

  it('runs Partner Atlas next to the baselines on the same split', () => {
    const result = runBacktest(HISTORY, { year: 2020 });
    expect(result.methods.map((m) => m.method)).toEqual(DEFAULT_RANKERS.map((r) => r.name));
    for (const m of result.methods) {
      for (const v of [m.precisionAtK, m.recallAtK, m.mrr, m.hitRate]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // a needs coating and c has it: Partner Atlas ranks c first for a.
    const atlas = DEFAULT_RANKERS[0]!.prepare(buildGraph(trainingRecords(HISTORY, 2020)), createRng(1));
    expect(atlas('a', 3)[0]).toBe('c');
  });

  it('builds the development split from the history up to the outer split year only', () => {
    const dev = developmentSplit(HISTORY, 2022);
    // Nine dated starts up to 2022 but the two 2022 ones: 2018 ×3, 2019, 2020 ×2, 2022 ×2.
    expect(dev.records.collaborations.every((c) => c.start !== undefined && c.start < '2023')).toBe(true);
    expect(dev.year).toBe(2020);
    expect(dev.year).toBeLessThan(2022);
    // Whatever happened after the outer year, the development backtest is the same.
    const rewritten: NetworkRecords = {
      ...HISTORY,
      collaborations: [
        ...HISTORY.collaborations.filter((c) => c.start !== undefined && c.start < '2023'),
        { source: 'e', target: 'h', weight: 9, start: '2023-02-01' },
        { source: 'a', target: 'd', weight: 9, start: '2024-02-01' },
      ],
    };
    const again = developmentSplit(rewritten, 2022);
    expect(again).toEqual(dev);
    expect(runBacktest(again.records, { year: again.year })).toEqual(
      runBacktest(dev.records, { year: dev.year }),
    );
  });

  it("reports the learned ranker's inner cut and validation with its scores, and none for baselines", async () => {
    const records = await readBundle(resolve(import.meta.dirname, '../../../data/sample'));
    const year = chooseSplitYear(records);
    const result = runBacktest(records, { year, rankers: [PARTNER_ATLAS, ADAMIC_ADAR] });
    const [atlas, aa] = result.methods as [MethodScore, MethodScore];
    expect(aa.learned).toBeUndefined();
    const graph = buildGraph(trainingRecords(records, year));
    const model = learnRanker(buildPartneringIndex(graph, { structure: computeStructure(graph) }));
    expect(model.validation).not.toBeNull();
    expect(atlas.learned).toEqual({
      kind: model.kind,
      cutYear: model.cutYear,
      validation: {
        queries: model.validation!.queries,
        precisionAtK: model.validation!.precisionAtK,
        adamicAdarPrecisionAtK: model.validation!.adamicAdar.precisionAtK,
      },
    });
    expect(atlas.learned!.cutYear).toBeLessThan(year);
  });
});
