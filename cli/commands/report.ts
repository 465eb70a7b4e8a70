/** `partner-atlas report`: the per-business centrality report as CSV or JSON. */
import { InvalidInputError } from '../../analysis/errors.ts';
import { reportToCsv, reportToJson } from '../../analysis/report/format.ts';
import { REPORT_COLUMNS, sortRows } from '../../analysis/report/network-analysis.ts';
import { GDS_AUTO_COLLABORATIONS } from '../../analysis/engine-policy.ts';
import { VERSION } from '../../data/version.ts';
import { defineCommand, type Command } from '../command.ts';
import { analyseForCommand } from '../load.ts';
import { writeOutput } from '../output.ts';

const usage = `Usage: partner-atlas report [--data DIR | --neo4j] [--format csv|json] [--out FILE] [--sort COLUMN] [--seed N] [--samples K] [--engine local|gds|auto] [--bom]

The centrality report: one row per business with the columns
  ${REPORT_COLUMNS.join(', ')}
Conventions follow networkx's defaults (docs/metrics.md). CSV is RFC 4180 and safe to open in a
spreadsheet; JSON carries its provenance (source, parameters, seed, version).
  --sort COLUMN   sort by a column (numbers largest first); default id
  --seed N        seed of the community detection (default 42)
  --samples K     estimate betweenness from K sampled sources (for very large networks)
  --out FILE      write to FILE (atomically) instead of stdout
  --bom           start the CSV with a UTF-8 byte-order mark, so Excel reads non-ASCII names
                  right when the file is double-clicked (scripts read it either way with
                  encoding utf-8-sig)
  --neo4j         read the network from Neo4j ($NEO4J_URI, else the local server)
  --engine E      local (default, $ANALYTICS_ENGINE), gds (Neo4j Graph Data Science on the
                  Neo4j source; constraint, effective size and 2-step reach stay local) or auto
                  (GDS from ${GDS_AUTO_COLLABORATIONS} collaborations on). JSON's provenance says
                  which engine computed each column.`;

export const reportCommand: Command = defineCommand({
  name: 'report',
  summary: 'centrality report per business (CSV or JSON)',
  usage,
  options: ['data', 'format', 'out', 'sort', 'seed', 'samples', 'engine'],
  flags: ['neo4j', 'bom'],
  async run({ text, flag, count }) {
    const format = text('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json')
      throw new InvalidInputError(`--format must be csv or json (got "${format}")`, 'format');
    if (flag('bom') && format !== 'csv')
      throw new InvalidInputError('--bom is for CSV only; JSON is always plain UTF-8', 'bom');
    const sort = text('sort') ?? 'id';
    if (!(REPORT_COLUMNS as readonly string[]).includes(sort)) sortRows([], sort);
    const seed = count('seed');
    const samples = count('samples');
    const { analysis, source } = await analyseForCommand({
      data: text('data'),
      neo4j: flag('neo4j'),
      engine: text('engine'),
      seed,
      samples,
      working: (n) => `Computing metrics for ${n} businesses…`,
    });
    const rows = sortRows(analysis.rows, sort);
    const output =
      format === 'csv'
        ? `${flag('bom') ? '\ufeff' : ''}${reportToCsv(rows)}`
        : JSON.stringify(
            reportToJson(analysis, rows, { version: VERSION, source, generatedAt: new Date().toISOString() }),
            null,
            2,
          );
    const out = text('out');
    writeOutput(output, out);
    if (out) console.error(`Wrote the report of ${rows.length} businesses to ${out}`);
    return 0;
  },
});
