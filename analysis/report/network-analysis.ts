/**
 * The centrality report and the network summary, computed together from one compact form of
 * the graph and one breadth-first pass per source. Conventions follow networkx's defaults so
 * an analyst can compare figures (docs/metrics.md): betweenness and closeness on hops,
 * eigenvector unweighted, PageRank weighted, clustering/constraint/effective size unweighted.
 */
import type Graph from 'graphology';
import { InvalidInputError } from '../errors.ts';
import { createRng } from '../rng.ts';
import { detectCommunities } from '../metrics/communities.ts';
import { toCsr, type Csr } from '../metrics/csr.ts';
import { degrees, weightedDegrees } from '../metrics/degree.ts';
import { clustering, coreNumbers, reach2, structuralHoles } from '../metrics/local-structure.ts';
import { accumulatePaths, chooseSources, finishPaths, type PathPartial } from '../metrics/paths.ts';
import { eigenvector, pagerank } from '../metrics/spectral.ts';

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
  closeness: number;
  eigenvector: number;
  pagerank: number;
  clustering: number;
  core: number;
  /** Null for isolated businesses. */
  constraint: number | null;
  effective_size: number | null;
  reach_2: number;
}

export interface NetworkSummary {
  businesses: number;
  collaborations: number;
  density: number;
  components: number;
  isolated: number;
  largestComponentShare: number;
  /** Of the largest component, on hops (estimated when betweenness is sampled). */
  diameter: number | null;
  averageShortestPath: number | null;
  averageClustering: number;
  modularity: number;
  communities: number;
  degreeAssortativity: number | null;
  /** Share of collaborations between businesses of different sectors (both known). */
  crossSectorShare: number | null;
}

export interface AnalysisParameters {
  seed: number;
  /** 'exact', or the number of sampled sources. */
  betweenness: 'exact' | number;
}

export interface NetworkAnalysis {
  rows: CentralityRow[];
  summary: NetworkSummary;
  parameters: AnalysisParameters;
}

export const ANALYSIS_DEFAULTS = {
  /** Seed of Louvain and of the betweenness sample. */
  seed: 42,
  /** Sample this many sources for betweenness; undefined = exact. */
  betweennessSamples: undefined as number | undefined,
};

export interface AnalysisOptions {
  seed?: number;
  betweennessSamples?: number;
  /**
   * Path statistics already accumulated elsewhere (worker threads) over the sources given by
   * `pathSources`; when absent they are computed here.
   */
  paths?: PathPartial;
}

/** The sources the betweenness pass uses for these options (all nodes when exact). */
export function pathSources(
  n: number,
  options: Pick<AnalysisOptions, 'seed' | 'betweennessSamples'> = {},
): Int32Array {
  const seed = options.seed ?? ANALYSIS_DEFAULTS.seed;
  return chooseSources(n, options.betweennessSamples, createRng(seed ^ 0x5bd1e995));
}

/** Compute every metric of the report and the summary. Pure; the graph is not modified. */
export function analyseNetwork(graph: Graph, options: AnalysisOptions = {}): NetworkAnalysis {
  const seed = options.seed ?? ANALYSIS_DEFAULTS.seed;
  const samples = options.betweennessSamples;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 1)) {
    throw new InvalidInputError(
      `betweennessSamples must be a whole number of at least 1 (got ${samples})`,
      'betweennessSamples',
    );
  }
  const csr = toCsr(graph);
  const n = csr.ids.length;
  const partial =
    options.paths ??
    accumulatePaths(
      csr,
      pathSources(n, { seed, ...(samples !== undefined && { betweennessSamples: samples }) }),
    );
  const paths = finishPaths(partial, n);
  const deg = degrees(csr);
  const strength = weightedDegrees(csr);
  const pr = pagerank(csr);
  const ev = eigenvector(csr);
  const cc = clustering(csr);
  const core = coreNumbers(csr);
  const holes = structuralHoles(csr);
  const reach = reach2(csr);
  const { communities, modularity, count } = detectCommunities(graph, { seed });
  const nullable = (x: number) => (Number.isNaN(x) ? null : x);
  const rows: CentralityRow[] = csr.ids.map((id, i) => ({
    id,
    name: String(graph.getNodeAttribute(id, 'name') ?? id),
    sector: (graph.getNodeAttribute(id, 'sector') as string | undefined) ?? null,
    community: communities[id] ?? 0,
    degree: deg[i] as number,
    weighted_degree: strength[i] as number,
    betweenness: paths.betweenness[i] as number,
    closeness: paths.closeness[i] as number,
    eigenvector: ev[i] as number,
    pagerank: pr[i] as number,
    clustering: cc[i] as number,
    core: core[i] as number,
    constraint: nullable(holes.constraint[i] as number),
    effective_size: nullable(holes.effectiveSize[i] as number),
    reach_2: reach[i] as number,
  }));
  const summary = summarise(graph, csr, partial, deg, cc, modularity, count);
  return {
    rows,
    summary,
    parameters: { seed, betweenness: samples === undefined || samples >= n ? 'exact' : samples },
  };
}

function summarise(
  graph: Graph,
  csr: Csr,
  partial: PathPartial,
  deg: Float64Array,
  cc: Float64Array,
  modularity: number,
  communities: number,
): NetworkSummary {
  const n = csr.ids.length;
  const m = graph.size;
  // Components by union of BFS labels.
  const label = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const queue = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1) continue;
    const c = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    label[s] = c;
    while (head < tail) {
      const v = queue[head++] as number;
      for (let k = csr.offsets[v] as number; k < (csr.offsets[v + 1] as number); k++) {
        const w = csr.targets[k] as number;
        if (label[w] === -1) {
          label[w] = c;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  let largest = 0;
  sizes.forEach((size, c) => {
    if (size > (sizes[largest] ?? 0)) largest = c;
  });
  const largestSize = sizes[largest] ?? 0;
  let diameter = 0;
  let distTotal = 0;
  let sampled = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] !== largest || Number.isNaN(partial.reachable[i])) continue;
    sampled++;
    diameter = Math.max(diameter, partial.eccentricity[i] as number);
    distTotal += partial.distanceSum[i] as number;
  }
  let x = 0;
  let x2 = 0;
  let xy = 0;
  let ends = 0;
  let crossing = 0;
  let known = 0;
  graph.forEachEdge((_e, _a, source, target) => {
    const a = deg[csr.index.get(source) as number] as number;
    const b = deg[csr.index.get(target) as number] as number;
    x += a + b;
    x2 += a * a + b * b;
    xy += 2 * a * b;
    ends += 2;
    const sa = graph.getNodeAttribute(source, 'sector') as string | undefined;
    const sb = graph.getNodeAttribute(target, 'sector') as string | undefined;
    if (sa !== undefined && sb !== undefined) {
      known++;
      if (sa !== sb) crossing++;
    }
  });
  const mean = ends > 0 ? x / ends : 0;
  const variance = ends > 0 ? x2 / ends - mean * mean : 0;
  const assortativity = variance > 1e-12 ? (xy / ends - mean * mean) / variance : null;
  let ccSum = 0;
  for (let i = 0; i < n; i++) ccSum += cc[i] as number;
  return {
    businesses: n,
    collaborations: m,
    density: n > 1 ? (2 * m) / (n * (n - 1)) : 0,
    components: sizes.length,
    isolated: sizes.filter((s) => s === 1).length,
    largestComponentShare: n > 0 ? largestSize / n : 0,
    diameter: largestSize > 1 && sampled > 0 ? diameter : null,
    averageShortestPath: largestSize > 1 && sampled > 0 ? distTotal / (sampled * (largestSize - 1)) : null,
    averageClustering: n > 0 ? ccSum / n : 0,
    modularity,
    communities,
    degreeAssortativity: assortativity,
    crossSectorShare: known > 0 ? crossing / known : null,
  };
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
  const ranks = new Map<string, Record<MetricColumn, number>>();
  for (const row of rows) ranks.set(row.id, {} as Record<MetricColumn, number>);
  for (const column of METRIC_COLUMNS) {
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
