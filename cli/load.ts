/** Loads the network for a CLI command from --data (bundle folder or .json), or Neo4j (NEO4J_URI), or DATA_DIR, or the sample. */
import { buildGraph } from '../analysis/build-graph.ts';
import type { NetworkGraph } from '../analysis/domain.ts';
import type { NetworkAnalysis } from '../analysis/report/network-analysis.ts';
import { InvalidInputError } from '../analysis/errors.ts';
import { ENGINE_CHOICES, type EngineChoice } from '../analysis/engine-policy.ts';
import { openEngine, runEngineAnalysis, type AnalyticsEngine } from '../data/neo4j/analytics-engine.ts';
import { createNeo4jDriver, neo4jConfigFrom, type Neo4jConfig } from '../data/neo4j/connection.ts';
import { bundlePath, loadSelected, selectSource } from '../data/sources/select-source.ts';
import { WORKER_RUNNER } from '../compute/worker-runner.ts';
import { progress, progressDone } from './output.ts';

/** The bundle path a command should read: the flag, then DATA_DIR, then the bundled sample. */
export function dataPath(flag: string | undefined): string {
  return bundlePath(flag, process.env.DATA_DIR);
}

export async function loadGraph(flag: string | undefined): Promise<{ graph: NetworkGraph; source: string }> {
  const { graph, source } = await loadNetwork(flag, false);
  return { graph, source };
}

/**
 * `--data DIR` or `--neo4j` (never both), as `report` and `summary` take them; without either,
 * NEO4J_URI, else DATA_DIR, else the sample (data/sources/select-source.ts).
 */
export async function loadNetwork(
  data: string | undefined,
  neo4j: boolean | undefined,
): Promise<{ graph: NetworkGraph; source: string; neo4j?: Neo4jConfig }> {
  const choice = selectSource({
    path: data,
    neo4j: neo4jConfigFrom({}, process.env, neo4j === true),
    neo4jAskedFor: neo4j,
    dataDir: process.env.DATA_DIR,
  });
  const { records, source } = await loadSelected(choice);
  return {
    graph: buildGraph(records, { source }),
    source,
    ...(choice.kind === 'neo4j' && { neo4j: choice.config }),
  };
}

/** `--engine local|gds|auto`, or undefined when absent. @throws InvalidInputError naming the flag */
export function parseEngineFlag(value: string | undefined): EngineChoice | undefined {
  if (value === undefined) return undefined;
  if (!(ENGINE_CHOICES as readonly string[]).includes(value))
    throw new InvalidInputError(`--engine must be local, gds or auto (got "${value}")`, '--engine');
  return value as EngineChoice;
}

/**
 * The engine for a command (--engine, else ANALYTICS_ENGINE, else local) on the network's
 * Neo4j server when it came from Neo4j. Call `close()` when done.
 */
export async function openCommandEngine(
  flag: EngineChoice | undefined,
  neo4j: Neo4jConfig | undefined,
): Promise<{ engine: AnalyticsEngine; close: () => Promise<void> }> {
  const choice = flag ?? parseEngineFlag(process.env.ANALYTICS_ENGINE || undefined) ?? 'local';
  if (choice === 'local' || !neo4j) return { engine: await openEngine(choice), close: async () => {} };
  const driver = createNeo4jDriver(neo4j);
  try {
    const engine = await openEngine(choice, { driver, uri: neo4j.uri, database: neo4j.database });
    return { engine, close: () => driver.close() };
  } catch (error) {
    await driver.close();
    throw error;
  }
}

/**
 * The report and summary of `report` and `summary`: the network of --data or --neo4j, analysed
 * by --engine's engine (local parts in this process), with progress on stderr; a GDS failure
 * is said on stderr and computed locally.
 */
export async function analyseForCommand(options: {
  data: string | undefined;
  neo4j: boolean;
  engine: string | undefined;
  seed?: number | undefined;
  samples?: number | undefined;
  /** The progress line while analysing, e.g. "Analysing 150 businesses…". */
  working: (businesses: number) => string;
}): Promise<{ analysis: NetworkAnalysis; source: string }> {
  const engineFlag = parseEngineFlag(options.engine);
  if (options.samples === 0)
    throw new InvalidInputError(
      '--samples must be at least 1 (the number of sampled sources for betweenness; leave it out for exact betweenness)',
      'samples',
    );
  progress('Loading the network…');
  const { graph, source, neo4j } = await loadNetwork(options.data, options.neo4j);
  const { engine, close } = await openCommandEngine(engineFlag, neo4j);
  try {
    progress(options.working(graph.order));
    const analysis = await runEngineAnalysis(WORKER_RUNNER, graph, engine, {
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.samples !== undefined && { betweennessSamples: options.samples }),
      onFallback: (error) =>
        console.error(`partner-atlas: GDS failed, computing locally: ${(error as Error).message}`),
    });
    progressDone();
    return { analysis, source };
  } finally {
    await close();
  }
}
