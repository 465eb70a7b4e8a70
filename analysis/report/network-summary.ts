/**
 * The network summary: size, density, connected components and the share in the largest,
 * diameter and average shortest path of the largest component (hops, from the shared
 * shortest-path pass), average clustering, Louvain modularity and community count, degree
 * assortativity (Newman 2002, "Assortative mixing in networks", as networkx's
 * `degree_assortativity_coefficient`) and sector mixing (share of collaborations between
 * businesses of different sectors, among those whose two sectors are known).
 */
import type Graph from 'graphology';
import type { PathPartial } from '../metrics/betweenness.ts';
import type { Csr } from '../metrics/csr.ts';

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

/** Inputs the summary shares with the report (computed once). */
export interface SummaryInputs {
  csr: Csr;
  partial: PathPartial;
  degree: Float64Array;
  clustering: Float64Array;
  modularity: number;
  communities: number;
}

/** Summarise a network. Diameter and average path are estimates when the pass was sampled. */
export function summariseNetwork(graph: Graph, inputs: SummaryInputs): NetworkSummary {
  const { csr, partial, degree: deg, clustering: cc, modularity, communities } = inputs;
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
