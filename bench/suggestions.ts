/**
 * Partnering section of `npm run bench` (issue 5's speed goals): the one-time partnering
 * index per snapshot, then the four questions plus the top-10 suggestions for each of ≥ 200
 * businesses spread over the network (median and p99 per business; goal < 20 ms on the 10k
 * network), and the consortium builder for 8 required capabilities, size 5 (goal < 1 s).
 * There is no peer doing the same work, so figures are reported against the goals.
 */
import { buildGraph } from '../analysis/build-graph.ts';
import type { NetworkGraph } from '../analysis/domain.ts';
import { detectCommunities } from '../analysis/metrics/communities.ts';
import { toCsr } from '../analysis/metrics/csr.ts';
import { structuralHoles } from '../analysis/metrics/structural-holes.ts';
import { buildConsortium } from '../analysis/partnering/consortium.ts';
import { answerFourQuestions } from '../analysis/partnering/four-questions.ts';
import { buildPartneringIndex } from '../analysis/partnering/partnering-index.ts';
import { suggestPartners } from '../analysis/partnering/suggestions.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { median, quantile, timeIt } from './harness.ts';

export const PARTNERING_GOALS = { perBusinessMs: 20, consortiumMs: 1000 } as const;

export interface PartneringResult {
  businesses: number;
  indexMs: number;
  /** Four questions + top-10 suggestions, per business. */
  perBusiness: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
  questions: { p50Ms: number; p99Ms: number };
  suggestions: { p50Ms: number; p99Ms: number };
  /** buildConsortium for 8 capabilities, maxSize 5, over several capability sets. */
  consortium: { sets: number; p50Ms: number; maxMs: number; methods: string[]; complete: number };
}

/** Eight capabilities chosen deterministically: every k-th of those held, by holder count. */
function capabilitySets(holders: Map<string, unknown[]>, sets: number): string[][] {
  const names = [...holders.entries()]
    .filter(([, list]) => list.length > 0)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([name]) => name);
  const out: string[][] = [];
  for (let s = 0; s < sets; s++) {
    const set: string[] = [];
    for (let i = 0; set.length < 8 && i < names.length; i++) {
      const name = names[(s * 7 + i * 5) % names.length] as string;
      if (!set.includes(name)) set.push(name);
    }
    out.push(set);
  }
  return out;
}

/**
 * Partnering on one bundle.
 * @param options dataDir: the CSV bundle; quick: 200 businesses and 5 capability sets (else 500 and 10)
 */
export async function benchSuggestions(options: {
  dataDir: string;
  quick?: boolean;
}): Promise<PartneringResult> {
  return benchPartnering(buildGraph(await readBundle(options.dataDir)), { quick: options.quick ?? false });
}

export async function benchPartnering(
  graph: NetworkGraph,
  options: { quick: boolean },
): Promise<PartneringResult> {
  // The API builds the index from the analysis's communities and constraint; the same
  // functions compute them here, without the report's (slow) shortest-path pass.
  const { communities } = detectCommunities(graph);
  const csr = toCsr(graph);
  const holes = structuralHoles(csr).constraint;
  const constraint: Record<string, number | null> = {};
  csr.ids.forEach((id, i) => {
    const c = holes[i] as number;
    constraint[id] = Number.isNaN(c) ? null : c;
  });
  const index = await timeIt(() => buildPartneringIndex(graph, { communities, constraint }), 3);
  const idx = index.result;
  const ids = idx.ids;
  const count = Math.min(ids.length, options.quick ? 200 : 500);
  const step = ids.length / count;
  const picked = Array.from({ length: count }, (_, i) => ids[Math.floor(i * step)] as string);
  // Warm-up on a few businesses so the JIT is not timed.
  for (const id of picked.slice(0, 20)) {
    answerFourQuestions(idx, id);
    suggestPartners(idx, id, { limit: 10 });
  }
  const both: number[] = [];
  const questions: number[] = [];
  const suggestions: number[] = [];
  for (const id of picked) {
    const t0 = performance.now();
    answerFourQuestions(idx, id);
    const t1 = performance.now();
    suggestPartners(idx, id, { limit: 10 });
    const t2 = performance.now();
    questions.push(t1 - t0);
    suggestions.push(t2 - t1);
    both.push(t2 - t0);
  }
  const sets = capabilitySets(idx.holders, options.quick ? 5 : 10);
  const consortium: number[] = [];
  const methods = new Set<string>();
  let complete = 0;
  buildConsortium(idx, { capabilities: sets[0] ?? [], maxSize: 5 });
  for (const capabilities of sets) {
    const t = await timeIt(() => buildConsortium(idx, { capabilities, maxSize: 5 }), 1);
    consortium.push(t.ms);
    methods.add(t.result.method);
    if (t.result.teams[0]?.complete) complete++;
  }
  return {
    businesses: graph.order,
    indexMs: index.ms,
    perBusiness: {
      count,
      p50Ms: median(both),
      p99Ms: quantile(both, 0.99),
      maxMs: Math.max(...both),
    },
    questions: { p50Ms: median(questions), p99Ms: quantile(questions, 0.99) },
    suggestions: { p50Ms: median(suggestions), p99Ms: quantile(suggestions, 0.99) },
    consortium: {
      sets: sets.length,
      p50Ms: median(consortium),
      maxMs: Math.max(...consortium),
      methods: [...methods],
      complete,
    },
  };
}
