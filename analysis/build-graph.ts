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
import {
  businessIdProblem,
  DATA_LIMITS,
  type Business,
  type BusinessAttributes,
  type CollaborationAttributes,
  type CollaborationEvent,
  type CollaborationRecord,
  type HeldCapability,
  type HeldNeed,
  type NetworkAttributes,
  type NetworkGraph,
  type NetworkRecords,
} from './domain.ts';
import { BundleError } from './errors.ts';
import { prepareAdjacencySteps } from './graph-adjacency.ts';
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

  // Every business by id: its position and attributes (one lookup per row, not graphology's two).
  const positions = new Map<string, number>();
  const attributes: BusinessAttributes[] = [];
  const ids: string[] = [];
  for (const business of records.businesses) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const id = business.id;
    // Every source passes here (CSV, JSON, Neo4j, CORDIS); the readers say the line too.
    const unsafe = businessIdProblem(id);
    if (unsafe !== undefined) throw new BundleError([{ file: 'businesses', message: unsafe }]);
    positions.set(id, attributes.length);
    if (positions.size === attributes.length) {
      throw new BundleError([{ file: 'businesses', message: `duplicate business id "${id}"` }]);
    }
    const attrs = businessAttributes(business);
    attributes.push(attrs);
    ids.push(id);
    graph.addNode(id, attrs);
  }
  const lookup = new Lookup(positions, attributes);

  for (const cap of records.capabilities) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const attrs = lookup.attributes(cap.businessId, 'capabilities');
    const held = attrs.capabilities.find((c) => c.name === cap.capability);
    if (held) {
      // A repeated capability keeps its highest level.
      held.level = Math.max(held.level, cap.level);
      if (cap.since !== undefined && (held.since === undefined || cap.since < held.since))
        held.since = cap.since;
      continue;
    }
    const added: HeldCapability = { name: cap.capability, level: cap.level };
    if (cap.category !== undefined) added.category = cap.category;
    if (cap.confidential) added.confidential = true;
    if (cap.since !== undefined) added.since = cap.since;
    attrs.capabilities.push(added);
  }

  for (const need of records.needs) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const attrs = lookup.attributes(need.businessId, 'needs');
    const held = attrs.needs.find((n) => n.name === need.capability);
    if (held) {
      held.priority = Math.max(held.priority, need.priority);
      continue;
    }
    const wanted: HeldNeed = { name: need.capability, priority: need.priority };
    if (need.confidential) wanted.confidential = true;
    attrs.needs.push(wanted);
  }

  // One pass over the rows: their ends as positions and their events; the pairs are then
  // found on typed arrays.
  const collaborations = records.collaborations;
  const ends = new PairEnds(collaborations.length);
  const events: CollaborationEvent[] = [];
  for (let i = 0; i < collaborations.length; i++) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const c = collaborations[i] as CollaborationRecord;
    const source = lookup.position(c.source, 'collaborations');
    const target = lookup.position(c.target, 'collaborations');
    if (source === target) {
      throw new BundleError([
        { file: 'collaborations', message: `business "${c.source}" cannot collaborate with itself` },
      ]);
    }
    ends.set(i, source, target);
    // Plain assignments, not spreads: a million rows should not make four scratch objects each.
    // Every source passes here: a weight that is not a positive finite number up to the limit
    // would make sums, metrics and exports non-finite.
    if (!(c.weight > 0 && c.weight <= DATA_LIMITS.maxWeight)) {
      throw new BundleError([
        {
          file: 'collaborations',
          message: `the collaboration "${c.source}" – "${c.target}" has weight ${c.weight}; use a number above 0 and at most ${DATA_LIMITS.maxWeight}`,
        },
      ]);
    }
    const event: CollaborationEvent = { weight: c.weight };
    if (c.start !== undefined) event.start = c.start;
    if (c.end !== undefined) event.end = c.end;
    if (c.kind !== undefined) event.kind = c.kind;
    if (c.project !== undefined) event.project = c.project;
    events.push(event);
  }
  const firstOfPair = yield* ends.firstRowOfPairs(attributes.length);

  // One edge per pair, whose attributes gather every row of the pair in row order; the edges
  // are added in the order of each pair's first row, from its source to its target.
  const pairAttributes: CollaborationAttributes[] = [];
  const pairOfFirstRow = new Int32Array(collaborations.length);
  for (let i = 0; i < events.length; i++) {
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const event = events[i] as CollaborationEvent;
    const first = firstOfPair[i] as number;
    if (first === i) {
      pairOfFirstRow[i] = pairAttributes.length;
      pairAttributes.push({ weight: event.weight, events: [event] });
    } else {
      const existing = pairAttributes[pairOfFirstRow[first] as number] as CollaborationAttributes;
      existing.weight += event.weight;
      existing.events.push(event);
    }
  }

  yield* prepareAdjacencySteps(graph, BUILD_STEP_ROWS);
  let pair = 0;
  for (let i = 0; i < events.length; i++) {
    if (firstOfPair[i] !== i) continue;
    if (++rows % BUILD_STEP_ROWS === 0) yield;
    const source = ids[ends.source(i)] as string;
    const target = ids[ends.target(i)] as string;
    const key = collaborationKey(source, target);
    try {
      graph.addUndirectedEdgeWithKey(key, source, target, pairAttributes[pair++] as CollaborationAttributes);
    } catch (error) {
      if (!graph.hasEdge(key)) throw error;
      const [a, b] = graph.extremities(key);
      throw new BundleError([
        {
          file: 'collaborations',
          message: `the collaborations "${a}" – "${b}" and "${source}" – "${target}" would be one edge "${key}": ids containing "--" make edge keys ambiguous; rename one of these businesses`,
        },
      ]);
    }
  }
  return graph;
}

/** A business's node attributes: its fields but the id, in their order, and empty lists. */
function businessAttributes(business: Business): BusinessAttributes {
  // A loop, not `{ id, ...rest }`: object rest is several times slower on 300k businesses.
  const attrs: Record<string, unknown> = {};
  for (const key in business) {
    if (key !== 'id') attrs[key] = business[key as keyof Business];
  }
  attrs.capabilities = [];
  attrs.needs = [];
  return attrs as unknown as BusinessAttributes;
}

/**
 * The two ends of every collaboration row as business positions, as written (source, target),
 * and which rows are the same pair: grouped by their lower end with a counting sort, so that
 * no map keyed by pair is needed (a million rows otherwise cost a million map lookups).
 */
class PairEnds {
  private readonly sources: Int32Array;
  private readonly targets: Int32Array;
  constructor(rows: number) {
    this.sources = new Int32Array(rows);
    this.targets = new Int32Array(rows);
  }

  set(row: number, source: number, target: number): void {
    this.sources[row] = source;
    this.targets[row] = target;
  }

  source(row: number): number {
    return this.sources[row] as number;
  }

  target(row: number): number {
    return this.targets[row] as number;
  }

  /**
   * For each row, the first row (lowest index) with the same two ends.
   * @param businesses how many positions there are
   */
  *firstRowOfPairs(businesses: number): Generator<void, Int32Array, void> {
    const { sources, targets } = this;
    const rows = sources.length;
    const low = new Int32Array(rows);
    const high = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const s = sources[i] as number;
      const t = targets[i] as number;
      low[i] = s < t ? s : t;
      high[i] = s < t ? t : s;
    }
    // Rows by lower end, in row order within each end (a stable counting sort).
    const start = new Int32Array(businesses + 1);
    for (let i = 0; i < rows; i++) {
      const at = (low[i] as number) + 1;
      start[at] = (start[at] as number) + 1;
    }
    for (let p = 0; p < businesses; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
    const next = start.slice(0, businesses);
    const byLow = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const p = low[i] as number;
      const at = next[p] as number;
      byLow[at] = i;
      next[p] = at + 1;
    }
    yield;
    // Within one lower end, the first row seen for each higher end starts the pair.
    const seenWith = new Int32Array(businesses).fill(-1);
    const seenRow = new Int32Array(businesses);
    const first = new Int32Array(rows);
    for (let p = 0; p < businesses; p++) {
      if (p % BUILD_STEP_ROWS === 0) yield;
      for (let j = start[p] as number; j < (start[p + 1] as number); j++) {
        const i = byLow[j] as number;
        const h = high[i] as number;
        if (seenWith[h] === p) first[i] = seenRow[h] as number;
        else {
          seenWith[h] = p;
          seenRow[h] = i;
          first[i] = i;
        }
      }
    }
    return first;
  }
}

/** Business ids to positions and attributes; remembers the last id asked (rows come grouped). */
class Lookup {
  private lastId: string | undefined;
  private lastPosition = -1;
  constructor(
    private readonly positions: Map<string, number>,
    private readonly list: BusinessAttributes[],
  ) {}

  position(id: string, file: string): number {
    if (id === this.lastId) return this.lastPosition;
    const position = this.positions.get(id);
    if (position === undefined) {
      throw new BundleError([{ file, message: `unknown business id "${id}"` }]);
    }
    this.lastId = id;
    this.lastPosition = position;
    return position;
  }

  attributes(id: string, file: string): BusinessAttributes {
    return this.list[this.position(id, file)] as BusinessAttributes;
  }
}
