/**
 * Faster edge insertion into a freshly built graphology graph.
 *
 * graphology keeps each node's neighbours in a plain object keyed by neighbour id
 * (`nodeData.undirected[neighbourId] = edgeData`). V8 gives such an object a hidden class per
 * set of keys; with hundreds of thousands of distinct business ids, each insertion copies
 * a new hidden class. On the 300k-business, 850k-edge benchmark network, edge insertion then
 * takes 5.6 s. In dictionary mode, the object is a small hash table and the same insertions
 * take 3.1 s; neighbour lookups and iteration also get faster (docs/neo4j.md, "Building the
 * graph").
 *
 * `prepareAdjacency` swaps each node's empty neighbour object for an empty object in
 * dictionary mode. This reaches into graphology's internal node table (`_nodes`, stable
 * across graphology 0.2x). It only touches nodes that have no edge yet, and does nothing
 * at all when the internals are not as expected, so the worst case is the slower
 * insertion, never a wrong graph. The tests build graphs both ways and compare them.
 */
import type { NetworkGraph } from './domain.ts';
import { runToEnd, type Steps } from './steps.ts';

interface NodeDataShape {
  undirected?: unknown;
  undirectedDegree?: unknown;
}

/** An empty object in dictionary (hash table) mode, with the ordinary prototype. */
function dictionaryObject(): Record<string, unknown> {
  const object: Record<string, unknown> = { a: 0, b: 0 };
  // Deleting a property that is not the last one added turns V8's object into a dictionary.
  delete object.a;
  delete object.b;
  return object;
}

/**
 * Put the neighbour object of every edgeless node of `graph` in dictionary mode before edges
 * are added. Returns how many nodes were prepared (0 when graphology's internals differ).
 */
export function prepareAdjacency(graph: NetworkGraph): number {
  return runToEnd(prepareAdjacencySteps(graph));
}

/** `prepareAdjacency` in steps: pauses after every `every` nodes (default 2,000). */
export function* prepareAdjacencySteps(graph: NetworkGraph, every = 2_000): Steps<number> {
  const nodes = (graph as unknown as { _nodes?: unknown })._nodes;
  if (!(nodes instanceof Map)) return 0;
  let prepared = 0;
  let seen = 0;
  for (const data of nodes.values() as IterableIterator<NodeDataShape>) {
    if (++seen % every === 0) yield;
    const neighbours = data.undirected;
    if (
      data.undirectedDegree !== 0 ||
      typeof neighbours !== 'object' ||
      neighbours === null ||
      Object.getPrototypeOf(neighbours) !== Object.prototype ||
      Object.keys(neighbours).length > 0
    ) {
      continue;
    }
    data.undirected = dictionaryObject();
    prepared++;
  }
  return prepared;
}
