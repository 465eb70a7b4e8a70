/**
 * Diagnostic (issue 16): on the development split of the CORDIS networks, how many of the true
 * new partners are inside the ranker's candidate set at all, and how far away they were; and
 * an in-sample reference for a linear model on the ranker's features: the same logistic
 * regression fitted on the answers themselves (every candidate of every evaluated business,
 * labelled by the truth), then used to rank those same candidates. It is no strict bound (the
 * loss is not precision@10; the shipped ranker, fitted on sampled negatives, can score above it),
 * but it shows how much these features carry linearly when the fit sees the truth.
 * `node --import tsx scripts/diagnose-candidates.ts [--dev-share S]`. Reads nothing after the
 * outer split year. Source: CORDIS, © European Union.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildGraph } from '../analysis/build-graph.ts';
import { chooseSplitYear, futurePairs, newPartnersByBusiness } from '../analysis/evaluation/backtest.ts';
import { buildPartneringIndex } from '../analysis/partnering/partnering-index.ts';
import {
  candidateFeatures,
  logisticRegression,
  RANKER_DEFAULTS,
  RANKER_FEATURES,
} from '../analysis/partnering/ranker.ts';
import { computeStructure } from '../analysis/partnering/structure.ts';
import { topRowsByScore } from '../analysis/partnering/top-k.ts';
import { convertCordis, type CordisInput } from '../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../data/cordis/read-cordis.ts';

const SHARED = resolve(import.meta.dirname, '../../shared/data');
const { values } = parseArgs({ options: { 'dev-share': { type: 'string' } } });
const devShare = values['dev-share'] === undefined ? undefined : Number(values['dev-share']);

async function inputs(): Promise<[string, CordisInput][]> {
  const ev = join(SHARED, 'cordis-semiconductor-ev');
  const h = join(SHARED, 'cordis-h2020-slice-2023');
  return [
    [
      'semiconductors-EV',
      {
        participations: (await readCordisFile(join(ev, 'organization.json'))).rows,
        participationsFile: 'organization.json',
        projects: (await readCordisFile(join(ev, 'project.json'))).rows,
        projectsFile: 'project.json',
      },
    ],
    [
      'H2020',
      {
        participations: (await readCordisFile(join(h, 'h2020_organizations_out_formatted_latest.csv'))).rows,
        participationsFile: 'h2020_organizations_out_formatted_latest.csv',
        topics: (await readCordisFile(join(h, 'h2020_topics_out.csv'))).rows,
        topicsFile: 'h2020_topics_out.csv',
      },
    ],
  ];
}

for (const [name, input] of await inputs()) {
  const outer = chooseSplitYear(convertCordis(input).records);
  const full = convertCordis(input, { until: outer }).records;
  const year = chooseSplitYear(full, devShare);
  const train = convertCordis(input, { until: year }).records;
  const graph = buildGraph(train);
  const index = buildPartneringIndex(graph, { structure: computeStructure(graph) });
  const truth = newPartnersByBusiness(futurePairs(full, year, new Set(graph.nodes())));
  const counts = { pairs: 0, inCandidates: 0, d2: 0, d3: 0, farther: 0, isolated: 0, candidates: 0 };
  const { offsets, targets } = index.neighbours;
  const F = RANKER_FEATURES.length;
  const aaAt = RANKER_FEATURES.indexOf('adamicAdar');
  const oracle: number[] = [];
  const aaP: number[] = [];
  const kept: { ids: string[]; x: Float64Array; actual: Set<string> }[] = [];
  for (const [u, actual] of truth) {
    const self = index.position.get(u) as number;
    const set = candidateFeatures(index, self, { viewer: 'analyst', includeExisting: false });
    kept.push({
      ids: Array.from(set.positions, (p) => index.ids[p] as string),
      x: Float64Array.from(set.x),
      actual,
    });
    const cands = new Set(Array.from(set.positions, (p) => index.ids[p] as string));
    let inside = 0;
    for (const v of actual) if (cands.has(v)) inside++;
    oracle.push(Math.min(10, inside) / 10);
    const rows = Array.from(
      set.positions,
      (p, r) => [index.ids[p] as string, set.x[r * F + aaAt] as number] as const,
    )
      .filter(([, a]) => a > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10);
    aaP.push(rows.filter(([id]) => actual.has(id)).length / 10);
    counts.candidates += cands.size;
    // BFS to depth 3
    const dist = new Map<number, number>([[self, 0]]);
    let frontier = [self];
    for (let d = 1; d <= 3; d++) {
      const next: number[] = [];
      for (const x of frontier)
        for (let k = offsets[x] as number; k < (offsets[x + 1] as number); k++) {
          const y = targets[k] as number;
          if (!dist.has(y)) {
            dist.set(y, d);
            next.push(y);
          }
        }
      frontier = next;
    }
    for (const v of actual) {
      counts.pairs++;
      if (cands.has(v)) counts.inCandidates++;
      const p = index.position.get(v) as number;
      const dv = (offsets[p + 1] as number) - (offsets[p] as number);
      const d = dist.get(p);
      if (dv === 0) counts.isolated++;
      else if (d === 2) counts.d2++;
      else if (d === 3) counts.d3++;
      else counts.farther++;
    }
  }
  const reference = inSampleLinearReference(kept, F);
  console.log(
    `${name} dev split ${year} (outer ${outer}): ${truth.size} businesses, ${counts.pairs} truth (directed) pairs; ` +
      `in candidate set ${counts.inCandidates} (${((100 * counts.inCandidates) / counts.pairs).toFixed(1)}%); ` +
      `distance 2: ${counts.d2}, distance 3: ${counts.d3}, farther/unreached: ${counts.farther}, no partner by T: ${counts.isolated}; ` +
      `mean candidates ${(counts.candidates / truth.size).toFixed(0)} of ${graph.order}; ` +
      `oracle precision@10 inside the candidate set ${mean(oracle).toFixed(3)}; ` +
      `Adamic–Adar precision@10 ${mean(aaP).toFixed(3)} ± ${se(aaP).toFixed(3)} (standard error over businesses); ` +
      `in-sample linear reference (logistic regression fitted on the truth, λ ${RANKER_DEFAULTS.l2}) ${mean(reference).toFixed(3)} ± ${se(reference).toFixed(3)}`,
  );
}

/** Fit the ranker's logistic regression on the truth of `queries` and score its top 10 on them. */
function inSampleLinearReference(
  queries: { ids: string[]; x: Float64Array; actual: Set<string> }[],
  F: number,
) {
  const n = queries.reduce((s, q) => s + q.ids.length, 0);
  const x = new Float64Array(n * F);
  const y = new Float64Array(n);
  let at = 0;
  for (const q of queries) {
    x.set(q.x, at * F);
    q.ids.forEach((id, r) => (y[at + r] = q.actual.has(id) ? 1 : 0));
    at += q.ids.length;
  }
  const fit = logisticRegression(x, y, RANKER_DEFAULTS.l2);
  return queries.map((q) => {
    const scores = q.ids.map((_, r) => {
      let s = 0;
      for (let j = 0; j < F; j++)
        s +=
          ((fit.coefficients[j] as number) * ((q.x[r * F + j] as number) - (fit.mean[j] as number))) /
          (fit.sd[j] as number);
      return s;
    });
    const top = topRowsByScore(q.ids.length, scores, (r) => q.ids[r] as string, 10);
    return top.filter((r) => q.actual.has(q.ids[r] as string)).length / 10;
  });
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}
function se(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(
    xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1) / Math.max(1, xs.length),
  );
}
