/**
 * Derived data of a snapshot, computed once and cached on it: the network analysis (in a
 * worker thread), ranks per metric, the partnering index, and the business search index.
 */
import { buildPartneringIndexSteps, type PartneringIndex } from '../analysis/partnering/partnering-index.ts';
import {
  rankRowsSteps,
  type CentralityRow,
  type MetricColumn,
  type NetworkAnalysis,
} from '../analysis/report/network-analysis.ts';
import { runAnalysis } from './compute/run-analysis.ts';
import { runInSlices } from './compute/slices.ts';
import { cached, type Snapshot } from './snapshot.ts';

/** Networks larger than this get betweenness from a seeded sample of sources. */
export const EXACT_BETWEENNESS_LIMIT = 30_000;
export const BETWEENNESS_SAMPLES = 2_000;

export function analysisOf(s: Snapshot): Promise<NetworkAnalysis> {
  return cached(s, 'analysis', () =>
    runAnalysis(
      s.graph,
      s.graph.order > EXACT_BETWEENNESS_LIMIT ? { betweennessSamples: BETWEENNESS_SAMPLES } : {},
    ),
  );
}

export interface RowsById {
  rows: Map<string, CentralityRow>;
  ranks: Map<string, Record<MetricColumn, number>>;
}

export function rowsOf(s: Snapshot): Promise<RowsById> {
  return cached(s, 'rows', async () => {
    const analysis = await analysisOf(s);
    // In slices of the event loop: ranking 100 000 businesses by 12 metrics takes a while.
    const ranks = await runInSlices(rankRowsSteps(analysis.rows));
    return { rows: new Map(analysis.rows.map((r) => [r.id, r])), ranks };
  });
}

export function partneringOf(s: Snapshot): Promise<PartneringIndex> {
  return cached(s, 'partnering', async () => {
    const analysis = await analysisOf(s);
    const communities: Record<string, number> = {};
    const constraint: Record<string, number | null> = {};
    for (const r of analysis.rows) {
      communities[r.id] = r.community;
      constraint[r.id] = r.constraint;
    }
    return runInSlices(buildPartneringIndexSteps(s.graph, { communities, constraint }));
  });
}

/** Lower-cased, accent-free text for search. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The default locale's order, as `localeCompare` (one collator: much faster than one per call). */
const collator = new Intl.Collator();

export interface SearchEntry {
  id: string;
  name: string;
  folded: string;
  words: string[];
}

export function searchIndexOf(s: Snapshot): Promise<SearchEntry[]> {
  return cached(s, 'search', () =>
    s.graph
      .mapNodes((id, a) => {
        const folded = fold(a.name);
        return { id, name: a.name, folded, words: folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean) };
      })
      .sort((a, b) => collator.compare(a.folded, b.folded) || (a.id < b.id ? -1 : 1)),
  );
}
