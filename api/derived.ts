/**
 * Derived data of a snapshot, computed once and kept as its named results (`Snapshot.results`): the network structure
 * (communities and constraint, in a worker thread), the partnering index built on it, the full
 * network analysis (in another worker), ranks per metric, and the business search index.
 * Partnering (suggestions, questions, consortia) needs only the structure, never the report's
 * betweenness and closeness: on a 20k-business network the structure takes about a second,
 * the report tens of seconds.
 */
import {
  buildPartneringIndexSteps,
  indexCsr,
  withStructure,
  type PartneringIndex,
} from '../analysis/partnering/partnering-index.ts';
import { buildSearchIndex, type SearchEntry } from '../analysis/search/business-search.ts';
import {
  rankRowsSteps,
  type CentralityRow,
  type MetricColumn,
  type NetworkAnalysis,
} from '../analysis/report/network-analysis.ts';
import {
  chooseCutYear,
  defaultModel,
  fitRankerSteps,
  noHistoryModel,
  type RankerModel,
} from '../analysis/partnering/ranker.ts';
import type { NetworkStructure } from '../analysis/partnering/structure.ts';
import { analyseWithEngine, localEngine, structureWithEngine } from './analytics-engine.ts';
import { runStructureOfCsr } from '../compute/run-structure.ts';
import { runInSlices } from '../compute/slices.ts';
import { once, type Snapshot } from './snapshot.ts';

/** Networks larger than this get betweenness from a seeded sample of sources. */
export const EXACT_BETWEENNESS_LIMIT = 30_000;
export const BETWEENNESS_SAMPLES = 2_000;

/** The snapshot's engine (api/analytics-engine.ts); local unless ANALYTICS_ENGINE says otherwise. */
const engineOf = (s: Snapshot) => s.engine ?? localEngine();

/**
 * The report and summary, by the snapshot's engine. Betweenness is sampled the same way on
 * either engine past EXACT_BETWEENNESS_LIMIT (GDS's exact Brandes is O(nm) as well).
 */
export function analysisOf(s: Snapshot): Promise<NetworkAnalysis> {
  return once(s, 'analysis', async () => {
    // The report reuses the snapshot's communities (computed once, with the same seed).
    const { communityAt, modularity, communities: count, communitiesBy } = await structureOf(s);
    return analyseWithEngine(s.graph, engineOf(s), {
      ...(s.graph.order > EXACT_BETWEENNESS_LIMIT && { betweennessSamples: BETWEENNESS_SAMPLES }),
      communities: { communityAt, modularity, count, by: communitiesBy ?? 'local' },
      snapshot: s.id,
    });
  });
}

export interface RowsById {
  rows: Map<string, CentralityRow>;
  ranks: Map<string, Record<MetricColumn, number>>;
}

export function rowsOf(s: Snapshot): Promise<RowsById> {
  return once(s, 'rows', async () => {
    const analysis = await analysisOf(s);
    // In slices of the event loop: ranking 100 000 businesses by 12 metrics takes a while.
    const ranks = await runInSlices(rankRowsSteps(analysis.rows));
    return { rows: new Map(analysis.rows.map((r) => [r.id, r])), ranks };
  });
}

/** Communities and constraint of the snapshot, by position in `graph.nodes()`. */
export function structureOf(s: Snapshot): Promise<NetworkStructure> {
  return once(s, 'structure', () => structureWithEngine(s.graph, engineOf(s), { snapshot: s.id }));
}

export function partneringOf(s: Snapshot): Promise<PartneringIndex> {
  return once(s, 'partnering', async () => {
    // The index builds here (in slices) while the structure is computed in its worker.
    const [structure, index] = await Promise.all([
      structureOf(s),
      runInSlices(buildPartneringIndexSteps(s.graph)),
    ]);
    const full = withStructure(index, structure);
    // The ranker is fitted in the background, off the request path: until it lands, answers
    // use the documented defaults and say so (ranker.kind 'default', with the reason).
    full.ranker = defaultModel(
      'the ranker of this snapshot is still being learned from its history; documented defaults meanwhile',
    );
    // Suggestion answers change when it lands: the revision moves every ETag on (http-policies.ts).
    const land = (model: RankerModel) => {
      full.ranker = model;
      s.revision += 1;
    };
    void once(s, 'ranker', () => rankerOf(full)).then(land, () =>
      land(defaultModel('fitting the ranker failed (see the service log); documented defaults')),
    );
    return full;
  });
}

/** The snapshot's fitted ranker, once learned (starts partnering if need be). */
export async function rankerModelOf(s: Snapshot): Promise<RankerModel> {
  await partneringOf(s);
  return once(s, 'ranker', () => {
    throw new Error('the ranker fit was not started');
  });
}

/**
 * Fit the suggestion ranker on the snapshot's history (analysis/partnering/ranker.ts): the
 * past index in slices, its communities and constraint in a worker, the fit in slices.
 */
async function rankerOf(full: PartneringIndex): Promise<RankerModel> {
  const cut = chooseCutYear(full);
  if (cut === null) return noHistoryModel();
  const past = await runInSlices(buildPartneringIndexSteps(full.graph, { until: cut }));
  const structure = await runStructureOfCsr(indexCsr(past));
  return runInSlices(fitRankerSteps(full, withStructure(past, structure), cut));
}

/**
 * Start a snapshot's background derivations: partnering first (it is quick and answers the
 * most frequent questions), then the full analysis, so the report's shortest-path pass over
 * every core does not slow the partnering index down.
 */
export function warmSnapshot(s: Snapshot, onError: (what: string, err: unknown) => void): void {
  const partnering = partneringOf(s).catch((err: unknown) => onError('partnering', err));
  void partnering.then(() => analysisOf(s).catch((err: unknown) => onError('metrics', err)));
}

/** The business search index (analysis/search/business-search.ts), built once per snapshot. */
export function searchIndexOf(s: Snapshot): Promise<SearchEntry[]> {
  return once(s, 'search', () => buildSearchIndex(s.graph));
}
