/**
 * Error of sampled betweenness (k seeded sources, scaled by n/k) against the exact value on
 * one network, for docs/metrics.md. Per k and seed: max and mean absolute error (normalised
 * betweenness), mean relative error over the exact top 100, and top-10 / top-100 overlap.
 *
 *   node --import tsx bench/betweenness-sampling.ts data/generated/b10k [k1,k2,…] [seeds]
 */
import { computePaths, normaliseBetweenness } from '../analysis/metrics/betweenness.ts';
import { buildGraph } from '../analysis/build-graph.ts';
import { toCsr } from '../analysis/metrics/csr.ts';
import { loadFromPath } from '../data/sources/load-network.ts';

export interface SamplingError {
  k: number;
  seed: number;
  maxAbsError: number;
  meanAbsError: number;
  /** Mean |sampled − exact| / exact over the exact top 100. */
  top100RelativeError: number;
  top10Overlap: number;
  top100Overlap: number;
}

function top(values: Float64Array, count: number): number[] {
  return Array.from(values.keys())
    .sort((a, b) => (values[b] as number) - (values[a] as number) || a - b)
    .slice(0, count);
}

/** Sampled vs exact betweenness on the bundle at `path`. */
export async function benchBetweennessSampling(
  path: string,
  ks: number[] = [100, 500, 2000],
  seeds: number[] = [1, 2, 3],
): Promise<{ businesses: number; collaborations: number; results: SamplingError[] }> {
  const { records } = await loadFromPath(path);
  const graph = buildGraph(records);
  const csr = toCsr(graph);
  const exactPass = computePaths(csr);
  const exact = normaliseBetweenness(exactPass.partial, exactPass.plan);
  const exactTop10 = top(exact, 10);
  const exactTop100 = top(exact, 100);
  const results: SamplingError[] = [];
  for (const k of ks)
    for (const seed of seeds) {
      const pass = computePaths(csr, { samples: k, seed });
      const est = normaliseBetweenness(pass.partial, pass.plan);
      let max = 0;
      let sum = 0;
      for (let i = 0; i < est.length; i++) {
        const e = Math.abs((est[i] as number) - (exact[i] as number));
        max = Math.max(max, e);
        sum += e;
      }
      let rel = 0;
      for (const i of exactTop100)
        rel += Math.abs((est[i] as number) - (exact[i] as number)) / (exact[i] as number);
      const t10 = new Set(top(est, 10));
      const t100 = new Set(top(est, 100));
      results.push({
        k,
        seed,
        maxAbsError: max,
        meanAbsError: sum / est.length,
        top100RelativeError: rel / exactTop100.length,
        top10Overlap: exactTop10.filter((i) => t10.has(i)).length,
        top100Overlap: exactTop100.filter((i) => t100.has(i)).length,
      });
    }
  return { businesses: graph.order, collaborations: graph.size, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path = 'data/generated/b10k', ks, seeds] = process.argv.slice(2);
  const out = await benchBetweennessSampling(path, ks?.split(',').map(Number), seeds?.split(',').map(Number));
  console.log(JSON.stringify(out, null, 1));
}
