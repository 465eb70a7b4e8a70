/**
 * Readers for CORDIS exports as published: the JSON export of the CORDIS website
 * (organization.json, project.json: arrays of records) and the open-data CSV files (comma or
 * semicolon delimited, detected from the header; quoted fields, which may span lines; UTF-8
 * with or without BOM). Each returns plain rows of text fields with the CSV line where the row
 * starts, or the 1-based record number of the JSON array, for error messages. Rows whose field
 * count differs from the header are kept with a `problem` for the converter to report. A file
 * that is not UTF-8 (re-saved as Latin-1 or Windows-1252) is refused with the line of its first
 * bad byte: decoding it anyway would write names with `�` into the bundle.
 * Reference: CORDIS open data, https://cordis.europa.eu/about/services/opendata
 */
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BundleError, type BundleIssue, SourceUnavailableError } from '../../analysis/errors.ts';
import { decodeUtf8, MAX_TEXT_FILE_BYTES, RecordLines, tooLarge } from '../text-file.ts';

export interface RawRow {
  /** 1-based line where the row starts in a CSV file (header = 1), or 1-based record of a JSON array. */
  at: number;
  /** `line` (CSV, the default) or `record` (JSON), so messages say which. */
  unit?: 'line' | 'record';
  fields: Record<string, string>;
  /** Set when the row is malformed (e.g. wrong number of fields); the converter skips and reports it. */
  problem?: string;
  /** Set when the row is read but doubtful; reported, not skipped. */
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

/** The error for a file that is not a readable CORDIS export. */
function refused(issue: BundleIssue): BundleError {
  return new BundleError([issue], BundleError.describe([issue], 'The CORDIS export'));
}

/**
 * A JSON value as the text of a cell: a list of values joined by `;` (as CORDIS writes
 * `topics`), an object as its JSON, never "[object Object]" (the value would be lost unseen).
 */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? value.trim() : String(value);
}

/** Rows of a parsed JSON export (an array of flat records); `file` names it in errors. */
export function rowsFromJson(data: unknown, file: string): RawRow[] {
  if (!Array.isArray(data))
    throw refused({ file, message: 'must be a JSON array of records, as CORDIS exports it' });
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
      throw refused({ file, message: `is not valid JSON (${(error as Error).message})` });
    }
    return { format: 'json', rows: rowsFromJson(data, file) };
  }
  const newline = body.indexOf('\n');
  const delimiter = detectDelimiter(newline >= 0 ? body.slice(0, newline) : body);
  const lines = new RecordLines(Buffer.from(body));
  let lastEnd = 0;
  let records: { record: string[]; info: { lines: number; bytes: number } }[];
  try {
    records = parse(body, {
      delimiter,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      on_record: (record: { record: string[]; info: { lines: number; bytes: number } }) => {
        lastEnd = record.info.bytes;
        return record;
      },
    }) as never;
  } catch (error) {
    const e = error as Error & { code?: string };
    const line = lines.startingAt(lastEnd);
    const message =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field opened in this row is never closed; fix the quotes (a quote inside a field is written ""), or, if the file was cut short, download it again'
        : `is not valid CSV: ${e.message}`;
    throw refused({ file, line, message });
  }
  const [header, ...rest] = records;
  if (!header || header.record.every((h) => h.trim() === ''))
    throw refused({ file, line: 1, message: 'is empty: expected a header row of CORDIS column names' });
  const names = header.record.map((h) => h.trim());
  const rows: RawRow[] = [];
  let previousEnd = header.info.bytes;
  for (const { record, info } of rest) {
    const at = lines.startingAt(previousEnd);
    previousEnd = info.bytes;
    if (record.length === 1 && record[0] === '') continue; // empty line
    const row: RawRow = {
      at,
      fields: Object.fromEntries(names.map((n, i) => [n, (record[i] ?? '').trim()])),
    };
    if (record.length !== names.length)
      row.problem = `has ${record.length} fields, the header has ${names.length} (a "${delimiter}" inside an unquoted field?)`;
    rows.push(row);
  }
  return { format: 'csv', delimiter, rows };
}

/**
 * Read a CORDIS file (JSON array or CSV) into rows of text fields.
 * Throws SourceUnavailableError when it cannot be read, BundleError when it is not a CORDIS export.
 */
export async function readCordisFile(path: string, options: ReadCordisOptions = {}): Promise<CordisFile> {
  let bytes: Buffer;
  try {
    const total = statSync(path).size;
    if (total > MAX_TEXT_FILE_BYTES) {
      throw new SourceUnavailableError(
        `Cannot read ${path}: it ${tooLarge(total).message}. Give the path of a CORDIS export file.`,
        path,
      );
    }
    const chunks: Buffer[] = [];
    let done = 0;
    for await (const chunk of createReadStream(path)) {
      chunks.push(chunk as Buffer);
      done += (chunk as Buffer).length;
      options.onProgress?.(done, total);
    }
    bytes = Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof SourceUnavailableError) throw error;
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
  const decoded = decodeUtf8(bytes);
  if (!('text' in decoded))
    throw refused({
      file: path,
      ...(decoded.line !== undefined && { line: decoded.line }),
      message: decoded.message,
    });
  return parseCordisText(decoded.text, path);
}
