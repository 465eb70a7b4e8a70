/**
 * The inverse of build-graph: the plain records a network graph was built from.
 * Used to write a graph back out (JSON, CSV bundle, Neo4j) and to compare sources.
 */
import type {
  CapabilityRecord,
  CollaborationRecord,
  NeedRecord,
  NetworkGraph,
  NetworkRecords,
} from './domain.ts';

/** Records whose `buildGraph` gives back the same graph (events keep their order). */
export function recordsFromGraph(graph: NetworkGraph): NetworkRecords {
  const records: NetworkRecords = { businesses: [], capabilities: [], needs: [], collaborations: [] };
  graph.forEachNode((id, attrs) => {
    const { capabilities, needs, ...business } = attrs;
    records.businesses.push({ id, ...business });
    for (const c of capabilities) {
      const cap: CapabilityRecord = { businessId: id, capability: c.name, level: c.level };
      if (c.category !== undefined) cap.category = c.category;
      if (c.confidential) cap.confidential = true;
      records.capabilities.push(cap);
    }
    for (const n of needs) {
      const need: NeedRecord = { businessId: id, capability: n.name, priority: n.priority };
      if (n.confidential) need.confidential = true;
      records.needs.push(need);
    }
  });
  graph.forEachEdge((_key, attrs, source, target) => {
    for (const e of attrs.events) {
      const c: CollaborationRecord = { source, target, ...e };
      records.collaborations.push(c);
    }
  });
  return records;
}
