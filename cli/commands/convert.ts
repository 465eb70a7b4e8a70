/**
 * `partner-atlas convert cordis`: CORDIS exports → a CSV bundle (docs/cordis.md). Reads the
 * files here, converts with the pure data/cordis/convert-cordis.ts, writes with writeBundle
 * (atomic), and prints a summary on stderr; a progress bar when stderr is a terminal.
 */
import { basename } from 'node:path';
import { BundleError, InvalidInputError } from '../../analysis/errors.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import {
  convertCordis,
  CORDIS_DEFAULTS,
  CORDIS_WEIGHTINGS,
  describeProblem,
  type CordisInput,
  type CordisProblem,
  type CordisWeighting,
} from '../../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../../data/cordis/read-cordis.ts';
import { defineCommand, type Command } from '../command.ts';
import { progress, progressDone } from '../output.ts';

const usage = `Usage: partner-atlas convert cordis --organizations FILE [--projects FILE] [--topics FILE] --out DIR [options]

Converts CORDIS exports (the website's JSON export, or the open-data CSV files, comma or
semicolon delimited) into a Partner Atlas bundle. Source: CORDIS, © European Union, CC BY 4.0.
  --weighting newman|count|none  pair weight: 1/(members − 1) per shared project (default),
                             1 per shared project, or 1 per pair
  --max-consortium N         skip projects with more than N members (listed in the summary)
  --country DE,FR            keep organisations of these countries
  --activity-type PRC,REC    keep these activity types (PRC, HES, REC, PUB, OTH)
  --topic PREFIX             keep projects with a topic starting with PREFIX (comma list allowed)
  --since YEAR / --until YEAR  keep projects starting in these years (needs --projects dates)
  --strict                   refuse the whole conversion on any bad row (default: skip and report)`;

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

let lastBar = '';
/** A text progress bar, e.g. "Reading organization.csv ▕██████░░░░▏ 60%", redrawn only when it changes. */
function bar(label: string, done: number, total: number): void {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const width = 24;
  const full = Math.round(share * width);
  const text = `${label} ▕${'█'.repeat(full)}${'░'.repeat(width - full)}▏ ${Math.round(share * 100)}%`;
  if (text !== lastBar) progress((lastBar = text));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Problems grouped by reason: "  3 × no projectID: line 4, 9, 12". */
function grouped(problems: CordisProblem[]): string[] {
  const byReason = new Map<string, CordisProblem[]>();
  for (const p of problems) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p]);
  return [...byReason].map(([reason, list]) => {
    const first = list[0] as CordisProblem;
    if (list.length === 1) return `    ${describeProblem(first)}`;
    const where = list
      .slice(0, 8)
      .map((p) =>
        p.at > 0 ? `${p.unit} ${p.at}${p.detail !== undefined ? ` (${p.detail})` : ''}` : p.detail,
      )
      .join(', ');
    return `    ${list.length} × ${reason} in ${first.file}: ${where}${list.length > 8 ? ', …' : ''}`;
  });
}

export const convertCommand: Command = defineCommand({
  name: 'convert',
  summary: 'convert CORDIS project data into a bundle (convert cordis …)',
  usage,
  options: [
    'organizations',
    'projects',
    'topics',
    'out',
    'weighting',
    'max-consortium',
    'country',
    'activity-type',
    'topic',
    'since',
    'until',
  ],
  flags: ['strict'],
  positionals: 1,
  async run({ positionals, text, flag, count, usageError }) {
    if (positionals[0] !== 'cordis') throw usageError('convert needs a format: "convert cordis"', 'format');
    const organizations = text('organizations');
    const out = text('out');
    if (!organizations || !out) throw usageError('--organizations and --out are required');
    const weighting = (text('weighting') ?? CORDIS_DEFAULTS.weighting) as CordisWeighting;
    if (!CORDIS_WEIGHTINGS.includes(weighting))
      throw new InvalidInputError(
        `--weighting must be ${CORDIS_WEIGHTINGS.join(', ')} (got "${weighting}")`,
        'weighting',
      );
    const maxConsortium = count('max-consortium');
    if (maxConsortium !== undefined && maxConsortium < 2)
      throw new InvalidInputError(
        '--max-consortium must be at least 2 (a project of one has no pairs)',
        'max-consortium',
      );
    const since = count('since');
    const until = count('until');
    if (since !== undefined && until !== undefined && since > until)
      throw new InvalidInputError(`--since ${since} is after --until ${until}`, 'since');
    const read = (path: string) =>
      readCordisFile(path, { onProgress: (d, t) => bar(`Reading ${basename(path)}`, d, t) });
    const input: CordisInput = {
      participations: (await read(organizations)).rows,
      participationsFile: organizations,
    };
    const projects = text('projects');
    if (projects) {
      input.projects = (await read(projects)).rows;
      input.projectsFile = projects;
    }
    const topics = text('topics');
    if (topics) {
      input.topics = (await read(topics)).rows;
      input.topicsFile = topics;
    }
    const countries = list(text('country'));
    const activityTypes = list(text('activity-type'));
    const { records, summary } = convertCordis(input, {
      weighting,
      strict: flag('strict'),
      onProgress: (d, t) => bar(`Converting ${input.participations.length} participations`, d, t),
      ...(maxConsortium !== undefined && { maxConsortium }),
      ...(countries && { countries }),
      ...(activityTypes && { activityTypes }),
      ...(text('topic') !== undefined && { topicPrefix: text('topic') as string }),
      ...(since !== undefined && { since }),
      ...(until !== undefined && { until }),
    });
    if (records.businesses.length === 0) {
      progressDone();
      // An empty bundle would replace whatever --out held with a network of nobody.
      const why = [
        summary.skippedRows.length > 0 && `${plural(summary.skippedRows.length, 'bad row')} skipped`,
        summary.filteredOut > 0 && `${plural(summary.filteredOut, 'participation')} left out by the filters`,
        summary.skippedProjects.length > 0 &&
          `${plural(summary.skippedProjects.length, 'project')} over --max-consortium`,
      ].filter(Boolean);
      throw new BundleError(
        [{ file: organizations, message: 'no organisation is left to convert' }],
        [
          `No organisation is left to convert${why.length > 0 ? ` (${why.join(', ')})` : ''}; nothing was written to ${out}.`,
          ...grouped(summary.skippedRows),
          summary.filteredOut > 0
            ? 'Check the filters (--country, --activity-type, --topic, --since, --until).'
            : 'Check that --organizations is the CORDIS organisation file.',
        ].join('\n'),
      );
    }
    progress(`Writing ${records.collaborations.length} collaborations…`);
    writeBundle(out, records);
    progressDone();
    const lines = [
      `Converted ${plural(summary.organisations, 'organisation')}, ${plural(summary.projects, 'project')}, ` +
        `${plural(summary.pairs, 'collaborating pair')} (${plural(summary.collaborationRows, 'collaboration row')}, ` +
        `${weighting} weighting), ${plural(summary.capabilities, 'topic')} → ${out}`,
    ];
    if (summary.isolated > 0)
      lines.push(
        `  ${plural(summary.isolated, 'organisation')} without a partner (single-beneficiary grants)`,
      );
    if (summary.dates === 'none')
      lines.push('  collaborations are undated: the input has no project start/end dates (give --projects)');
    if (summary.filteredOut > 0)
      lines.push(`  ${plural(summary.filteredOut, 'participation')} left out by the filters`);
    for (const p of summary.skippedProjects)
      lines.push(`  skipped project ${p.project}: ${p.members} members (${p.reason})`);
    if (summary.skippedRows.length > 0) {
      lines.push(`  ${plural(summary.skippedRows.length, 'bad row')} skipped (--strict refuses them):`);
      lines.push(...grouped(summary.skippedRows));
    }
    if (summary.warnings.length > 0) {
      lines.push(`  ${plural(summary.warnings.length, 'warning')} (rows kept, the value left out):`);
      lines.push(...grouped(summary.warnings));
    }
    lines.push('Source: CORDIS, © European Union, CC BY 4.0');
    console.error(lines.join('\n'));
    return 0;
  },
});
