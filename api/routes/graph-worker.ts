/**
 * Worker thread that lays out the network off the event loop,
 * so a big network does not stall the API while the first /api/graph request is answered.
 * Receives the serialized graph, replies with the positions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UndirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import type { NetworkGraph } from '../../analysis/domain.ts';
import { computeLayout } from '../../analysis/layout/force-atlas.ts';

const graph = UndirectedGraph.from(workerData as SerializedGraph) as unknown as NetworkGraph;
parentPort?.postMessage(computeLayout(graph));
