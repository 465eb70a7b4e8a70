/** `partner-atlas summary`: the network summary (density, components, paths, communities…). */
import { defineCommand, type Command } from '../command.ts';
import { analyseForCommand } from '../load.ts';

const usage = `Usage: partner-atlas summary [--data DIR | --neo4j] [--json] [--samples K] [--engine local|gds|auto]

Businesses, collaborations, density, connected components and the share in the largest, its
diameter and average shortest path, average clustering, modularity and number of communities,
degree assortativity and the share of collaborations that cross sectors.
  --engine E   local (default, $ANALYTICS_ENGINE), gds or auto: where communities and
               clustering are computed (docs/neo4j.md); the engine is printed with the figures.`;

const LABELS: Record<string, string> = {
  businesses: 'Businesses',
  collaborations: 'Collaborations (pairs)',
  density: 'Density',
  components: 'Connected components',
  isolated: 'Isolated businesses',
  largestComponentShare: 'Share in the largest component',
  diameter: 'Diameter (largest component)',
  averageShortestPath: 'Average shortest path (largest component)',
  averageClustering: 'Average clustering',
  modularity: 'Modularity (Louvain)',
  communities: 'Communities',
  degreeAssortativity: 'Degree assortativity',
  crossSectorShare: 'Collaborations across sectors',
};

export const summaryCommand: Command = defineCommand({
  name: 'summary',
  summary: 'network summary: density, components, paths, communities, mixing',
  usage,
  options: ['data', 'samples', 'engine'],
  flags: ['json', 'neo4j'],
  async run({ text, flag, count }) {
    const samples = count('samples');
    const { analysis, source } = await analyseForCommand({
      data: text('data'),
      neo4j: flag('neo4j'),
      engine: text('engine'),
      samples,
      working: (n) => `Analysing ${n} businesses…`,
    });
    if (flag('json')) {
      console.log(
        JSON.stringify(
          { source, dataHash: analysis.dataHash, parameters: analysis.parameters, summary: analysis.summary },
          null,
          2,
        ),
      );
      return 0;
    }
    console.log(`Network summary of ${source}`);
    const used = analysis.parameters.engine;
    if (used)
      console.log(
        `  engine: ${used.used}${used.gdsVersion ? ` (GDS ${used.gdsVersion})` : ''} — ${used.reason}`,
      );
    for (const [key, value] of Object.entries(analysis.summary)) {
      const shown =
        value === null
          ? '—'
          : Number.isInteger(value)
            ? String(value)
            : key.endsWith('Share')
              ? `${(value * 100).toFixed(1)} %`
              : value.toFixed(4);
      console.log(`  ${(LABELS[key] ?? key).padEnd(44)} ${shown}`);
    }
    return 0;
  },
});
