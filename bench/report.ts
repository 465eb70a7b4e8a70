/**
 * Benchmark report: the run's sections as tables, printed to the terminal, written as
 * `bench/results/<date>-<host>.json` (everything, git-ignored) and `.md` (committed), and the
 * summary copied into the README between `<!-- bench:start -->` and `<!-- bench:end -->`.
 * Ratios are peer time ÷ our time (above 1: we are faster), taken in the same run because the
 * machine is shared and noisy.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { BenchDataset, MachineInfo, SectionOutcome } from './harness.ts';
import { ROOT, RESULTS_DIR, SECTIONS } from './harness.ts';

/** Everything one `npm run bench` measured. */
export interface BenchRun {
  date: string;
  command: string;
  machine: MachineInfo;
  quick: boolean;
  datasets: BenchDataset[];
  sections: SectionOutcome[];
  totalMs: number;
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

type Row = Record<string, unknown>;

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number for a table: ms-like values to 0.1 below 10, whole above; ratios to 2 places. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value)) return String(value);
    const abs = Math.abs(value);
    if (abs >= 100) return String(Math.round(value));
    if (abs >= 10) return value.toFixed(1);
    if (abs >= 0.01) return value.toFixed(2);
    return value.toPrecision(2);
  }
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Flatten one level of nesting (`edgeList.oursMs`), adding peer ÷ ours ratios where both exist. */
function flatten(row: Row): Row {
  const flat: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) flat[`${key}.${k}`] = v;
      const ours = value['oursMs'];
      for (const peer of ['networkx', 'igraph']) {
        const theirs = value[`${peer}Ms`];
        if (typeof ours === 'number' && typeof theirs === 'number' && ours > 0)
          flat[`${key}.${peer}÷ours`] = theirs / ours;
      }
    } else flat[key] = value;
  }
  return flat;
}

/** Rows of objects as one table (columns in order of first appearance). */
export function tableOf(title: string, rows: unknown[]): Table {
  const flat = rows.map((r) => (isObject(r) ? flatten(r) : { value: r }));
  const columns: string[] = [];
  for (const r of flat) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return { title, columns, rows: flat.map((r) => columns.map((c) => formatValue(r[c]))) };
}

interface PeerTiming {
  ms: number;
  agreement?: { maxAbsError: number; top10: number | null };
}
interface MetricsRow {
  dataset: string;
  businesses: number;
  collaborations: number;
  betweenness: string | number;
  metrics: { metric: string; ms: number; note?: string; peers: Record<string, PeerTiming | undefined> }[];
  report: { singleThreadMs: number; workerMs: number };
  graphologyBetweennessMs: number | null;
  peerTotals: Record<string, { metricsMs: number; processMs: number; note?: string } | undefined>;
  peerErrors: string[];
}

const ratio = (theirs: number | undefined, ours: number): string =>
  theirs === undefined || ours <= 0 ? '' : formatValue(theirs / ours);

function agreementText(p: PeerTiming | undefined): string {
  const a = p?.agreement;
  if (!a) return '';
  return `${a.top10 === null ? '' : `top10 ${a.top10}/10, `}err ${formatValue(a.maxAbsError)}`;
}

/** The metrics section: a summary per network and the detail per metric. */
function metricsTables(rows: unknown[]): { summary: Table[]; detail: Table[] } {
  const ok = rows.filter((r): r is MetricsRow => isObject(r) && Array.isArray(r['metrics']));
  const failed = rows.filter((r) => isObject(r) && !Array.isArray(r['metrics']));
  const summary: Table = {
    title:
      'metrics: all report metrics (sum) and the full report, vs peers (* peer time extrapolated from sampled sources)',
    columns: [
      'dataset',
      'businesses',
      'betweenness',
      'ours ms',
      'report 1 thread ms',
      'report worker ms',
      'networkx ms',
      'nx÷ours',
      'igraph ms',
      'ig÷ours',
    ],
    rows: ok.map((r) => {
      // Sum of our metrics the peers also computed, for like-for-like totals.
      const ours = r.metrics.filter((m) => Object.keys(m.peers).length > 0).reduce((s, m) => s + m.ms, 0);
      const nx = r.peerTotals['networkx']?.metricsMs;
      const ig = r.peerTotals['igraph']?.metricsMs;
      return [
        r.dataset,
        String(r.businesses),
        String(r.betweenness),
        formatValue(ours),
        formatValue(r.report.singleThreadMs),
        formatValue(r.report.workerMs),
        formatValue(nx) + (r.peerTotals['networkx']?.note ? ' *' : ''),
        ratio(nx, ours),
        formatValue(ig) + (r.peerTotals['igraph']?.note ? ' *' : ''),
        ratio(ig, ours),
      ];
    }),
  };
  const detail: Table = {
    title: 'metrics: per metric (ratio = peer ÷ ours; agreement: top-10 overlap and max abs error)',
    columns: [
      'dataset',
      'metric',
      'ours ms',
      'networkx ms',
      'nx÷ours',
      'nx agreement',
      'igraph ms',
      'ig÷ours',
      'ig agreement',
    ],
    rows: ok.flatMap((r) =>
      r.metrics.map((m) => [
        r.dataset,
        m.metric,
        formatValue(m.ms),
        formatValue(m.peers['networkx']?.ms),
        ratio(m.peers['networkx']?.ms, m.ms),
        agreementText(m.peers['networkx']),
        formatValue(m.peers['igraph']?.ms),
        ratio(m.peers['igraph']?.ms, m.ms),
        agreementText(m.peers['igraph']),
      ]),
    ),
  };
  const extra = ok.flatMap((r) => r.peerErrors.map((e) => ({ dataset: r.dataset, error: e })));
  const errors = [...failed, ...extra];
  return {
    summary: [summary],
    detail: [summary, detail, ...(errors.length ? [tableOf('metrics: errors', errors)] : [])],
  };
}

/** Tables of one section: a short summary (README) and the full detail (results .md, terminal). */
export function sectionTables(outcome: SectionOutcome): { summary: Table[]; detail: Table[] } {
  if (outcome.status !== 'ok') return { summary: [], detail: [] };
  const rows = Array.isArray(outcome.result) ? outcome.result : [outcome.result];
  if (outcome.name === 'metrics') return metricsTables(rows);
  // An object of row lists ({ memory: [...], load: [...] }): one table per list, the rest in one row.
  const result = outcome.result;
  if (isObject(result) && Object.values(result).some((v) => Array.isArray(v) && v.every(isObject))) {
    const tables: Table[] = [];
    const rest: Row = {};
    for (const [key, value] of Object.entries(result)) {
      if (Array.isArray(value) && value.every(isObject))
        tables.push(tableOf(`${outcome.name}: ${key}`, value));
      else rest[key] = value;
    }
    if (Object.keys(rest).length > 0) tables.push(tableOf(`${outcome.name}: other`, [rest]));
    return { summary: tables, detail: tables };
  }
  const table = tableOf(outcome.name, rows);
  return { summary: [table], detail: [table] };
}

function statusLine(outcome: SectionOutcome): string {
  const spec = SECTIONS.find((s) => s.name === outcome.name);
  const what = spec ? ` (${spec.summary})` : '';
  if (outcome.status === 'ok')
    return `${outcome.name}: ok in ${formatValue(outcome.ms / 1000)} s, peak RSS ${outcome.maxRssMb} MB${what}`;
  return `${outcome.name}: not available: ${outcome.reason}`;
}

function machineLine(run: BenchRun): string {
  const m = run.machine;
  return (
    `${m.host}: ${m.cpu} × ${m.cores}, ${m.memoryGb} GB RAM (${m.freeMemoryGb} free), Node ${m.node}, ` +
    `commit ${m.commit}; load average at start ${m.loadAverage.join(' / ')} (a shared machine: compare ratios, not times)`
  );
}

function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${t.columns.map(esc).join(' | ')} |`,
    `| ${t.columns.map(() => '---').join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** The summary block (what the README shows). */
export function renderSummary(run: BenchRun): string {
  const lines = [
    `Measured ${run.date.slice(0, 16).replace('T', ' ')} UTC with \`${run.command}\` on ${machineLine(run)}.`,
    '',
    `Networks: ${run.datasets.map((d) => `${d.name} (${d.businesses} businesses, ${d.collaborations} collaboration rows)`).join(', ')}.`,
    '',
    ...run.sections.map((s) => `- ${statusLine(s)}`),
  ];
  for (const s of run.sections) {
    for (const t of sectionTables(s).summary) lines.push('', `**${t.title}**`, '', markdownTable(t));
  }
  return lines.join('\n');
}

/** The full markdown report of a run. */
export function renderMarkdown(run: BenchRun): string {
  const lines = [
    `# Benchmark ${run.date.slice(0, 10)} on ${run.machine.host}`,
    '',
    '## Summary',
    '',
    renderSummary(run),
    '',
    '## Detail',
  ];
  for (const s of run.sections) {
    lines.push('', `### ${s.name}`, '', statusLine(s));
    for (const t of sectionTables(s).detail) lines.push('', `**${t.title}**`, '', markdownTable(t));
  }
  lines.push(
    '',
    `Total ${formatValue(run.totalMs / 1000)} s. Raw figures: the .json of the same name (not committed).`,
  );
  return `${lines.join('\n')}\n`;
}

function textTable(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [t.title, line(t.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join(
    '\n',
  );
}

/** The terminal report. */
export function renderTerminal(run: BenchRun): string {
  const parts = [machineLine(run), ''];
  for (const s of run.sections) {
    parts.push(statusLine(s));
    for (const t of sectionTables(s).detail) parts.push('', textTable(t));
    parts.push('');
  }
  parts.push(`Total ${formatValue(run.totalMs / 1000)} s`);
  return parts.join('\n');
}

/** Write `<date>-<host>.json` and `.md` into bench/results; returns their paths. */
export async function writeResults(
  run: BenchRun,
  dir = RESULTS_DIR,
): Promise<{ json: string; markdown: string }> {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${run.date.slice(0, 10)}-${run.machine.host.replace(/[^\w.-]+/g, '_')}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(run, null, 2)}\n`);
  const { format } = await import('prettier');
  writeFileSync(`${base}.md`, await format(renderMarkdown(run), { parser: 'markdown' }));
  return { json: `${base}.json`, markdown: `${base}.md` };
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/**
 * Copy the summary of the newest `bench/results/<date>-<host>.md` into the README between the markers.
 * @returns the results file used
 */
export async function updateReadme(readme = join(ROOT, 'README.md'), dir = RESULTS_DIR): Promise<string> {
  const latest = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^\d{4}-\d{2}-\d{2}-.+\.md$/.test(f))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
    : undefined;
  if (!latest) throw new Error('no bench/results/*.md yet: run `npm run bench` first');
  const md = readFileSync(latest, 'utf8');
  const start = md.indexOf('## Summary');
  const end = md.indexOf('## Detail');
  if (start < 0 || end < start) throw new Error(`${latest} has no "## Summary" section`);
  // Formatted as the rest of the README is (prettier), so `npm run format:check` stays clean.
  const { format } = await import('prettier');
  const summary = (await format(md.slice(start + '## Summary'.length, end), { parser: 'markdown' })).trim();
  const text = readFileSync(readme, 'utf8');
  const a = text.indexOf(README_START);
  const b = text.indexOf(README_END);
  if (a < 0 || b < a) throw new Error(`${readme} lacks the markers ${README_START} … ${README_END}`);
  const path = relative(dirname(readme), latest);
  const link = `Full results: [${path}](${path}).`;
  writeFileSync(
    readme,
    `${text.slice(0, a + README_START.length)}\n\n${summary}\n\n${link}\n\n${text.slice(b)}`,
  );
  return latest;
}
