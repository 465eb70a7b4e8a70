/**
 * Worker thread that lays out the network off the event loop, so a big network does not stall
 * the API while the first /api/graph request is answered. Receives the lean graph
 * (compute/lean-graph.ts: ids and weighted edges in the graph's order, so the seeded
 * layout is the same as in the service's thread) and replies with the coordinates in id order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NetworkGraph } from '../../analysis/domain.ts';
import { computeLayout } from '../../analysis/layout/force-atlas.ts';
import { fromLeanGraph, type LeanGraph } from '../../compute/lean-graph.ts';

/** Coordinates per business, in the order of the lean graph's ids. */
export interface LayoutCoordinates {
  x: Float64Array;
  y: Float64Array;
}

const lean = (workerData as { graph: LeanGraph }).graph;
const positions = computeLayout(fromLeanGraph(lean) as unknown as NetworkGraph);
const x = new Float64Array(lean.ids.length);
const y = new Float64Array(lean.ids.length);
lean.ids.forEach((id, i) => {
  const p = positions[id];
  x[i] = p?.x ?? 0;
  y[i] = p?.y ?? 0;
});
parentPort?.postMessage({ x, y } satisfies LayoutCoordinates, [x.buffer, y.buffer]);
