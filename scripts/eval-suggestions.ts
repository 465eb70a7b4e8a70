/**
 * `npm run eval:suggestions`: the temporal backtest of partner suggestions
 * (analysis/evaluation/backtest.ts) on the sample bundle and on the real CORDIS networks under
 * ../shared/data/, printed as Markdown tables (docs/suggestions.md keeps the latest run).
 *
 * CORDIS: business = organisation, capability = call topic of its projects, collaboration =
 * co-participation dated by the project's start (data/cordis/). Training records are converted
 * from the projects started up to the split year only, so no topic from a later project leaks
 * into training. Source: CORDIS, © European Union.
 *
 * Options: --year T (same split for every network), --k N, --json, --only sample|cordis-ev|cordis-h2020,
 * --dev, --dev-share S.
 *
 * `--dev` is the development split, for choosing features, models and settings without looking
 * at the test: the history is cut at the outer split year T first (nothing after T is read at
 * all), then the same backtest runs inside it at its own split year T' < T (chosen the same way).
 * `--dev-share S` sets the share of that history kept before T' (default 0.75; 0.5 gives a longer
 * horizon on H2020). The outer test (the default run) is then run once per design one would ship.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NetworkRecords } from '../analysis/domain.ts';
import {
  BACKTEST_DEFAULTS,
  chooseSplitYear,
  formatBacktestTable,
  developmentSplit,
  runBacktest,
  type BacktestResult,
  type MethodScore,
} from '../analysis/evaluation/backtest.ts';
import { readBundle } from '../data/bundle/read-bundle.ts';
import { convertCordis, type CordisInput } from '../data/cordis/convert-cordis.ts';
import { readCordisFile } from '../data/cordis/read-cordis.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '../shared/data');

const { values } = parseArgs({
  options: {
    year: { type: 'string' },
    k: { type: 'string' },
    json: { type: 'boolean' },
    only: { type: 'string' },
    dev: { type: 'boolean' },
    'dev-share': { type: 'string' },
  },
});
const dev = values.dev === true;
/** Share of the development history's dated collaborations before its split (default 0.75). */
const devShare = values['dev-share'] === undefined ? undefined : Number(values['dev-share']);
if (devShare !== undefined && !(devShare > 0 && devShare < 1)) {
  console.error(
    `eval:suggestions: --dev-share must be a number between 0 and 1 (the share of the development history before its split), got "${values['dev-share']}"`,
  );
  process.exit(2);
}
if (devShare !== undefined && !dev) {
  console.error('eval:suggestions: --dev-share applies to the development split only; add --dev');
  process.exit(2);
}
const fixedYear = values.year === undefined ? undefined : Number(values.year);
const k = values.k === undefined ? undefined : Number(values.k);

interface Run {
  network: string;
  note: string;
  result?: BacktestResult;
  skipped?: string;
}

async function runSample(): Promise<Run> {
  let records = await readBundle(join(ROOT, 'data/sample'));
  let year = fixedYear ?? chooseSplitYear(records);
  let note = 'generated park network; capabilities and needs are undated profiles';
  if (dev) {
    const outer = year;
    ({ records, year } = developmentSplit(records, outer, devShare));
    note = `development split: history up to the outer split ${outer} only, split again at ${year}; ${note}`;
  }
  return {
    network: 'sample (data/sample, synthetic)',
    note,
    result: runBacktest(records, { year, ...(k !== undefined && { k }) }),
  };
}

/**
 * A CORDIS backtest: the outer split at T (or, with --dev, the development split: the history
 * up to T only, split again at its own year T' < T).
 */
function runCordis(input: CordisInput, network: string, note: string): Run {
  let full = convertCordis(input).records;
  let year = fixedYear ?? chooseSplitYear(full);
  if (dev) {
    const outer = year;
    full = convertCordis(input, { until: outer }).records;
    year = chooseSplitYear(full, devShare);
    note = `development split: history up to the outer split ${outer} only, split again at ${year}; ${note}`;
  }
  const train: NetworkRecords = convertCordis(input, { until: year }).records;
  return { network, note, result: runBacktest(full, { year, train, ...(k !== undefined && { k }) }) };
}

async function runCordisEv(): Promise<Run> {
  const dir = join(SHARED, 'cordis-semiconductor-ev');
  const network = 'CORDIS semiconductors-EV (real)';
  if (!existsSync(join(dir, 'organization.json'))) return { network, note: '', skipped: `${dir} is missing` };
  const input: CordisInput = {
    participations: (await readCordisFile(join(dir, 'organization.json'))).rows,
    participationsFile: 'organization.json',
    projects: (await readCordisFile(join(dir, 'project.json'))).rows,
    projectsFile: 'project.json',
  };
  return runCordis(
    input,
    network,
    'organisations = businesses, call topics of projects started up to T = capabilities, no needs',
  );
}

async function runCordisH2020(): Promise<Run> {
  const dir = join(SHARED, 'cordis-h2020-slice-2023');
  const network = 'CORDIS H2020 slice 2023 (real)';
  const file = join(dir, 'h2020_organizations_out_formatted_latest.csv');
  if (!existsSync(file)) return { network, note: '', skipped: `${file} is missing` };
  const input: CordisInput = {
    participations: (await readCordisFile(file)).rows,
    participationsFile: 'h2020_organizations_out_formatted_latest.csv',
    topics: (await readCordisFile(join(dir, 'h2020_topics_out.csv'))).rows,
    topicsFile: 'h2020_topics_out.csv',
  };
  return runCordis(
    input,
    network,
    'projects dated by the call year of their topic code (no start dates in this export); call topics of projects up to T = capabilities, no needs',
  );
}

/** What each learned ranker learned inside the training graph: its inner cut and validation. */
function learnedLines(r: BacktestResult): string[] {
  return r.methods.flatMap((m) =>
    m.learned
      ? [
          `${m.method}: ${m.learned.kind}, inner cut ${m.learned.cutYear ?? 'none'}` +
            (m.learned.validation
              ? `, inner validation precision@${r.k} ${m.learned.validation.precisionAtK.toFixed(3)} (Adamic–Adar ${m.learned.validation.adamicAdarPrecisionAtK.toFixed(3)}) on ${m.learned.validation.queries} held-out businesses`
              : ''),
          ...ratioLine(r, m),
        ]
      : [],
  );
}

/** How sure the learned ranker's ratio to Adamic–Adar is, against the 1.5× goal. */
function ratioLine(r: BacktestResult, m: MethodScore): string[] {
  const v = m.vsAdamicAdar;
  if (!v || v.ratio === null) return [];
  const x = (n: number | null) => (n === null ? 'unbounded' : `${n.toFixed(2)}×`);
  return [
    `${m.method} ÷ Adamic–Adar on precision@${r.k}: ${x(v.ratio)}, ${Math.round(v.level * 100)} % interval ${x(v.low)}–${x(v.high)} ` +
      `(paired bootstrap over the ${r.evaluated} businesses, ${v.resamples} resamples); ` +
      `${BACKTEST_DEFAULTS.targetRatio}× or more in ${Math.round((v.shareAtLeastTarget ?? 0) * 100)} % of resamples`,
  ];
}

const runners: Record<string, () => Promise<Run> | Run> = {
  sample: runSample,
  'cordis-ev': runCordisEv,
  'cordis-h2020': runCordisH2020,
};
const chosen = values.only ? [values.only] : Object.keys(runners);
const runs: Run[] = [];
for (const name of chosen) {
  const runner = runners[name];
  if (!runner) {
    console.error(`eval:suggestions: unknown network "${name}"; use ${Object.keys(runners).join(', ')}`);
    process.exit(2);
  }
  const t0 = performance.now();
  const run = await runner();
  runs.push(run);
  if (!values.json) {
    console.log(`\n### ${run.network}\n`);
    if (run.skipped) {
      console.log(`Skipped: ${run.skipped}.`);
      continue;
    }
    const r = run.result as BacktestResult;
    console.log(
      `Train: collaborations started up to ${r.year} (${r.trainBusinesses} businesses, ${r.trainPairs} pairs); ` +
        `test: ${r.futurePairs} new pairs after ${r.year}, ${r.evaluated} businesses evaluated` +
        `${r.undated ? `; ${r.undated} undated collaborations left out` : ''}. ${run.note}. ` +
        `(${Math.round(performance.now() - t0)} ms)\n`,
    );
    console.log(formatBacktestTable(r));
    for (const line of learnedLines(r)) console.log(`\n${line}`);
  }
}
if (values.json) console.log(JSON.stringify(runs, null, 2));
else console.log('\nCORDIS figures: Source: CORDIS, © European Union.');

// The run is kept in bench/results beside the benchmark runs (docs/suggestions.md quotes it).
const stamp = new Date().toISOString();
const base = join(
  ROOT,
  'bench/results',
  `eval-suggestions${dev ? `-dev${devShare !== undefined ? `-share${devShare}` : ''}` : ''}-${stamp.slice(0, 10)}`,
);
mkdirSync(dirname(base), { recursive: true });
writeFileSync(
  `${base}.json`,
  JSON.stringify(
    {
      date: stamp,
      command: `npm run eval:suggestions${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      runs,
    },
    null,
    2,
  ) + '\n',
);
writeFileSync(
  `${base}.md`,
  [
    `# eval:suggestions${dev ? ' --dev (development split: nothing after the outer split year is read)' : ''}, ${stamp}`,
    '',
    ...runs.flatMap((run) =>
      run.result
        ? [
            `## ${run.network}`,
            '',
            `Split year ${run.result.year}: ${run.result.trainBusinesses} businesses, ${run.result.trainPairs} pairs in training; ${run.result.futurePairs} new pairs after it, ${run.result.evaluated} businesses evaluated. ${run.note}.`,
            '',
            formatBacktestTable(run.result),
            '',
            ...learnedLines(run.result).flatMap((line) => [line, '']),
          ]
        : [`## ${run.network}`, '', `Skipped: ${run.skipped}.`, ''],
    ),
    'CORDIS figures: Source: CORDIS, © European Union.',
    '',
  ].join('\n'),
);
if (!values.json) console.log(`Wrote ${base}.md and ${base}.json`);
