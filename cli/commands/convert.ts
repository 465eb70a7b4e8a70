/** `partner-atlas convert cordis`: CORDIS exports → a CSV bundle. */
import { InvalidInputError } from '../../analysis/errors.ts';
import { writeBundle } from '../../data/bundle/write-bundle.ts';
import { convertCordis, CORDIS_DEFAULTS, type CordisInput } from '../../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../../data/cordis/read-cordis.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { progress, progressDone } from '../output.ts';
import { parseNumberFlag } from './report.ts';

const usage = `Usage: partner-atlas convert cordis --organizations FILE [--projects FILE] [--topics FILE] --out DIR [options]

Converts CORDIS exports (the website's JSON export, or the open-data CSV files, comma or
semicolon delimited) into a Partner Atlas bundle. Source: CORDIS, © European Union, CC BY 4.0.
  --weighting newman|count   pair weight per shared project: 1/(members − 1) (default) or 1
  --max-consortium N         skip projects with more than N members
  --country DE,FR            keep organisations of these countries
  --activity-type PRC,REC    keep these activity types (PRC, HES, REC, PUB, OTH)
  --topic PREFIX             keep projects with a topic starting with PREFIX
  --since YEAR / --until YEAR  keep projects starting in these years
  --strict                   refuse the whole conversion on any bad row (default: skip and report)`;

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert CORDIS project data into a bundle (convert cordis …)',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        organizations: { type: 'string' },
        projects: { type: 'string' },
        topics: { type: 'string' },
        out: { type: 'string' },
        weighting: { type: 'string' },
        'max-consortium': { type: 'string' },
        country: { type: 'string' },
        'activity-type': { type: 'string' },
        topic: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        strict: { type: 'boolean' },
      },
      usage,
    );
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals[0] !== 'cordis')
      throw new InvalidInputError(`convert needs a format: "convert cordis"\n\n${usage}`, 'format');
    const organizations = values.organizations as string | undefined;
    const out = values.out as string | undefined;
    if (!organizations || !out)
      throw new InvalidInputError(`--organizations and --out are required\n\n${usage}`);
    const weighting = (values.weighting as string | undefined) ?? CORDIS_DEFAULTS.weighting;
    if (weighting !== 'newman' && weighting !== 'count')
      throw new InvalidInputError('--weighting must be newman or count', 'weighting');
    progress('Reading CORDIS files…');
    const input: CordisInput = {
      participations: (await readCordisFile(organizations)).rows,
      participationsFile: organizations,
    };
    if (values.projects) {
      input.projects = (await readCordisFile(values.projects as string)).rows;
      input.projectsFile = values.projects as string;
    }
    if (values.topics) input.topics = (await readCordisFile(values.topics as string)).rows;
    progress(`Converting ${input.participations.length} participations…`);
    const maxConsortium = parseNumberFlag(values['max-consortium'] as string | undefined, '--max-consortium');
    const since = parseNumberFlag(values.since as string | undefined, '--since');
    const until = parseNumberFlag(values.until as string | undefined, '--until');
    const countries = list(values.country);
    const activityTypes = list(values['activity-type']);
    const { records, summary } = convertCordis(input, {
      weighting,
      strict: values.strict === true,
      ...(maxConsortium !== undefined && { maxConsortium }),
      ...(countries && { countries }),
      ...(activityTypes && { activityTypes }),
      ...(values.topic !== undefined && { topicPrefix: values.topic as string }),
      ...(since !== undefined && { since }),
      ...(until !== undefined && { until }),
    });
    progress(`Writing ${records.collaborations.length} collaborations…`);
    writeBundle(out, records);
    progressDone();
    console.error(
      `Converted ${summary.organisations} organisations, ${summary.projects} projects, ${summary.pairs} collaborating pairs ` +
        `(${summary.collaborationRows} rows, ${weighting} weighting), ${summary.capabilities} topics → ${out}`,
    );
    if (summary.filteredOut > 0) console.error(`  ${summary.filteredOut} participations filtered out`);
    for (const p of summary.skippedProjects)
      console.error(`  skipped project ${p.project}: ${p.members} members (${p.reason})`);
    if (summary.skippedRows.length > 0) {
      console.error(`  ${summary.skippedRows.length} rows skipped:`);
      for (const r of summary.skippedRows.slice(0, 20))
        console.error(`    ${r.file}, line ${r.at}: ${r.reason}`);
    }
    console.error('Source: CORDIS, © European Union, CC BY 4.0');
    return 0;
  },
};
