/**
 * Report formatting: CSV (RFC 4180, header row, plain decimal numbers, spreadsheet formula
 * injection neutralised for text cells) and JSON with provenance.
 */
import { stringify } from 'csv-stringify/sync';
import { REPORT_COLUMNS, type CentralityRow } from './centrality-report.ts';
import type { AnalysisParameters, NetworkAnalysis } from './network-analysis.ts';
import type { NetworkSummary } from './network-summary.ts';

/** A number in plain decimal notation (no exponent), shortest form that round-trips. */
export function plainNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return s;
  // Move the decimal point of the shortest round-trip digits instead of re-rounding.
  const [, sign, int = '', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + body;
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** A line break inside a cell followed by a formula character. */
const FORMULA_AFTER_BREAK = /(\r\n|\r|\n)(?=[=+\-@\t])/g;

/**
 * Text that a spreadsheet would execute as a formula gets a leading apostrophe, and so does
 * every line inside it: a reader that splits a cell at a bare CR or LF must not find a formula
 * at the start of the piece either.
 */
export function safeText(text: string): string {
  const lines = text.replace(FORMULA_AFTER_BREAK, "$1'");
  return FORMULA_START.test(lines) ? `'${lines}` : lines;
}

/** Any table of plain values as CSV; numbers stay numbers, text is neutralised. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return plainNumber(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return safeText(String(v));
  };
  return stringify([columns as string[], ...rows.map((r) => columns.map((c) => cell(r[c])))], {
    record_delimiter: '\r\n',
    // csv-stringify quotes only a cell holding the whole delimiter (CRLF); a bare CR or LF
    // left unquoted would split the row for every reader.
    quoted_match: /[\r\n]/,
  });
}

/** The centrality report as CSV, columns in REPORT_COLUMNS order. */
export function reportToCsv(rows: readonly CentralityRow[]): string {
  return toCsv(REPORT_COLUMNS, rows as unknown as Record<string, unknown>[]);
}

export interface Provenance {
  /** Version of Partner Atlas that computed it (the caller reads it; analysis/ reads no files). */
  version: string;
  /** Where the data came from (bundle folder, JSON file, Neo4j URI). */
  source: string;
  /** Snapshot id, when served by the API. */
  snapshot?: string;
  /** When the report was made (ISO 8601), passed in: analysis/ reads no clock. */
  generatedAt: string;
}

/** The report as JSON (GET /api/reports/centrality, `partner-atlas report --format json`). */
export interface CentralityReportJson {
  provenance: Provenance & {
    tool: 'partner-atlas';
    /** Content fingerprint of the analysed network. */
    dataHash: string;
    seed: number;
    parameters: AnalysisParameters;
  };
  summary: NetworkSummary;
  columns: typeof REPORT_COLUMNS;
  rows: readonly CentralityRow[];
}

/** The report as JSON: provenance (source, snapshot, data fingerprint, parameters, seed, version), summary, rows. */
export function reportToJson(
  analysis: NetworkAnalysis,
  rows: readonly CentralityRow[],
  provenance: Provenance,
): CentralityReportJson {
  return {
    provenance: {
      tool: 'partner-atlas',
      ...provenance,
      dataHash: analysis.dataHash,
      seed: analysis.parameters.seed,
      parameters: analysis.parameters,
    },
    summary: analysis.summary,
    columns: REPORT_COLUMNS,
    rows,
  };
}
