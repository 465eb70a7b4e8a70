/**
 * One full report (rows + summary) with one engine, in a fresh process, for bench/engines.ts:
 * read the bundle in --data and build the graph (timed apart), then `analyseWithEngine`. With
 * --engine gds the server is NEO4J_URI (already holding the same network); --java-pid samples
 * the server's resident memory during the run and, with jstat, its JVM heap in use. Prints one
 * JSON line (EngineRun).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildGraph } from '../analysis/build-graph.ts';
import { analyseWithEngine, openEngine, type EngineChoice } from '../api/analytics-engine.ts';
import { createNeo4jDriver, neo4jConfigFrom } from '../data/neo4j/connection.ts';
import { loadFromPath } from '../data/sources/load-network.ts';

export interface EngineRun {
  engine: string;
  used: string;
  fallback?: string;
  loadMs: number;
  reportMs: number;
  /** This process's resident memory after loading, and its peak over the run (MB). */
  rssAfterLoadMb: number;
  peakRssMb: number;
  /** The Neo4j server's peak resident memory during the report (MB), with --java-pid. */
  serverPeakRssMb?: number;
  /**
   * The Neo4j server's JVM heap in use (survivor + eden + old generation, garbage not yet
   * collected included) before the report and at its peak, from `jstat -gc` every 250 ms (MB).
   * OpenGDS has no gds.systemMonitor (an Enterprise procedure), so the JDK's tool reads it.
   */
  serverHeapBeforeMb?: number;
  serverHeapPeakMb?: number;
  betweenness: 'exact' | number;
  summaryPaths?: 'exact' | number;
}

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'local' },
    data: { type: 'string' },
    samples: { type: 'string' },
    'java-pid': { type: 'string' },
  },
});
const rssOf = (pid: string): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};
const t0 = performance.now();
const { records } = await loadFromPath(values.data as string);
const graph = buildGraph(records);
const loadMs = performance.now() - t0;
const rssAfterLoad = process.memoryUsage.rss();
let peak = rssAfterLoad;
const javaPid = values['java-pid'];
let serverPeak = javaPid ? rssOf(javaPid) : 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
  if (javaPid) serverPeak = Math.max(serverPeak, rssOf(javaPid));
}, 100);
// jstat -gc prints S0C S1C S0U S1U EC EU OC OU ... in KB, one line per interval.
let heapBefore: number | undefined;
let heapPeak = 0;
const jstat = javaPid
  ? spawn('jstat', ['-gc', javaPid, '250'], { stdio: ['ignore', 'pipe', 'ignore'] })
  : undefined;
let jstatBuffer = '';
jstat?.stdout.on('data', (chunk: Buffer) => {
  jstatBuffer += chunk.toString();
  const lines = jstatBuffer.split('\n');
  jstatBuffer = lines.pop() ?? '';
  for (const line of lines) {
    const f = line.trim().split(/\s+/).map(Number);
    if (f.length < 8 || f.some((x) => Number.isNaN(x))) continue;
    const usedMb = ((f[2] ?? 0) + (f[3] ?? 0) + (f[5] ?? 0) + (f[7] ?? 0)) / 1024;
    heapBefore ??= usedMb;
    heapPeak = Math.max(heapPeak, usedMb);
  }
});
if (jstat) while (heapBefore === undefined) await new Promise((r) => setTimeout(r, 50));
const config = values.engine === 'local' ? undefined : neo4jConfigFrom();
const driver = config ? createNeo4jDriver(config) : undefined;
const engine = await openEngine(
  values.engine as EngineChoice,
  driver && config ? { driver, uri: config.uri, database: config.database } : undefined,
);
const t1 = performance.now();
const analysis = await analyseWithEngine(graph, engine, {
  ...(values.samples !== undefined && { betweennessSamples: Number(values.samples) }),
  snapshot: 'bench',
});
const reportMs = performance.now() - t1;
clearInterval(timer);
jstat?.kill();
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
await driver?.close();
const used = analysis.parameters.engine;
const result: EngineRun = {
  engine: values.engine as string,
  used: used?.used ?? 'local',
  ...(used?.fallback !== undefined && { fallback: used.fallback }),
  loadMs: Math.round(loadMs),
  reportMs: Math.round(reportMs),
  rssAfterLoadMb: Math.round(rssAfterLoad / 1e6),
  peakRssMb: Math.round(peak / 1e6),
  ...(javaPid && { serverPeakRssMb: Math.round(serverPeak) }),
  ...(heapBefore !== undefined && {
    serverHeapBeforeMb: Math.round(heapBefore),
    serverHeapPeakMb: Math.round(heapPeak),
  }),
  betweenness: analysis.parameters.betweenness,
  ...(used?.summaryPaths !== undefined && { summaryPaths: used.summaryPaths }),
};
console.log(JSON.stringify(result));
process.exit(0);
