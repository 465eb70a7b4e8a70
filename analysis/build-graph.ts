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
  NetworkAttributes,
  NetworkGraph,
  NetworkRecords,
} from './domain.ts';
import { BundleError } from './errors.ts';

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
  const steps = buildGraphSteps(records, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
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
    attrs.capabilities.push({
      name: cap.capability,
      level: cap.level,
      ...(cap.category !== undefined && { category: cap.category }),
      ...(cap.confidential && { confidential: true }),
    });
  }

  for (const need of records.needs) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const attrs = requireNode(graph, need.businessId, 'needs');
    const held = attrs.needs.find((n) => n.name === need.capability);
    if (held) {
      held.priority = Math.max(held.priority, need.priority);
      continue;
    }
    attrs.needs.push({
      name: need.capability,
      priority: need.priority,
      ...(need.confidential && { confidential: true }),
    });
  }

  for (const c of records.collaborations) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    requireNode(graph, c.source, 'collaborations');
    requireNode(graph, c.target, 'collaborations');
    if (c.source === c.target) {
      throw new BundleError([
        { file: 'collaborations', message: `business "${c.source}" cannot collaborate with itself` },
      ]);
    }
    const event: CollaborationEvent = {
      weight: c.weight,
      ...(c.start !== undefined && { start: c.start }),
      ...(c.end !== undefined && { end: c.end }),
      ...(c.kind !== undefined && { kind: c.kind }),
      ...(c.project !== undefined && { project: c.project }),
    };
    const key = collaborationKey(c.source, c.target);
    if (graph.hasEdge(key)) {
      const attrs = graph.getEdgeAttributes(key);
      attrs.weight += c.weight;
      attrs.events.push(event);
    } else {
      graph.addUndirectedEdgeWithKey(key, c.source, c.target, { weight: c.weight, events: [event] });
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
