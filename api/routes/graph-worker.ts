/**
 * Worker thread that lays out the network and computes the map's metrics off the event loop,
 * so a big network does not stall the API while the first /api/graph request is answered.
 * Receives the serialized graph, replies with positions, metrics and communities.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UndirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import type { NetworkGraph } from '../../analysis/domain.ts';
import { computeViewMetrics } from '../../analysis/export/view-metrics.ts';
import { computeLayout } from '../../analysis/layout/force-atlas.ts';

const graph = UndirectedGraph.from(workerData as SerializedGraph) as unknown as NetworkGraph;
const positions = computeLayout(graph);
const { metrics, communities } = computeViewMetrics(graph);
parentPort?.postMessage({ positions, metrics, communities });
