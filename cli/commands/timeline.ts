/** `partner-atlas timeline`: the network's KPIs year by year or per period (CSV or JSON). */
import { InvalidInputError } from '../../analysis/errors.ts';
import { toCsv } from '../../analysis/report/format.ts';
import { networkTimeline, TIMELINE_COLUMNS } from '../../analysis/timeline/network-timeline.ts';
import { defineCommand, type Command } from '../command.ts';
import { progress, progressDone, writeOutput } from '../output.ts';

const usage = `Usage: partner-atlas timeline [--data DIR] [--format csv|json] [--from YEAR] [--to YEAR] [--step N] [--as-of YEAR] [--seed N] [--out FILE]

The network as it stood in each year (or period of --step years): active businesses and ties,
new and ended ties, density, share in the largest component, modularity (Louvain, seeded),
cross-sector share and average partners. A collaboration is active from its start year to its
end year; with no end it is ongoing until --as-of (default: this year). docs/timeline.md
  --from, --to   years to cover (default: first dated year to --as-of)
  --step N       years per row (default 1)
  --out FILE     write to FILE (atomically) instead of stdout`;

export const timelineCommand: Command = defineCommand({
  name: 'timeline',
  summary: 'network KPIs year by year (CSV or JSON)',
  usage,
  options: ['data', 'format', 'from', 'to', 'step', 'as-of', 'seed', 'out'],
  async run({ text, count, loadGraph }) {
    const format = text('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json')
      throw new InvalidInputError(`--format must be csv or json (got "${format}")`, 'format');
    const asOf = count('as-of') ?? new Date().getUTCFullYear();
    const from = count('from');
    const to = count('to');
    const step = count('step');
    const seed = count('seed');
    progress('Loading the network…');
    const { graph, source } = await loadGraph();
    progress(`Building the timeline of ${graph.order} businesses…`);
    const timeline = networkTimeline(graph, {
      asOf,
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      ...(step !== undefined && { step }),
      ...(seed !== undefined && { seed }),
    });
    progressDone();
    const output =
      format === 'csv'
        ? toCsv(TIMELINE_COLUMNS, timeline.rows as unknown as Record<string, unknown>[])
        : JSON.stringify({ source, ...timeline }, null, 2);
    writeOutput(output, text('out'));
    return 0;
  },
});
