/** `partner-atlas timeline`: the network's KPIs year by year or per period (CSV or JSON). */
import { InvalidInputError } from '../../analysis/errors.ts';
import { toCsv } from '../../analysis/report/format.ts';
import { networkTimeline, TIMELINE_COLUMNS } from '../../analysis/timeline/network-timeline.ts';
import { parseCommandArgs, parseNumberFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { loadGraph } from '../load.ts';
import { progress, progressDone, writeOutput } from '../output.ts';

const usage = `Usage: partner-atlas timeline [--data DIR] [--format csv|json] [--from YEAR] [--to YEAR] [--step N] [--as-of YEAR] [--seed N] [--out FILE]

The network as it stood in each year (or period of --step years): active businesses and ties,
new and ended ties, density, share in the largest component, modularity (Louvain, seeded),
cross-sector share and average partners. A collaboration is active from its start year to its
end year; with no end it is ongoing until --as-of (default: this year). docs/timeline.md
  --from, --to   years to cover (default: first dated year to --as-of)
  --step N       years per row (default 1)
  --out FILE     write to FILE (atomically) instead of stdout`;

export const timelineCommand: Command = {
  name: 'timeline',
  summary: 'network KPIs year by year (CSV or JSON)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        data: { type: 'string' },
        format: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        step: { type: 'string' },
        'as-of': { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
      },
      usage,
    );
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const format = (values.format as string | undefined) ?? 'csv';
    if (format !== 'csv' && format !== 'json')
      throw new InvalidInputError(`--format must be csv or json (got "${format}")`, 'format');
    const flag = (name: string) =>
      parseNumberFlag((values as Record<string, unknown>)[name] as string | undefined, `--${name}`);
    const asOf = flag('as-of') ?? new Date().getUTCFullYear();
    const from = flag('from');
    const to = flag('to');
    const step = flag('step');
    const seed = flag('seed');
    progress('Loading the network…');
    const { graph, source } = await loadGraph(values.data as string | undefined);
    progress(`Building the timeline of ${graph.order} businesses…`);
    const timeline = networkTimeline(graph, {
      asOf,
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      ...(step !== undefined && { step }),
      ...(seed !== undefined && { seed }),
    });
    progressDone();
    const text =
      format === 'csv'
        ? toCsv(TIMELINE_COLUMNS, timeline.rows as unknown as Record<string, unknown>[])
        : JSON.stringify({ source, ...timeline }, null, 2);
    writeOutput(text, values.out as string | undefined);
    return 0;
  },
};
