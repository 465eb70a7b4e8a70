/**
 * Betweenness centrality on hops (unweighted), as networkx's
 * `betweenness_centrality(G, normalized=True)`: Brandes 2001, "A faster algorithm for
 * betweenness centrality", one breadth-first search per source over the compact arrays, each
 * level searched top-down or bottom-up, whichever scans fewer arcs (`accumulatePaths`).
 *
 * The same search yields each source's distance sum, reach and eccentricity, which closeness
 * (closeness.ts) and the summary's diameter and average path use, so the report runs it once.
 *
 * Exact runs skip degree-1 businesses (leaves) as sources: a leaf s hanging off p sees every
 * other business through p, so its dependencies equal p's, plus (component size − 2) on p
 * itself (the leaf reduction of Baglioni et al. 2012, "Fast exact computation of betweenness
 * centrality in social networks", first level only). p's search is counted once per leaf and
 * the leaf's distance statistics are derived from p's. The searches do not visit such leaves
 * as targets either: each is counted on p (`detachLeaves`). Predecessors are recorded during
 * the search, so the backward sweep reads them only, not every neighbour. Sampled runs (k seeded sources, scaled
 * by n/k as networkx's `k=`) estimate betweenness; docs/metrics.md gives the error.
 *
 * `accumulatePaths` covers any subset of sources, so compute splits the sources across
 * worker threads and `mergePaths` adds the partial sums.
 */
import type Graph from 'graphology';
import { InvalidInputError } from '../errors.ts';
import { createRng, type Rng } from '../rng.ts';
import { toCsr, toRecord, type Csr } from './csr.ts';

/**
 * The adjacency a shortest-path pass walks: the compact graph, with the skipped leaves
 * detached and counted on their neighbour instead (`leafCount`), so searches never visit them.
 */
export interface PathGraph {
  offsets: Int32Array;
  targets: Int32Array;
  /** Per node: detached leaves hanging off it (absent: none). */
  leafCount?: Int32Array;
}

/** Sources of a shortest-path pass: which to search, and how many times each one counts. */
export interface SourcePlan {
  /** What the searches walk (the leaves of an exact run detached). */
  graph: PathGraph;
  sources: Int32Array;
  /** Per source (same order): 1 + the leaves it stands for. */
  multiplicity: Float64Array;
  /** Per node: the neighbour a skipped leaf takes its statistics from, or −1. */
  leafParent: Int32Array;
  /** Betweenness is estimated from a sample of sources. */
  sampled: boolean;
}

/** Raw sums of a shortest-path pass over some sources. */
export interface PathPartial {
  /** Brandes dependencies summed over the sources (each pair counted from both ends). */
  betweenness: Float64Array;
  /** Per searched source: sum of distances to the nodes it reaches (NaN if not searched). */
  distanceSum: Float64Array;
  /** Per searched source: nodes reached, itself included (NaN if not searched). */
  reachable: Float64Array;
  /** Per searched source: largest distance (NaN if not searched). */
  eccentricity: Float64Array;
}

export const BETWEENNESS_DEFAULTS = {
  /** Seed of the source sample (sampling only happens when `samples` is given). */
  seed: 42,
} as const;

/** Salt so the source sample and Louvain draw different streams from one seed. */
const SAMPLE_SALT = 0x5bd1e995;

/**
 * The sources to search: every node except skippable leaves (exact), or `samples` distinct
 * nodes drawn with the seeded rng (sampled; no leaf reduction so the estimate stays unbiased).
 */
export function planSources(csr: Csr, options: { samples?: number; seed?: number } = {}): SourcePlan {
  const n = csr.ids.length;
  const { offsets, targets } = csr;
  const samples = options.samples;
  const leafParent = new Int32Array(n).fill(-1);
  if (samples !== undefined) {
    if (!Number.isInteger(samples) || samples < 1)
      throw new InvalidInputError(
        `the betweenness sample must be a whole number of at least 1 (got ${samples})`,
        'samples',
      );
    if (samples < n) {
      const seed = options.seed ?? BETWEENNESS_DEFAULTS.seed;
      const sources = sampleIndices(n, samples, createRng(seed ^ SAMPLE_SALT));
      const graph = { offsets, targets };
      return { graph, sources, multiplicity: new Float64Array(samples).fill(1), leafParent, sampled: true };
    }
  }
  const count = new Float64Array(n).fill(1);
  let kept = n;
  for (let s = 0; s < n; s++) {
    if ((offsets[s + 1] as number) - (offsets[s] as number) !== 1) continue;
    const p = targets[offsets[s] as number] as number;
    // A pair of leaves (a two-business component) keeps both as sources.
    if ((offsets[p + 1] as number) - (offsets[p] as number) < 2) continue;
    leafParent[s] = p;
    count[s] = 0;
    count[p] = (count[p] as number) + 1;
    kept--;
  }
  const sources = new Int32Array(kept);
  const multiplicity = new Float64Array(kept);
  for (let i = 0, j = 0; i < n; i++)
    if ((count[i] as number) > 0) {
      sources[j] = i;
      multiplicity[j++] = count[i] as number;
    }
  return { graph: detachLeaves(csr, leafParent), sources, multiplicity, leafParent, sampled: false };
}

/**
 * The adjacency without the skipped leaves: a leaf is reached from any source only through its
 * neighbour p, one step further, by as many paths as p, and lies on no other path; so the
 * search counts it on p (distance, reach, and 1 of p's dependency) instead of visiting it.
 */
export function detachLeaves(csr: Pick<Csr, 'offsets' | 'targets'>, leafParent: Int32Array): PathGraph {
  const n = leafParent.length;
  const { offsets, targets } = csr;
  const leafCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = leafParent[i] as number;
    if (p >= 0) leafCount[p] = (leafCount[p] as number) + 1;
  }
  const kept = new Int32Array(n + 1);
  const out = new Int32Array(targets.length);
  let e = 0;
  for (let v = 0; v < n; v++) {
    if ((leafParent[v] as number) < 0)
      for (let k = offsets[v] as number, end = offsets[v + 1] as number; k < end; k++) {
        const w = targets[k] as number;
        if ((leafParent[w] as number) < 0) out[e++] = w;
      }
    kept[v + 1] = e;
  }
  return { offsets: kept, targets: out.slice(0, e), leafCount };
}

/** `k` distinct indices of [0, n), sorted, by a partial Fisher–Yates shuffle. */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  return all.slice(0, take).sort();
}

/**
 * Brandes dependencies and BFS statistics from each of `sources`, each counted
 * `multiplicity[i]` times (default 1), over `graph` (a plan's `graph`, or any compact graph).
 * Pure; allocates O(n + m) once for all sources.
 *
 * Each search runs level by level and picks, per level, the cheaper direction (Beamer, Asanović
 * & Patterson 2012, "Direction-optimizing breadth-first search"): top-down scans the arcs of the
 * frontier; bottom-up scans the arcs of the businesses not reached yet and takes as
 * predecessors those on the frontier. Bottom-up cannot stop at the first frontier neighbour as
 * plain BFS does (σ needs them all), so it pays only when the unreached arcs are fewer than the
 * frontier's, as in the middle levels of a dense, small-world network; both directions find
 * the same levels, σ and predecessors, so the result is Brandes' either way. Each node's
 * predecessors are kept in its own slice of the adjacency (it has no more predecessors than
 * neighbours), so the backward sweep reads predecessors only instead of every neighbour.
 */
export function accumulatePaths(
  graph: PathGraph,
  sources: ArrayLike<number>,
  multiplicity?: ArrayLike<number>,
): PathPartial {
  const { order: layout, rank, start } = layoutByComponent(graph);
  const relabelled = relabel(graph, layout, rank);
  const own = Int32Array.from(sources, (s) => rank[s] as number);
  const partial = accumulateInLayout(relabelled, start, own, multiplicity);
  const back = (values: Float64Array) =>
    Float64Array.from(layout, (_v, old) => values[rank[old] as number] as number);
  return {
    betweenness: back(partial.betweenness),
    distanceSum: back(partial.distanceSum),
    reachable: back(partial.reachable),
    eccentricity: back(partial.eccentricity),
  };
}

/** `accumulatePaths` on a graph whose components are the index ranges `start[c] .. start[c+1]`. */
function accumulateInLayout(
  graph: Required<PathGraph>,
  start: Int32Array,
  sources: Int32Array,
  multiplicity?: ArrayLike<number>,
): PathPartial {
  const { offsets, targets, leafCount } = graph;
  const n = offsets.length - 1;
  const betweenness = new Float64Array(n);
  const distanceSum = new Float64Array(n).fill(NaN);
  const reachable = new Float64Array(n).fill(NaN);
  const eccentricity = new Float64Array(n).fill(NaN);
  const sigma = new Float64Array(n);
  // A detached leaf adds 1 to its neighbour's dependency: start each search from those counts.
  const delta = Float64Array.from(leafCount);
  const dist = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const preds = new Int32Array(targets.length);
  const predCount = new Int32Array(n);
  const components = start.length - 1;
  const component = new Int32Array(n);
  const arcs = new Float64Array(components);
  for (let c = 0; c < components; c++) {
    const first = start[c] as number;
    const end = start[c + 1] as number;
    component.fill(c, first, end);
    arcs[c] = (offsets[end] as number) - (offsets[first] as number);
  }
  // The unreached members of the source's component, filled the first time a search goes bottom-up.
  const unreached = new Int32Array(n);
  for (let q = 0; q < sources.length; q++) {
    const s = sources[q] as number;
    const times = multiplicity === undefined ? 1 : (multiplicity[q] as number);
    const c = component[s] as number;
    let tail = 0;
    order[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    let sum = 0;
    let ecc = 0;
    let leaves = 0;
    let remaining = -1;
    let levelStart = 0;
    let level = 0;
    let frontierArcs = (offsets[s + 1] as number) - (offsets[s] as number);
    let unreachedArcs = (arcs[c] as number) - frontierArcs;
    while (levelStart < tail) {
      const levelEnd = tail;
      const next = level + 1;
      for (let i = levelStart; i < levelEnd; i++) {
        const hanging = leafCount[order[i] as number] as number;
        if (hanging > 0) {
          leaves += hanging;
          sum += hanging * next;
          ecc = next;
        }
      }
      let found = 0;
      if (unreachedArcs < frontierArcs) {
        if (remaining < 0) {
          remaining = 0;
          for (let v = start[c] as number, end = start[c + 1] as number; v < end; v++)
            if ((dist[v] as number) === -1) unreached[remaining++] = v;
        }
        let kept = 0;
        for (let i = 0; i < remaining; i++) {
          const w = unreached[i] as number;
          if ((dist[w] as number) !== -1) continue;
          const base = offsets[w] as number;
          const end = offsets[w + 1] as number;
          let sw = 0;
          let count = 0;
          for (let k = base; k < end; k++) {
            const v = targets[k] as number;
            if ((dist[v] as number) === level) {
              sw += sigma[v] as number;
              preds[base + count++] = v;
            }
          }
          if (count > 0) {
            dist[w] = next;
            sigma[w] = sw;
            predCount[w] = count;
            order[tail++] = w;
            found += end - base;
          } else unreached[kept++] = w;
        }
        remaining = kept;
      } else {
        for (let i = levelStart; i < levelEnd; i++) {
          const v = order[i] as number;
          const sv = sigma[v] as number;
          for (let k = offsets[v] as number, end = offsets[v + 1] as number; k < end; k++) {
            const w = targets[k] as number;
            const dw = dist[w] as number;
            if (dw === -1) {
              dist[w] = next;
              sigma[w] = sv;
              order[tail++] = w;
              preds[offsets[w] as number] = v;
              predCount[w] = 1;
              found += (offsets[w + 1] as number) - (offsets[w] as number);
            } else if (dw === next) {
              sigma[w] = (sigma[w] as number) + sv;
              const p = predCount[w] as number;
              preds[(offsets[w] as number) + p] = v;
              predCount[w] = p + 1;
            }
          }
        }
      }
      if (tail > levelEnd) {
        sum += (tail - levelEnd) * next;
        ecc = next;
      }
      frontierArcs = found;
      unreachedArcs -= found;
      levelStart = levelEnd;
      level = next;
    }
    const reached = tail + leaves;
    distanceSum[s] = sum;
    reachable[s] = reached;
    eccentricity[s] = ecc;
    // Dependencies in reverse BFS order, pushed to each node's predecessors.
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i] as number;
      const dw = delta[w] as number;
      const coeff = (1 + dw) / (sigma[w] as number);
      for (let k = offsets[w] as number, end = k + (predCount[w] as number); k < end; k++) {
        const v = preds[k] as number;
        delta[v] = (delta[v] as number) + (sigma[v] as number) * coeff;
      }
      betweenness[w] = (betweenness[w] as number) + times * dw;
    }
    // Each leaf s stands for lies on every path from it, through the source, to the rest.
    if (times > 1) betweenness[s] = (betweenness[s] as number) + (times - 1) * (reached - 2);
    for (let i = 0; i < tail; i++) {
      const v = order[i] as number;
      dist[v] = -1;
      sigma[v] = 0;
      delta[v] = leafCount[v] as number;
    }
  }
  return { betweenness, distanceSum, reachable, eccentricity };
}

/**
 * A breadth-first order of the nodes, component after component, each search started at the
 * component's best-connected node (as Cuthill–McKee): neighbours get nearby indices, so a search
 * reads its arrays in nearby places (about a fifth less time on the benchmark networks), and each
 * component is one index range. `rank[old]` is a node's new index, `order[new]` its old one,
 * component c holds the new indices `start[c] .. start[c+1]`.
 */
function layoutByComponent(graph: PathGraph): { order: Int32Array; rank: Int32Array; start: Int32Array } {
  const { offsets, targets } = graph;
  const n = offsets.length - 1;
  const byDegree = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      (offsets[b + 1] as number) -
        (offsets[b] as number) -
        ((offsets[a + 1] as number) - (offsets[a] as number)) || a - b,
  );
  const rank = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const starts: number[] = [0];
  let tail = 0;
  for (const s of byDegree) {
    if ((rank[s] as number) !== -1) continue;
    let head = tail;
    rank[s] = tail;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++] as number;
      for (let k = offsets[v] as number, end = offsets[v + 1] as number; k < end; k++) {
        const w = targets[k] as number;
        if ((rank[w] as number) === -1) {
          rank[w] = tail;
          order[tail++] = w;
        }
      }
    }
    starts.push(tail);
  }
  return { order, rank, start: Int32Array.from(starts) };
}

/** The graph under new indices (`rank[old]`), each adjacency sorted. */
function relabel(graph: PathGraph, order: Int32Array, rank: Int32Array): Required<PathGraph> {
  const n = order.length;
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(graph.targets.length);
  const leafCount = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const old = order[v] as number;
    const first = graph.offsets[old] as number;
    const end = graph.offsets[old + 1] as number;
    const at = offsets[v] as number;
    for (let k = first; k < end; k++) targets[at + k - first] = rank[graph.targets[k] as number] as number;
    targets.subarray(at, at + end - first).sort();
    offsets[v + 1] = at + end - first;
    leafCount[v] = graph.leafCount === undefined ? 0 : (graph.leafCount[old] as number);
  }
  return { offsets, targets, leafCount };
}

/** Below this many (sources × arcs) the pass is one share: splitting costs more than it saves. */
export const SPLIT_THRESHOLD = 5_000_000;

export interface SourceShare {
  sources: Int32Array;
  multiplicity: Float64Array;
}

/**
 * The planned sources in `threads` interleaved shares, so each gets a similar mix of hubs and
 * leaves; one share when the pass is below `threshold` (sources × arcs) of work. Summing the
 * shares' partials in this order (`mergePaths`) gives the same bits wherever each share runs.
 */
export function shareSources(plan: SourcePlan, threads: number, threshold = SPLIT_THRESHOLD): SourceShare[] {
  const { sources, multiplicity, graph } = plan;
  if (threads <= 1 || sources.length * Math.max(1, graph.targets.length) < threshold)
    return [{ sources, multiplicity }];
  return Array.from({ length: threads }, (_, t) => {
    const pick = (_s: number, i: number) => i % threads === t;
    return { sources: sources.filter(pick), multiplicity: multiplicity.filter(pick) };
  });
}

/**
 * The planned pass, completed (leaves filled in), computed in this thread share after share
 * and summed as the threaded pass sums them (compute/parallel-paths.ts): the same bits as
 * that pass with `threads` threads.
 */
export function runPathsInShares(
  plan: SourcePlan,
  threads: number,
  threshold = SPLIT_THRESHOLD,
): PathPartial {
  const shares = shareSources(plan, threads, threshold);
  const partials = shares.map((share) => accumulatePaths(plan.graph, share.sources, share.multiplicity));
  return completeLeaves(
    plan,
    partials.length === 1 ? (partials[0] as PathPartial) : mergePaths(partials, plan.leafParent.length),
  );
}

/** Sum partial results of disjoint source sets (from several workers) into one. */
export function mergePaths(parts: readonly PathPartial[], n: number): PathPartial {
  const out: PathPartial = {
    betweenness: new Float64Array(n),
    distanceSum: new Float64Array(n).fill(NaN),
    reachable: new Float64Array(n).fill(NaN),
    eccentricity: new Float64Array(n).fill(NaN),
  };
  for (const p of parts) {
    for (let i = 0; i < n; i++) {
      out.betweenness[i] = (out.betweenness[i] as number) + (p.betweenness[i] as number);
      if (!Number.isNaN(p.reachable[i])) {
        out.distanceSum[i] = p.distanceSum[i] as number;
        out.reachable[i] = p.reachable[i] as number;
        out.eccentricity[i] = p.eccentricity[i] as number;
      }
    }
  }
  return out;
}

/**
 * Fill in the distance statistics of skipped leaves from their neighbour p:
 * d(s, x) = d(p, x) + 1 for every x ≠ s, so sum_s = sum_p + reach_p − 2 and ecc_s = ecc_p + 1
 * (p has another neighbour, so its eccentricity is reached away from s). Modifies `partial`.
 */
export function completeLeaves(plan: SourcePlan, partial: PathPartial): PathPartial {
  const { leafParent } = plan;
  for (let s = 0; s < leafParent.length; s++) {
    const p = leafParent[s] as number;
    if (p < 0) continue;
    const r = partial.reachable[p] as number;
    partial.distanceSum[s] = (partial.distanceSum[p] as number) + r - 2;
    partial.reachable[s] = r;
    partial.eccentricity[s] = (partial.eccentricity[p] as number) + 1;
  }
  return partial;
}

/**
 * networkx's normalisation: raw / ((n − 1)(n − 2)) for an undirected graph (its 2/((n−1)(n−2))
 * applied to half the ordered-pair sum), times n / k when estimated from k sources.
 */
export function normaliseBetweenness(partial: PathPartial, plan: SourcePlan): Float64Array {
  const n = partial.betweenness.length;
  const out = new Float64Array(n);
  const scale = n > 2 ? 1 / ((n - 1) * (n - 2)) : 0;
  const sample = plan.sampled && plan.sources.length > 0 ? n / plan.sources.length : 1;
  for (let i = 0; i < n; i++) out[i] = (partial.betweenness[i] as number) * scale * sample;
  return out;
}

/** Path pass in this thread: plan, accumulate, complete. */
export function computePaths(
  csr: Csr,
  options: { samples?: number; seed?: number } = {},
): { plan: SourcePlan; partial: PathPartial } {
  const plan = planSources(csr, options);
  const partial = completeLeaves(plan, accumulatePaths(plan.graph, plan.sources, plan.multiplicity));
  return { plan, partial };
}

/**
 * Normalised betweenness of every business (networkx `betweenness_centrality(G)` on hops), or
 * its estimate from `samples` seeded sources. For big graphs prefer the worker-thread runner
 * in compute, which splits the same pass across cores.
 */
export function computeBetweenness(
  graph: Graph,
  options: { samples?: number; seed?: number } = {},
): Record<string, number> {
  const csr = toCsr(graph);
  const { plan, partial } = computePaths(csr, {
    seed: options.seed ?? BETWEENNESS_DEFAULTS.seed,
    ...(options.samples !== undefined && { samples: options.samples }),
  });
  return toRecord(csr, normaliseBetweenness(partial, plan));
}
