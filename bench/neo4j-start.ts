/**
 * What `npm start` does with NEO4J_URI set, timed in a fresh process: load the network from
 * Neo4j (`loadRecordsFromNeo4j`, one driver) and build the graph (`buildGraph`). Run by
 * bench/neo4j.ts with the service's Node flags and the server in NEO4J_URI, NEO4J_USER,
 * NEO4J_PASSWORD, NEO4J_DATABASE; prints one JSON line: loadMs, buildGraphMs, toGraphMs,
 * clientCpuMs, peakRssMb, businesses, edges.
 */
import { buildGraph } from '../analysis/build-graph.ts';
import { neo4jConfigFrom } from '../data/neo4j/connection.ts';
import { loadRecordsFromNeo4j } from '../data/neo4j/load-network.ts';

/** What one fresh start measured (the JSON line this script prints). */
export interface FreshStart {
  loadMs: number;
  buildGraphMs: number;
  toGraphMs: number;
  clientCpuMs: number;
  peakRssMb: number;
  businesses: number;
  edges: number;
}

const config = neo4jConfigFrom();
if (!config) {
  console.error('bench/neo4j-start.ts: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)');
  process.exit(2);
}
let peak = process.memoryUsage.rss();
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
const cpu = process.cpuUsage();
const start = performance.now();
const { records } = await loadRecordsFromNeo4j(config);
const loaded = performance.now();
const graph = buildGraph(records);
const built = performance.now();
const used = process.cpuUsage(cpu);
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
const result: FreshStart = {
  loadMs: Math.round(loaded - start),
  buildGraphMs: Math.round(built - loaded),
  toGraphMs: Math.round(built - start),
  clientCpuMs: Math.round((used.user + used.system) / 1000),
  peakRssMb: Math.round(peak / 1e5) / 10,
  businesses: graph.order,
  edges: graph.size,
};
console.log(JSON.stringify(result));
