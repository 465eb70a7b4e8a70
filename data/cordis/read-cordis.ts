/**
 * Readers for CORDIS exports as published: the JSON export of the CORDIS website
 * (organization.json, project.json: arrays of records) and the open-data CSV files (comma or
 * semicolon delimited, detected from the header; quoted fields, which may span lines; UTF-8
 * with or without BOM). Each returns plain rows of text fields with the CSV line where the row
 * starts, or the 1-based record number of the JSON array, for error messages. Rows whose field
 * count differs from the header are kept with a `problem` for the converter to report.
 * Reference: CORDIS open data, https://cordis.europa.eu/about/services/opendata
 */
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BundleError, SourceUnavailableError } from '../../analysis/errors.ts';

export interface RawRow {
  /** 1-based line where the row starts in a CSV file (header = 1), or 1-based record of a JSON array. */
  at: number;
  /** `line` (CSV, the default) or `record` (JSON), so messages say which. */
  unit?: 'line' | 'record';
  fields: Record<string, string>;
  /** Set when the row is malformed (e.g. wrong number of fields); the converter skips and reports it. */
  problem?: string;
  /** Set when the row is read but doubtful (e.g. bytes that are not UTF-8); reported, not skipped. */
  warning?: string;
}

export interface CordisFile {
  rows: RawRow[];
  format: 'json' | 'csv';
  /** `,` or `;` for CSV. */
  delimiter?: string;
}

export interface ReadCordisOptions {
  /** Called while the file is read, with bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}

/** Rows of a parsed JSON export (an array of flat records); `file` names it in errors. */
export function rowsFromJson(data: unknown, file: string): RawRow[] {
  if (!Array.isArray(data))
    throw new BundleError([{ file, message: 'must be a JSON array of records, as CORDIS exports it' }]);
  return data.map((record, i) => {
    const at = i + 1;
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      return { at, unit: 'record' as const, fields: {}, problem: 'is not a JSON object' };
    return {
      at,
      unit: 'record' as const,
      fields: Object.fromEntries(
        Object.entries(record as Record<string, unknown>).map(([k, v]) => [k, text(v)]),
      ),
    };
  });
}

/** The delimiter of a CORDIS CSV: `;` (the official files) or `,`, whichever the header uses more, outside quotes. */
export function detectDelimiter(headerLine: string): ',' | ';' {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parse the text of a CORDIS export (JSON array or CSV), e.g. from a test; `file` names it in
 * errors. A BOM is dropped. A quote never closed is fatal (the rest of the file would be one
 * field): BundleError with the line where the broken row starts.
 */
export function parseCordisText(raw: string, file: string): CordisFile {
  const body = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const head = body.trimStart();
  if (head.startsWith('[') || head.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (error) {
      throw new BundleError([{ file, message: `is not valid JSON (${(error as Error).message})` }]);
    }
    return { format: 'json', rows: rowsFromJson(data, file) };
  }
  const newline = body.indexOf('\n');
  const delimiter = detectDelimiter(newline >= 0 ? body.slice(0, newline) : body);
  let lastEnd = 0;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      on_record: (record: { record: string[]; info: { lines: number } }) => {
        lastEnd = record.info.lines;
        return record;
      },
    }) as never;
  } catch (error) {
    const e = error as Error & { code?: string };
    const line = lastEnd + 1;
    const message =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field opened in this row is never closed; fix the quotes (a quote inside a field is written "")'
        : `is not valid CSV: ${e.message}`;
    throw new BundleError([{ file, line, message }]);
  }
  const [header, ...rest] = records;
  if (!header || header.record.every((h) => h.trim() === ''))
    throw new BundleError([
      { file, line: 1, message: 'is empty: expected a header row of CORDIS column names' },
    ]);
  const names = header.record.map((h) => h.trim());
  const rows: RawRow[] = [];
  let start = header.info.lines + 1;
  for (const { record, info } of rest) {
    const at = start;
    start = info.lines + 1;
    if (record.length === 1 && record[0] === '') continue; // empty line
    const row: RawRow = {
      at,
      fields: Object.fromEntries(names.map((n, i) => [n, (record[i] ?? '').trim()])),
    };
    if (record.length !== names.length)
      row.problem = `has ${record.length} fields, the header has ${names.length} (a "${delimiter}" inside an unquoted field?)`;
    else if (record.some((v) => v.includes('\ufffd')))
      row.warning = 'has bytes that are not UTF-8; re-save the file as UTF-8';
    rows.push(row);
  }
  return { format: 'csv', delimiter, rows };
}

/**
 * Read a CORDIS file (JSON array or CSV) into rows of text fields.
 * Throws SourceUnavailableError when it cannot be read, BundleError when it is not a CORDIS export.
 */
export async function readCordisFile(path: string, options: ReadCordisOptions = {}): Promise<CordisFile> {
  let raw: string;
  try {
    const total = statSync(path).size;
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of createReadStream(path)) {
      chunks.push(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      options.onProgress?.(bytes, total);
    }
    raw = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new SourceUnavailableError(
      `Cannot read ${path}: ${why}. Give the path of a CORDIS export file.`,
      path,
      {
        cause: error,
      },
    );
  }
  return parseCordisText(raw, path);
}
