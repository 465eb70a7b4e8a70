/**
 * Reads a CSV bundle directory (docs/data-format.md) into plain records: the files and cells
 * are decoded here, the records checked by the shared validation (`data/validate-records.ts`).
 * Every problem is collected with its file, line and column, and the whole bundle is
 * refused when there is any: nothing is ever half-loaded.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { type BundleIssue, SourceUnavailableError } from '../../analysis/errors.ts';
import { IssueList, MAX_ISSUES } from '../issue-list.ts';
import { decodeUtf8, readFileBytes, RecordLines, withoutBom } from '../text-file.ts';
import { type DecodedRecords, type RecordList, validateRecords } from '../validate-records.ts';
import { BUNDLE_FILES, BUSINESS_COLUMNS, REQUIRED_COLUMNS } from './columns.ts';
import { parseAliases, parseBoolean, parseInteger, parseNumber } from './cells.ts';

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** Largest accepted CSV record, to refuse a runaway line with a clear message. */
const MAX_RECORD_BYTES = 1_000_000;

export interface ReadBundleOptions {
  /** Dates after this day are refused as starts (default: today). */
  today?: Date;
  /** Stop collecting after this many problems (default 100). */
  maxIssues?: number;
}

interface Table {
  file: string;
  header: string[];
  rows: { line: number; get: (column: string) => string | undefined; cells: string[] }[];
}

async function readTable(
  dir: string,
  file: string,
  required: readonly string[],
  optional: boolean,
  issues: IssueList,
): Promise<Table | undefined> {
  const read = await readFileBytes(join(dir, file));
  if ('problem' in read) {
    if (read.problem.kind === 'missing') {
      if (!optional)
        issues.add({
          file,
          message: `is missing; a bundle needs ${file} with columns ${required.join(', ')}`,
        });
    } else issues.add({ file, message: read.problem.message });
    return undefined;
  }
  const decoded = decodeUtf8(read.bytes);
  if (!('text' in decoded)) {
    issues.add({ file, ...(decoded.line !== undefined && { line: decoded.line }), message: decoded.message });
    return undefined;
  }
  const { text } = decoded;
  if (text.trim() === '') {
    issues.add({
      file,
      line: 1,
      message: `is empty; it needs a header row with at least: ${required.join(', ')}`,
    });
    return undefined;
  }
  const lines = new RecordLines(withoutBom(read.bytes));
  let parsed: { record: string[]; info: { lines: number; bytes: number } }[];
  let lastEnd = 0;
  try {
    parsed = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (record: { info: { bytes: number } }) => {
        lastEnd = record.info.bytes;
        return record;
      },
    }) as never;
  } catch (error) {
    const e = error as Error & { code?: string };
    const hint =
      e.code === 'CSV_MAX_RECORD_SIZE'
        ? `a record is longer than ${MAX_RECORD_BYTES} characters; check for an unclosed quote or a missing line break`
        : e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'Quote Not Closed: a quoted field opened in this row is never closed; check the quoting (a quote inside a field is written ""), or, if the file was cut short, save or copy it again'
          : `${e.message.replace(/^Invalid Record Length: |^Invalid Opening Quote: /, '')}; check the quoting (a field with a comma or a quote must be wrapped in double quotes, and inner quotes doubled)`;
    issues.add({ file, line: lines.startingAt(lastEnd), message: `is not valid CSV: ${hint}` });
    return undefined;
  }
  const [head, ...body] = parsed;
  if (!head) {
    issues.add({
      file,
      line: 1,
      message: `is empty; it needs a header row with at least: ${required.join(', ')}`,
    });
    return undefined;
  }
  const header = head.record.map((h) => h.trim());
  const separator = header.length === 1 ? [';', '\t'].find((c) => header[0]?.includes(c)) : undefined;
  if (separator !== undefined) {
    issues.add({
      file,
      line: 1,
      message: `is separated by ${separator === ';' ? 'semicolons (as Excel saves CSV with European settings)' : 'tabs'}, not commas; save it as "CSV UTF-8 (comma delimited)", or replace the separators with commas (decimals take a dot: 2.5)`,
    });
    return undefined;
  }
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '')
      issues.add({ file, line: 1, message: `column ${i + 1} has an empty name; give every column a header` });
    else if (index.has(name))
      issues.add({ file, line: 1, column: name, message: `column "${name}" appears twice; keep one` });
    else index.set(name, i);
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    issues.add({
      file,
      line: 1,
      message: `is missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (found: ${header.join(', ')})`,
    });
    return undefined;
  }
  const rows: Table['rows'] = [];
  let previousEnd = head.info.bytes;
  for (const { record, info } of body) {
    const line = lines.startingAt(previousEnd);
    previousEnd = info.bytes;
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      issues.add({
        file,
        line,
        message: `has ${record.length} fields but the header has ${header.length}; quote fields that contain commas`,
      });
      continue;
    }
    rows.push({
      line,
      cells: record,
      get: (column) => {
        const i = index.get(column);
        if (i === undefined) return undefined;
        const v = record[i]?.trim();
        return v === '' ? undefined : v;
      },
    });
  }
  return { file, header, rows };
}

/**
 * Read the bundle in `dir`: businesses.csv and collaborations.csv are required,
 * capabilities.csv and needs.csv optional.
 * @throws BundleError listing every problem (file, line, column, what to fix)
 * @throws SourceUnavailableError when `dir` is not a readable directory
 */
export async function readBundle(dir: string, options: ReadBundleOptions = {}): Promise<NetworkRecords> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory())
      throw new SourceUnavailableError(
        `${dir} is not a directory; point DATA_DIR / --data at a bundle folder`,
        dir,
      );
  } catch (error) {
    if (error instanceof SourceUnavailableError) throw error;
    throw new SourceUnavailableError(
      `Data directory ${dir} does not exist; point DATA_DIR / --data at a bundle folder`,
      dir,
      { cause: error },
    );
  }
  const issues = new IssueList(options.maxIssues ?? MAX_ISSUES);
  const [bizT, capT, needT, collabT] = await Promise.all([
    readTable(dir, BUNDLE_FILES.businesses, REQUIRED_COLUMNS.businesses, false, issues),
    readTable(dir, BUNDLE_FILES.capabilities, REQUIRED_COLUMNS.capabilities, true, issues),
    readTable(dir, BUNDLE_FILES.needs, REQUIRED_COLUMNS.needs, true, issues),
    readTable(dir, BUNDLE_FILES.collaborations, REQUIRED_COLUMNS.collaborations, false, issues),
  ]);
  // The line of every decoded record, by list, for the validation's messages.
  const lines: Record<RecordList, number[]> = {
    businesses: [],
    capabilities: [],
    needs: [],
    collaborations: [],
  };
  const decoded: DecodedRecords = { businesses: [], capabilities: [], needs: [], collaborations: [] };
  const push = (list: RecordList, line: number, record: Record<string, unknown>) => {
    lines[list].push(line);
    decoded[list].push(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));
  };
  const at = (file: string, line: number) => (column: string) => ({ file, line, column });

  if (bizT) {
    const known = new Set<string>(BUSINESS_COLUMNS);
    const extra = bizT.header.filter((h) => h !== '' && !known.has(h));
    for (const row of bizT.rows) {
      const cell = at(bizT.file, row.line);
      // No prototype: a column named __proto__ is kept as an attribute like any other.
      const attributes: Record<string, string> = Object.create(null);
      for (const column of extra) {
        const v = row.get(column);
        if (v !== undefined) attributes[column] = v;
      }
      push('businesses', row.line, {
        id: row.get('id') ?? '',
        name: row.get('name') ?? '',
        sector: row.get('sector'),
        size: parseInteger(row.get('size'), cell('size'), 'size (employees)', issues),
        site: row.get('site'),
        lat: parseNumber(row.get('lat'), cell('lat'), 'lat', issues),
        lon: parseNumber(row.get('lon'), cell('lon'), 'lon', issues),
        founded: parseInteger(row.get('founded'), cell('founded'), 'founded (year)', issues),
        description: row.get('description'),
        aliases: nonEmpty(parseAliases(row.get('aliases'))),
        attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      });
    }
  }
  for (const row of capT?.rows ?? []) {
    const cell = at(BUNDLE_FILES.capabilities, row.line);
    push('capabilities', row.line, {
      businessId: row.get('business_id') ?? '',
      capability: row.get('capability') ?? '',
      level: parseInteger(row.get('level'), cell('level'), 'level', issues, ' from 1 to 5'),
      category: row.get('category'),
      confidential: parseBoolean(row.get('confidential'), cell('confidential'), issues) || undefined,
    });
  }
  for (const row of needT?.rows ?? []) {
    const cell = at(BUNDLE_FILES.needs, row.line);
    push('needs', row.line, {
      businessId: row.get('business_id') ?? '',
      capability: row.get('capability') ?? '',
      priority: parseInteger(row.get('priority'), cell('priority'), 'priority', issues, ' from 1 to 5'),
      confidential: parseBoolean(row.get('confidential'), cell('confidential'), issues) || undefined,
    });
  }
  for (const row of collabT?.rows ?? []) {
    const cell = at(BUNDLE_FILES.collaborations, row.line);
    push('collaborations', row.line, {
      source: row.get('source') ?? '',
      target: row.get('target') ?? '',
      weight: parseNumber(row.get('weight'), cell('weight'), 'weight', issues),
      start: row.get('start'),
      end: row.get('end'),
      kind: row.get('kind'),
      project: row.get('project'),
    });
  }
  // Without businesses.csv every reference would be "unknown": report the missing file only.
  if (!bizT) issues.throwIfAny(inBundleOrder);

  return validateRecords(decoded, {
    issues,
    ...(options.today !== undefined && { today: options.today }),
    order: inBundleOrder,
    locate: (list, index, field) => ({
      file: BUNDLE_FILES[list],
      line: lines[list][index] as number,
      ...(field !== undefined && { column: field === 'businessId' ? 'business_id' : field }),
    }),
  });
}

/** Files were read concurrently: problems in bundle order, then by line. */
function inBundleOrder(issues: BundleIssue[]): BundleIssue[] {
  const order: string[] = Object.values(BUNDLE_FILES);
  const rank = (file: string) => (order.includes(file) ? order.indexOf(file) : order.length);
  return issues.sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
