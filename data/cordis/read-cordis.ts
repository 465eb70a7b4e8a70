/**
 * Readers for CORDIS exports as published: the JSON export of the CORDIS website
 * (organization.json, project.json) and the open-data CSV files (comma or semicolon
 * delimited, quoted, UTF-8 with or without BOM). Each returns plain rows with the line (CSV)
 * or record index (JSON) they came from, for error messages.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { BundleError, SourceUnavailableError } from '../../analysis/errors.ts';

export interface RawRow {
  /** 1-based line of a CSV file (header = 1), or 1-based record of a JSON array. */
  at: number;
  fields: Record<string, string>;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}

/** Read a CORDIS file (JSON array or CSV) into rows of text fields. */
export async function readCordisFile(path: string): Promise<{ rows: RawRow[]; format: 'json' | 'csv' }> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourceUnavailableError(`Cannot read ${path}: ${(error as Error).message}`, path, {
      cause: error,
    });
  }
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  const head = raw.trimStart();
  if (head.startsWith('[') || head.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (error) {
      throw new BundleError([{ file: path, message: `is not valid JSON (${(error as Error).message})` }]);
    }
    if (!Array.isArray(data))
      throw new BundleError([
        { file: path, message: 'must be a JSON array of records, as CORDIS exports it' },
      ]);
    return {
      format: 'json',
      rows: data.map((record, i) => ({
        at: i + 1,
        fields: Object.fromEntries(
          Object.entries((record ?? {}) as Record<string, unknown>).map(([k, v]) => [k, text(v)]),
        ),
      })),
    };
  }
  const firstLine = raw.slice(0, raw.indexOf('\n') >= 0 ? raw.indexOf('\n') : raw.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(raw, {
      delimiter,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as never;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new BundleError([
      {
        file: path,
        ...(e.lines !== undefined && { line: e.lines }),
        message: `is not valid CSV: ${e.message}`,
      },
    ]);
  }
  const [header, ...body] = records;
  if (!header) throw new BundleError([{ file: path, line: 1, message: 'is empty' }]);
  const names = header.record.map((h) => h.trim());
  return {
    format: 'csv',
    rows: body.map(({ record, info }) => ({
      at: info.lines,
      fields: Object.fromEntries(names.map((n, i) => [n, (record[i] ?? '').trim()])),
    })),
  };
}
