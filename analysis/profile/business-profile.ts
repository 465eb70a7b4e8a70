/**
 * One business's profile: its attributes, the capabilities and needs the viewer may see, its
 * partners (strongest tie first), its row of the centrality report and its rank by each metric
 * in words ("3rd of 150 by betweenness").
 */
import { requireBusiness } from '../domain.ts';
import type {
  BusinessAttributes,
  CollaborationEvent,
  HeldCapability,
  HeldNeed,
  NetworkGraph,
} from '../domain.ts';
import { METRIC_COLUMNS, type CentralityRow, type MetricColumn } from '../report/network-analysis.ts';
import { visibleTo, type Viewer } from '../visibility.ts';

export interface MetricRank {
  rank: number;
  of: number;
  text: string;
}

export interface BusinessProfile {
  business: { id: string } & Omit<BusinessAttributes, 'capabilities' | 'needs'>;
  capabilities: HeldCapability[];
  needs: HeldNeed[];
  partners: { id: string; name: string; weight: number; events: CollaborationEvent[] }[];
  /** Its row of the centrality report; null while the report is not known. */
  metrics: CentralityRow | null;
  /** By metric; null while the report is not known. */
  ranks: Record<MetricColumn, MetricRank> | null;
}

export interface ProfileOptions {
  /** Who asks (confidential capabilities and needs only for analysts and admins; default full view). */
  viewer?: Viewer;
  /** Its row of the centrality report. */
  metrics?: CentralityRow;
  /** Its rank (1 = highest) by each metric of the report. */
  ranks?: Record<MetricColumn, number>;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : s}`;
}

/** The profile of business `id`. @throws NotFoundError for an unknown business */
export function businessProfile(
  graph: NetworkGraph,
  id: string,
  options: ProfileOptions = {},
): BusinessProfile {
  requireBusiness(graph, id);
  const visible = visibleTo(options.viewer);
  const { capabilities, needs, ...attributes } = graph.getNodeAttributes(id);
  const { ranks } = options;
  return {
    business: { id, ...attributes },
    capabilities: capabilities.filter(visible),
    needs: needs.filter(visible),
    partners: graph
      .mapEdges(id, (_e, e, source, target) => {
        const other = source === id ? target : source;
        return { id: other, name: graph.getNodeAttribute(other, 'name'), weight: e.weight, events: e.events };
      })
      .sort((x, y) => y.weight - x.weight || x.name.localeCompare(y.name)),
    metrics: options.metrics ?? null,
    ranks: ranks
      ? (Object.fromEntries(
          METRIC_COLUMNS.map((m) => [
            m,
            {
              rank: ranks[m],
              of: graph.order,
              text: `${ordinal(ranks[m])} of ${graph.order} by ${m.replace('_', ' ')}`,
            },
          ]),
        ) as Record<MetricColumn, MetricRank>)
      : null,
  };
}
