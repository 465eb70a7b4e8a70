/**
 * `npm run bench`: generates (and caches in data/generated/) the benchmark networks, runs each
 * section of bench/ in its own process with a time limit, prints a table and writes
 * bench/results/<date>-<host>.{json,md}. A section that is missing or fails is reported as
 * "not available: reason"; the run itself only fails on bad arguments.
 *
 *   npm run bench [-- --quick] [-- --sizes 1k,10k,100k] [-- --only loading,metrics]
 *   npm run bench -- --readme      copy the latest summary into the README (npm run bench:readme)
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  describeMachine,
  parseSizes,
  prepareDatasets,
  runSectionHere,
  runSectionInChild,
  SECTIONS,
  type SectionOutcome,
} from './harness.ts';
import { renderTerminal, updateReadme, writeResults, type BenchRun } from './report.ts';

const USAGE = `Usage: npm run bench -- [options]
  --quick            sample, 1k and 10k networks, fewer repetitions, under 5 minutes;
                     skips the sections that start servers (neo4j, browser) unless --only names them
  --sizes LIST       generated network sizes, e.g. 1k,10k,100k (default 1k,10k; 100k is slow, opt in)
  --only LIST        sections to run: ${SECTIONS.map((s) => s.name).join(', ')}
  --readme           copy the summary of the latest bench/results/*.md into README.md and stop
  -h, --help         this help`;

/** Total time budget of --quick, seconds: every section's limit is cut to what is left. */
const QUICK_BUDGET_SEC = 290;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      only: { type: 'string' },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      // Internal: run one section in this process (the harness's child).
      section: { type: 'string' },
      context: { type: 'string' },
      result: { type: 'string' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.section !== undefined) {
    if (values.context === undefined || values.result === undefined)
      throw new Error('--section needs --context and --result');
    await runSectionHere(values.section, values.context, values.result);
    return 0;
  }
  if (values.readme) {
    const used = await updateReadme();
    console.log(`README.md: benchmark summary copied from ${used}`);
    return 0;
  }

  const quick = values.quick;
  const sizes = parseSizes(values.sizes ?? '1k,10k');
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `--only: no section ${unknown.join(', ')}; sections are ${SECTIONS.map((s) => s.name).join(', ')}`,
    );

  const started = performance.now();
  const date = new Date().toISOString();
  const machine = describeMachine();
  const log = (line: string) => console.log(line);
  log(
    `Partner Atlas benchmark${quick ? ' (quick)' : ''} on ${machine.host}, load average ${machine.loadAverage.join(' / ')}`,
  );
  const datasets = prepareDatasets(sizes, log);
  const workDir = join(tmpdir(), `partner-atlas-bench-${process.pid}`);
  const sections: SectionOutcome[] = [];
  const chosen = SECTIONS.filter((spec) => !only || only.includes(spec.name));
  const runnable = chosen.filter((spec) => !(quick && spec.slow && !only));
  for (const spec of chosen) {
    if (quick && spec.slow && !only) {
      sections.push({
        name: spec.name,
        status: 'not available',
        reason: `skipped by --quick (${spec.slow}); run --only ${spec.name}`,
      });
      continue;
    }
    // --quick: a weighted share of what is left, so one slow section cannot starve the others.
    const left = QUICK_BUDGET_SEC - (performance.now() - started) / 1000;
    const weights = runnable.slice(runnable.indexOf(spec)).reduce((sum, s) => sum + (s.quickWeight ?? 1), 0);
    const share = (left * (spec.quickWeight ?? 1)) / Math.max(1, weights);
    const limit = quick ? Math.floor(Math.min(spec.timeoutSec.quick, share)) : spec.timeoutSec.full;
    if (limit < 5) {
      sections.push({
        name: spec.name,
        status: 'not available',
        reason: `no time left in the --quick budget of ${QUICK_BUDGET_SEC} s`,
      });
      continue;
    }
    log(`\n== ${spec.name} (limit ${limit} s)`);
    const outcome = await runSectionInChild(spec, { quick, sizes, datasets, log }, limit, workDir);
    log(
      outcome.status === 'ok'
        ? `== ${spec.name}: ok in ${(outcome.ms / 1000).toFixed(1)} s`
        : `== ${spec.name}: not available: ${outcome.reason}`,
    );
    sections.push(outcome);
  }
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const run: BenchRun = {
    date,
    command,
    machine,
    quick,
    datasets,
    sections,
    totalMs: Math.round(performance.now() - started),
  };
  console.log(`\n${renderTerminal(run)}`);
  const written = await writeResults(run);
  console.log(
    `\nWrote ${written.markdown} and ${written.json}; \`npm run bench -- --readme\` copies the summary into README.md`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
