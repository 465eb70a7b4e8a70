/**
 * The one path from records to the network graph: businesses become nodes,
 * collaborations become undirected weighted edges (several rows for a pair merge into
 * one edge whose weight is the sum and which keeps every event), capabilities and
 * needs become node attributes. Every source (files, JSON, Neo4j, CORDIS) goes through here.
 *
 * Records are assumed valid (sources validate at the edge); a dangling id or a
 * self-collaboration still throws, because a silently wrong graph is worse than none.
 */
import { UndirectedGraph } from 'graphology';
import type {
  BusinessAttributes,
  CollaborationAttributes,
  CollaborationEvent,
  HeldCapability,
  HeldNeed,
  NetworkAttributes,
  NetworkGraph,
  NetworkRecords,
} from './domain.ts';
import { BundleError } from './errors.ts';
import { runToEnd } from './steps.ts';

export interface BuildGraphOptions {
  /** Recorded as the graph's `source` attribute. */
  source?: string;
}

/** Stable key of the undirected edge between two businesses. */
export function collaborationKey(a: string, b: string): string {
  return a < b ? `${a}--${b}` : `${b}--${a}`;
}

/**
 * Build the network graph from validated records.
 * @param records businesses, capabilities, needs, collaborations
 * @param options `source` label (default none)
 */
export function buildGraph(records: NetworkRecords, options: BuildGraphOptions = {}): NetworkGraph {
  return runToEnd(buildGraphSteps(records, options));
}

/** Rows handled between two pauses of `buildGraphSteps`. */
export const BUILD_STEP_ROWS = 2_000;

/**
 * `buildGraph` in steps: pauses (yields) after every `BUILD_STEP_ROWS` rows and returns the
 * graph when done, so a caller can build a large network in slices without holding its
 * thread (the API's reload does, to keep answering while it builds).
 */
export function* buildGraphSteps(
  records: NetworkRecords,
  options: BuildGraphOptions = {},
): Generator<void, NetworkGraph, void> {
  let rows = 0;
  const graph: NetworkGraph = new UndirectedGraph<
    BusinessAttributes,
    CollaborationAttributes,
    NetworkAttributes
  >({
    allowSelfLoops: false,
  });
  if (options.source !== undefined) graph.setAttribute('source', options.source);

  for (const business of records.businesses) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const { id, ...rest } = business;
    if (graph.hasNode(id)) {
      throw new BundleError([{ file: 'businesses', message: `duplicate business id "${id}"` }]);
    }
    graph.addNode(id, { ...rest, capabilities: [], needs: [] });
  }

  for (const cap of records.capabilities) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const attrs = requireNode(graph, cap.businessId, 'capabilities');
    const held = attrs.capabilities.find((c) => c.name === cap.capability);
    if (held) {
      // A repeated capability keeps its highest level.
      held.level = Math.max(held.level, cap.level);
      continue;
    }
    const added: HeldCapability = { name: cap.capability, level: cap.level };
    if (cap.category !== undefined) added.category = cap.category;
    if (cap.confidential) added.confidential = true;
    attrs.capabilities.push(added);
  }

  for (const need of records.needs) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const attrs = requireNode(graph, need.businessId, 'needs');
    const held = attrs.needs.find((n) => n.name === need.capability);
    if (held) {
      held.priority = Math.max(held.priority, need.priority);
      continue;
    }
    const wanted: HeldNeed = { name: need.capability, priority: need.priority };
    if (need.confidential) wanted.confidential = true;
    attrs.needs.push(wanted);
  }

  // The attributes of each edge added, by key: graphology keeps these same objects.
  const edges = new Map<string, CollaborationAttributes>();
  for (const c of records.collaborations) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    requireNode(graph, c.source, 'collaborations');
    requireNode(graph, c.target, 'collaborations');
    if (c.source === c.target) {
      throw new BundleError([
        { file: 'collaborations', message: `business "${c.source}" cannot collaborate with itself` },
      ]);
    }
    // Plain assignments, not spreads: a million rows should not make four scratch objects each.
    const event: CollaborationEvent = { weight: c.weight };
    if (c.start !== undefined) event.start = c.start;
    if (c.end !== undefined) event.end = c.end;
    if (c.kind !== undefined) event.kind = c.kind;
    if (c.project !== undefined) event.project = c.project;
    const key = collaborationKey(c.source, c.target);
    const existing = edges.get(key);
    if (existing) {
      existing.weight += c.weight;
      existing.events.push(event);
    } else {
      const attrs = { weight: c.weight, events: [event] };
      edges.set(key, attrs);
      graph.addUndirectedEdgeWithKey(key, c.source, c.target, attrs);
    }
  }
  return graph;
}

function requireNode(graph: NetworkGraph, id: string, file: string): BusinessAttributes {
  if (!graph.hasNode(id)) {
    throw new BundleError([{ file, message: `unknown business id "${id}"` }]);
  }
  return graph.getNodeAttributes(id);
}
