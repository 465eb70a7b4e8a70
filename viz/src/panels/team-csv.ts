/**
 * A proposed consortium team as CSV, written in the browser with the same rules as the
 * server's reports (analysis/report/format.ts): RFC 4180 quoting, CRLF rows, numbers as plain
 * decimals, and text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
 * start of the cell or of a line inside it) neutralised with a leading apostrophe.
 * test/viz/team-csv.test.ts checks the output byte for byte against the server's `toCsv`.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_BREAK = /(\r\n|\r|\n)(?=[=+\-@\t])/g;

/** Text that a spreadsheet would execute as a formula, made inert (the server's `safeText`). */
export function safeCsvText(text: string): string {
  const lines = text.replace(FORMULA_AFTER_BREAK, "$1'");
  return FORMULA_START.test(lines) ? `'${lines}` : lines;
}

function cell(v: string | number | null): string {
  if (v === null) return '';
  // Levels and rounded shares: never an exponent at these magnitudes.
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : safeCsvText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of a header and rows (every row as long as the header). */
export function toCsvText(columns: readonly string[], rows: readonly (string | number | null)[][]): string {
  return [columns, ...rows].map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}

/** What the CSV needs of a team: part of the API's `Team` (api/contract.ts). */
export interface TeamForCsv {
  members: {
    id: string;
    name: string;
    sector: string | null;
    brings: { capability: string; level: number }[];
  }[];
  uncovered: string[];
  components: { cohesion: number };
  existingTies: [string, string][];
}

/**
 * One row per member: the team's number, coverage and cohesion, the member, its level in each
 * required capability (empty where it does not hold it) and whom in the team it has worked
 * with; a last row `(not covered)` marks each capability nobody in the team brings.
 */
export function teamToCsv(team: TeamForCsv, teamNumber: number, required: readonly string[]): string {
  const coverage = required.length > 0 ? (required.length - team.uncovered.length) / required.length : 1;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const names = new Map(team.members.map((m) => [m.id, m.name]));
  const columns = [
    'team',
    'coverage',
    'cohesion',
    'business_id',
    'business',
    'sector',
    ...required.map((c) => `level: ${c}`),
    'worked_with',
  ];
  const rows = team.members.map((m) => {
    const level = new Map(m.brings.map((b) => [b.capability, b.level]));
    const partners = team.existingTies
      .filter(([a, b]) => a === m.id || b === m.id)
      .map(([a, b]) => names.get(a === m.id ? b : a) ?? (a === m.id ? b : a));
    return [
      teamNumber,
      round(coverage),
      round(team.components.cohesion),
      m.id,
      m.name,
      m.sector,
      ...required.map((c) => level.get(c) ?? null),
      partners.join('; '),
    ];
  });
  if (team.uncovered.length > 0)
    rows.push([
      teamNumber,
      round(coverage),
      round(team.components.cohesion),
      null,
      '(not covered)',
      null,
      ...required.map((c) => (team.uncovered.includes(c) ? 'missing' : null)),
      null,
    ]);
  return toCsvText(columns, rows);
}
