/** `partner-atlas summary`: the network summary (density, components, paths, communities…). */
import { runAnalysis } from '../../api/compute/run-analysis.ts';
import { parseCommandArgs, parseNumberFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { loadNetwork } from '../load.ts';
import { progress, progressDone } from '../output.ts';

const usage = `Usage: partner-atlas summary [--data DIR | --neo4j] [--json] [--samples K]

Businesses, collaborations, density, connected components and the share in the largest, its
diameter and average shortest path, average clustering, modularity and number of communities,
degree assortativity and the share of collaborations that cross sectors.`;

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

export const summaryCommand: Command = {
  name: 'summary',
  summary: 'network summary: density, components, paths, communities, mixing',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        data: { type: 'string' },
        json: { type: 'boolean' },
        samples: { type: 'string' },
        neo4j: { type: 'boolean' },
      },
      usage,
    );
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const samples = parseNumberFlag(values.samples as string | undefined, '--samples');
    progress('Loading the network…');
    const { graph, source } = await loadNetwork(
      values.data as string | undefined,
      values.neo4j as boolean | undefined,
    );
    progress(`Analysing ${graph.order} businesses…`);
    const analysis = await runAnalysis(graph, samples !== undefined ? { betweennessSamples: samples } : {});
    progressDone();
    if (values.json) {
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
};
