/**
 * The centrality report: one row per business with every metric of analysis/metrics under
 * networkx's conventions (docs/metrics.md), in a fixed column order, sortable and rankable by
 * any column. Rows are plain data; formatting lives in format.ts.
 */
import type Graph from 'graphology';
import { InvalidInputError } from '../errors.ts';
import type { Csr } from '../metrics/csr.ts';
import { runToEnd } from '../steps.ts';

export const REPORT_COLUMNS = [
  'id',
  'name',
  'sector',
  'community',
  'degree',
  'weighted_degree',
  'betweenness',
  'closeness',
  'eigenvector',
  'pagerank',
  'clustering',
  'core',
  'constraint',
  'effective_size',
  'reach_2',
] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];
export const METRIC_COLUMNS = REPORT_COLUMNS.slice(4) as Exclude<
  ReportColumn,
  'id' | 'name' | 'sector' | 'community'
>[];
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

export interface CentralityRow {
  id: string;
  name: string;
  sector: string | null;
  community: number;
  degree: number;
  weighted_degree: number;
  betweenness: number;
  /** Null when betweenness is sampled and this business was not a source. */
  closeness: number | null;
  eigenvector: number;
  pagerank: number;
  clustering: number;
  core: number;
  /** Null for isolated businesses. */
  constraint: number | null;
  effective_size: number | null;
  reach_2: number;
}

/** Per-node metric arrays (indexed as the CSR) from which the rows are assembled. */
export interface MetricArrays {
  communities: Record<string, number>;
  degree: Float64Array;
  weightedDegree: Float64Array;
  betweenness: Float64Array;
  closeness: Float64Array;
  eigenvector: Float64Array;
  pagerank: Float64Array;
  clustering: Float64Array;
  core: Float64Array;
  constraint: Float64Array;
  effectiveSize: Float64Array;
  reach2: Float64Array;
}

/** One row per business, in the graph's node order; NaN becomes null. */
export function buildRows(graph: Graph, csr: Csr, m: MetricArrays): CentralityRow[] {
  const nullable = (x: number) => (Number.isNaN(x) ? null : x);
  return csr.ids.map((id, i) => {
    const sector = graph.getNodeAttribute(id, 'sector') as unknown;
    return {
      id,
      name: String((graph.getNodeAttribute(id, 'name') as unknown) ?? id),
      sector: typeof sector === 'string' ? sector : null,
      community: m.communities[id] ?? 0,
      degree: m.degree[i] as number,
      weighted_degree: m.weightedDegree[i] as number,
      betweenness: m.betweenness[i] as number,
      closeness: nullable(m.closeness[i] as number),
      eigenvector: m.eigenvector[i] as number,
      pagerank: m.pagerank[i] as number,
      clustering: m.clustering[i] as number,
      core: m.core[i] as number,
      constraint: nullable(m.constraint[i] as number),
      effective_size: nullable(m.effectiveSize[i] as number),
      reach_2: m.reach2[i] as number,
    };
  });
}

/** Rows sorted by a column: numbers largest first, text A→Z; ties by id. */
export function sortRows(rows: CentralityRow[], column: string, direction?: 'asc' | 'desc'): CentralityRow[] {
  if (!(REPORT_COLUMNS as readonly string[]).includes(column)) {
    throw new InvalidInputError(
      `Cannot sort by "${column}"; use one of: ${REPORT_COLUMNS.join(', ')}`,
      'sort',
    );
  }
  const key = column as ReportColumn;
  const numeric = key !== 'id' && key !== 'name' && key !== 'sector';
  const dir = (direction ?? (numeric ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    if (va === vb) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    const cmp =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return cmp * dir || (a.id < b.id ? -1 : 1);
  });
}

/** 1-based rank of every business on each metric (largest first; ties share a rank). */
export function rankRows(rows: CentralityRow[]): Map<string, Record<MetricColumn, number>> {
  return runToEnd(rankRowsSteps(rows));
}

/** `rankRows`, pausing (yielding) after each metric, for callers that run it in slices. */
export function* rankRowsSteps(
  rows: CentralityRow[],
): Generator<void, Map<string, Record<MetricColumn, number>>, void> {
  const ranks = new Map<string, Record<MetricColumn, number>>();
  for (const row of rows) ranks.set(row.id, {} as Record<MetricColumn, number>);
  for (const column of METRIC_COLUMNS) {
    yield;
    // Lower constraint = more brokerage, so it ranks ascending.
    const sorted = sortRows(rows, column, column === 'constraint' ? 'asc' : 'desc');
    let rank = 0;
    let previous: number | null | undefined;
    sorted.forEach((row, i) => {
      if (row[column] !== previous) rank = i + 1;
      previous = row[column];
      (ranks.get(row.id) as Record<MetricColumn, number>)[column] = rank;
    });
  }
  return ranks;
}
