/**
 * The analytics engine policy, pure: the engine choices, the size from which `auto` uses GDS
 * and why, which engine computes a network of a given size, and the provenance a report carries
 * (which engine computed each column). The GDS runner that applies it is
 * data/neo4j/analytics-engine.ts; the service and the CLI inject their local runner. docs/neo4j.md.
 */
import { METRIC_COLUMNS } from './report/centrality-report.ts';
import { summarySamples } from './report/complete-analysis.ts';
import type { EngineProvenance } from './report/network-analysis.ts';

export const ENGINE_CHOICES = ['local', 'gds', 'auto'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/**
 * `auto` uses GDS from this many collaborations (pairs) on. Chosen from memory, not time
 * (`npm run bench -- --only engines`, docs/benchmarks.md): with Neo4j on the service's 2-core
 * machine GDS was slower at every size measured (2.9–10x the local report), so time never
 * justifies it there. The local engine's peak resident memory was 4.4 KB per tie on the
 * 300k / 841k network (3.7 GB), which puts the whole local report at the service process's default V8
 * heap budget (4.3 GB) at about a million ties: from there GDS, on a database machine with its
 * own memory, is the way to keep the report within budget. Below it auto stays local.
 */
export const GDS_AUTO_COLLABORATIONS = 1_000_000;

/** Why GDS_AUTO_COLLABORATIONS is where it is, for /api/health and the report's provenance. */
export const GDS_AUTO_BASIS =
  "below it the local engine was faster at every measured size; from it its peak memory (4.4 KB per tie measured) would reach the service process's default 4.3 GB V8 heap limit (docs/benchmarks.md, engines)";

/** What the choice needs to know of an opened engine: what was asked, and whether GDS is there. */
export interface EngineAvailability {
  choice: EngineChoice;
  /** Present when GDS can be used. */
  gds?: unknown;
  /** Why GDS cannot be used (auto without Neo4j, or a server without the plugin). */
  gdsMissing?: string;
}

/** Which engine computes a network of this size, and why. */
export function chooseEngine(
  engine: EngineAvailability,
  graph: { size: number },
): { used: 'local' | 'gds'; reason: string } {
  if (engine.choice === 'local') return { used: 'local', reason: 'the local engine was asked for' };
  if (!engine.gds)
    return { used: 'local', reason: `auto, and GDS is not available: ${engine.gdsMissing ?? 'unknown'}` };
  if (engine.choice === 'gds') return { used: 'gds', reason: 'the GDS engine was asked for' };
  return graph.size >= GDS_AUTO_COLLABORATIONS
    ? {
        used: 'gds',
        reason: `auto: ${graph.size} collaborations ≥ ${GDS_AUTO_COLLABORATIONS}, so GDS (the threshold: ${GDS_AUTO_BASIS})`,
      }
    : {
        used: 'local',
        reason: `auto: ${graph.size} collaborations < ${GDS_AUTO_COLLABORATIONS}, so local (the threshold: ${GDS_AUTO_BASIS})`,
      };
}

/** How the summary's diameter and average path are found when GDS computed the centralities. */
export const gdsSummaryPaths = (order: number): 'exact' | number => summarySamples(order) ?? 'exact';

/**
 * The report's engine provenance: per metric column, GDS when GDS was used and computes it
 * (`gdsColumns`) and it was not left local (`localToo`), else local; communities by `communitiesBy`.
 */
export function engineProvenance(
  requested: EngineChoice,
  used: 'local' | 'gds',
  reason: string,
  communitiesBy: 'local' | 'gds',
  {
    gdsColumns,
    gdsVersion,
    extra = {},
    localToo = [],
  }: {
    gdsColumns: ReadonlySet<string>;
    gdsVersion?: string | undefined;
    extra?: Partial<EngineProvenance>;
    localToo?: readonly string[];
  },
): EngineProvenance {
  const columns: Record<string, 'local' | 'gds'> = { community: communitiesBy };
  for (const column of METRIC_COLUMNS)
    columns[column] =
      used === 'gds' && gdsColumns.has(column) && !localToo.includes(column) ? 'gds' : 'local';
  return {
    requested,
    used,
    reason,
    columns,
    ...(used === 'gds' && gdsVersion !== undefined && { gdsVersion }),
    ...extra,
  };
}
