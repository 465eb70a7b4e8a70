import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../analysis/build-graph.ts';
import type { NetworkRecords } from '../../../analysis/domain.ts';
import { PARTNER_ATLAS, trainingRecords } from '../../../analysis/evaluation/backtest.ts';
import {
  buildPartneringIndex,
  indexCsr,
  withStructure,
} from '../../../analysis/partnering/partnering-index.ts';
import {
  candidateFeatures,
  chooseCutYear,
  fitRanker,
  learnRanker,
  logisticRegression,
  newPartnersAfter,
  RANKER_FEATURES,
} from '../../../analysis/partnering/ranker.ts';
import { computeStructure, structureOfCsr } from '../../../analysis/partnering/structure.ts';
import { createRng } from '../../../analysis/rng.ts';
import { convertCordis, type CordisInput } from '../../../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../../../data/cordis/read-cordis.ts';
import { readBundle } from '../../../data/bundle/read-bundle.ts';
import { HAS_SHARED_DATA, SHARED_DATA } from '../../helpers/shared-data.ts';

const SAMPLE = join(import.meta.dirname, '../../../data/sample');

const EV = join(SHARED_DATA, 'cordis-semiconductor-ev');

async function evInput(): Promise<CordisInput> {
  return {
    participations: (await readCordisFile(join(EV, 'organization.json'))).rows,
    participationsFile: 'organization.json',
    projects: (await readCordisFile(join(EV, 'project.json'))).rows,
    projectsFile: 'project.json',
  };
}

/** The records with every collaboration after `year` replaced by seeded random pairs. */
function otherFuture(records: NetworkRecords, year: number): NetworkRecords {
  const rng = createRng(5);
  const ids = records.businesses.map((b) => b.id);
  const other = (id: string) => {
    for (;;) {
      const pick = ids[Math.floor(rng() * ids.length)] as string;
      if (pick !== id) return pick;
    }
  };
  return {
    ...records,
    collaborations: records.collaborations.map((c) =>
      c.start !== undefined && Number(c.start.slice(0, 4)) > year ? { ...c, target: other(c.source) } : c,
    ),
  };
}

describe.skipIf(!HAS_SHARED_DATA)('ranker › no leakage, by construction (real CORDIS data)', async () => {
  const input = HAS_SHARED_DATA ? await evInput() : undefined;
  const records = input ? convertCordis(input).records : undefined;

  it('builds the past index from ties and capabilities up to the cut only, as if the later years never happened', () => {
    const graph = buildGraph(records!);
    const full = buildPartneringIndex(graph);
    const cut = chooseCutYear(full)!;
    expect(cut).toBeGreaterThan(2000);
    const past = buildPartneringIndex(graph, { until: cut });
    expect(Math.max(...past.ties.last)).toBeLessThanOrEqual(cut);
    // The same as the index of the records converted from the projects started up to the cut.
    const before = buildPartneringIndex(buildGraph(convertCordis(input!, { until: cut }).records));
    const edges = (index: typeof past) =>
      index.ids
        .flatMap((id) => [...(index.partners.get(id) ?? [])].filter((q) => id < q).map((q) => `${id}|${q}`))
        .sort();
    expect(edges(past)).toEqual(edges(before));
    const holders = (index: typeof past) =>
      [...index.holders.entries()]
        .filter(([, list]) => list.length > 0)
        .map(
          ([name, list]) =>
            `${name}:${list
              .map((h) => h.id)
              .sort()
              .join(',')}`,
        )
        .sort();
    expect(holders(past)).toEqual(holders(before));
  });

  it('gives features that do not change when everything after the cut is replaced', () => {
    const a = buildPartneringIndex(buildGraph(records!));
    const cut = chooseCutYear(a)!;
    const b = buildPartneringIndex(buildGraph(otherFuture(records!, cut)));
    const pastA = buildPartneringIndex(a.graph, { until: cut });
    const pastB = buildPartneringIndex(b.graph, { until: cut });
    const sa = withStructure(pastA, structureOfCsr(indexCsr(pastA)));
    const sb = withStructure(pastB, structureOfCsr(indexCsr(pastB)));
    for (const id of a.ids.filter((_, i) => i % 50 === 0)) {
      const fa = candidateFeatures(sa, sa.position.get(id)!, { viewer: 'admin', includeExisting: false });
      const fb = candidateFeatures(sb, sb.position.get(id)!, { viewer: 'admin', includeExisting: false });
      const byId = (f: typeof fa, index: typeof sa) =>
        new Map(
          Array.from(f.positions, (p, r) => [
            index.ids[p],
            Array.from(f.x.slice(r * RANKER_FEATURES.length, (r + 1) * RANKER_FEATURES.length)),
          ]),
        );
      expect(byId(fb, sb)).toEqual(byId(fa, sa));
    }
    // The labels, and only they, see the future: they differ.
    expect(newPartnersAfter(a, pastA, cut)).not.toEqual(newPartnersAfter(b, pastB, cut));
  });

  it('ranks the backtest identically whatever happened after the split year', () => {
    const year = 2018;
    const train = (r: NetworkRecords) => buildGraph(trainingRecords(r, year));
    const rankA = PARTNER_ATLAS.prepare(train(records!), createRng(1));
    const rankB = PARTNER_ATLAS.prepare(train(otherFuture(records!, year)), createRng(1));
    for (const id of records!.businesses.slice(0, 60).map((b) => b.id))
      expect(rankB(id, 20)).toEqual(rankA(id, 20));
  });

  it('learns deterministically, with a cut year, coefficients and a validation score', () => {
    const graph = buildGraph(convertCordis(input!, { until: 2018 }).records);
    const index = buildPartneringIndex(graph, { structure: computeStructure(graph) });
    const model = learnRanker(index);
    expect(model.kind).toBe('learned');
    expect(model.cutYear).toBe(2017);
    expect(Object.keys(model.coefficients)).toEqual([...RANKER_FEATURES]);
    expect(model.validation!.queries).toBeGreaterThan(5);
    expect(model.validation!.precisionAtK).toBeGreaterThan(model.validation!.adamicAdar.precisionAtK);
    // The ratio to Adamic–Adar comes with its bootstrap interval over the held-out businesses.
    const { ratio, low, high, resamples, level } = model.validation!.vsAdamicAdar;
    expect(ratio).toBeCloseTo(model.validation!.precisionAtK / model.validation!.adamicAdar.precisionAtK, 12);
    expect({ resamples, level }).toEqual({ resamples: 2000, level: 0.95 });
    expect(low!).toBeLessThan(ratio!);
    expect(high ?? Infinity).toBeGreaterThan(ratio!);
    expect(learnRanker(buildPartneringIndex(graph, { structure: computeStructure(graph) }))).toEqual(model);
  });
});

describe('ranker › confidentiality', () => {
  it('learns the same model whether or not the network holds confidential capabilities and needs', async () => {
    // The model scores readers' suggestions and its coefficients are in their answers.
    const sample = await readBundle(SAMPLE, { today: new Date('2026-11-23') });
    const open: NetworkRecords = {
      ...sample,
      capabilities: sample.capabilities.filter((c) => !c.confidential),
      needs: sample.needs.filter((n) => !n.confidential),
    };
    expect(open.capabilities.length + open.needs.length).toBeLessThan(
      sample.capabilities.length + sample.needs.length,
    );
    const learn = (r: NetworkRecords) => {
      const graph = buildGraph(r);
      return learnRanker(buildPartneringIndex(graph, { structure: computeStructure(graph) }));
    };
    const model = learn(sample);
    expect(model.kind).toBe('learned');
    expect(learn(open)).toEqual(model);
  });
});

describe('ranker › fitting', () => {
  it('falls back to the documented defaults, saying why, when the history is too thin', () => {
    const graph = buildGraph({
      businesses: ['a', 'b', 'c'].map((id) => ({ id, name: id })),
      capabilities: [],
      needs: [],
      collaborations: [
        { source: 'a', target: 'b', weight: 1, start: '2019' },
        { source: 'b', target: 'c', weight: 1, start: '2020' },
      ],
    });
    const index = buildPartneringIndex(graph);
    const model = learnRanker(index);
    expect(model.kind).toBe('default');
    expect(model.reason).toMatch(/too little dated history/);
    const undated = buildPartneringIndex(
      buildGraph({
        ...trainingRecords({ businesses: [], capabilities: [], needs: [], collaborations: [] }, 0),
      }),
    );
    expect(learnRanker(undated).reason).toMatch(/no dated history/);
    expect(() => fitRanker(index, buildPartneringIndex(graph, { until: 2019 }), 2019)).not.toThrow();
  });

  it('solves the penalised logistic regression: the gradient is zero at its answer', () => {
    const rng = createRng(3);
    const F = RANKER_FEATURES.length;
    const n = 400;
    const x = new Float64Array(n * F);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < F; j++) x[i * F + j] = j === 5 ? 2 : rng() * (j + 1);
      y[i] = rng() < 1 / (1 + Math.exp(-(2 * (x[i * F] as number) - (x[i * F + 1] as number)))) ? 1 : 0;
    }
    const l2 = 1;
    const fit = logisticRegression(x, y, l2);
    expect(fit.coefficients[5]).toBe(0); // no spread, no coefficient
    expect(fit.coefficients[0]).toBeGreaterThan(0);
    expect(fit.coefficients[1]).toBeLessThan(0);
    const grad = new Float64Array(F + 1);
    for (let i = 0; i < n; i++) {
      let eta = fit.intercept;
      const z: number[] = [];
      for (let j = 0; j < F; j++) {
        z[j] = ((x[i * F + j] as number) - (fit.mean[j] as number)) / (fit.sd[j] as number);
        eta += (fit.coefficients[j] as number) * (z[j] as number);
      }
      const r = (y[i] as number) - 1 / (1 + Math.exp(-eta));
      for (let j = 0; j < F; j++) grad[j]! += r * (z[j] as number);
      grad[F]! += r;
    }
    for (let j = 0; j < F; j++)
      if (j !== 5)
        expect(Math.abs((grad[j] as number) - l2 * (fit.coefficients[j] as number))).toBeLessThan(1e-6);
    expect(Math.abs(grad[F] as number)).toBeLessThan(1e-6);
  });
});
