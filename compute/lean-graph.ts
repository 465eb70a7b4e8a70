/**
 * What the analysis reads of a network, in a form that crosses to a worker thread cheaply:
 * node ids with name and sector, and the edges (in the graph's own order, so neighbour order
 * and therefore seeded Louvain are unchanged) with their weight. Cloning the full export
 * (profiles, capabilities, collaboration events) cost the report a tenth of its time.
 */
import { UndirectedGraph } from 'graphology';
import type Graph from 'graphology';
import { csrFromEdges, type Csr } from '../analysis/metrics/csr.ts';
import { runToEnd } from '../analysis/steps.ts';

export interface LeanGraph {
  ids: string[];
  names: (string | null)[];
  sectors: (string | null)[];
  /** Edge end points as node positions in `ids`. */
  sources: Int32Array;
  targets: Int32Array;
  /** Edge weights; NaN where the edge has no numeric weight. */
  weights: Float64Array;
}

const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : String(value);

/** The analysed part of an undirected graph. */
export function toLeanGraph(graph: Graph): LeanGraph {
  return runToEnd(toLeanGraphSteps(graph));
}

/** `toLeanGraph`, pausing (yielding) every few thousand nodes or edges (see slices.ts). */
export function* toLeanGraphSteps(graph: Graph): Generator<void, LeanGraph, void> {
  const STEP = 5_000;
  const ids = graph.nodes();
  const index = new Map<string, number>();
  const names: (string | null)[] = new Array(ids.length);
  const sectors: (string | null)[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    index.set(id, i);
    const attributes = graph.getNodeAttributes(id);
    names[i] = text(attributes.name);
    sectors[i] = text(attributes.sector);
    if (i % STEP === STEP - 1) yield;
  }
  const m = graph.size;
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  const weights = new Float64Array(m);
  let e = 0;
  for (const { source, target, attributes } of graph.edgeEntries()) {
    sources[e] = index.get(source) as number;
    targets[e] = index.get(target) as number;
    weights[e++] = typeof attributes.weight === 'number' ? attributes.weight : NaN;
    if (e % STEP === 0) yield;
  }
  return { ids, names, sectors, sources, targets, weights };
}

/**
 * The compact form (analysis/metrics/csr.ts) of a lean graph, without building a graphology
 * graph (which costs seconds at 375k collaborations): neighbours are filled in edge order, as
 * `toCsr` does, so seeded Louvain gives the same communities as on the graph itself.
 */
export function leanToCsr(lean: LeanGraph): Csr {
  const index = new Map<string, number>();
  lean.ids.forEach((id, i) => index.set(id, i));
  const { offsets, targets, weights } = csrFromEdges(
    lean.ids.length,
    lean.sources,
    lean.targets,
    lean.weights,
  );
  return { ids: lean.ids, index, offsets, targets, weights };
}

/** A graphology graph with just what `toLeanGraph` kept. */
export function fromLeanGraph(lean: LeanGraph): UndirectedGraph {
  const graph = new UndirectedGraph();
  lean.ids.forEach((id, i) => {
    const attributes: Record<string, string> = {};
    const name = lean.names[i];
    const sector = lean.sectors[i];
    if (name !== null && name !== undefined) attributes.name = name;
    if (sector !== null && sector !== undefined) attributes.sector = sector;
    graph.addNode(id, attributes);
  });
  for (let e = 0; e < lean.sources.length; e++) {
    const weight = lean.weights[e] as number;
    graph.addEdge(
      lean.ids[lean.sources[e] as number] as string,
      lean.ids[lean.targets[e] as number] as string,
      Number.isNaN(weight) ? {} : { weight },
    );
  }
  return graph;
}
