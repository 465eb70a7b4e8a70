/**
 * Reads and validates a CSV bundle directory (docs/data-format.md) into plain records.
 * Every problem is collected with its file, line and column, and the whole bundle is
 * refused when there is any: nothing is ever half-loaded.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type {
  Business,
  CapabilityRecord,
  CollaborationRecord,
  NeedRecord,
  NetworkRecords,
} from '../../analysis/domain.ts';
import { BundleError, SourceUnavailableError } from '../../analysis/errors.ts';
import { BUNDLE_FILES, BUSINESS_COLUMNS, REQUIRED_COLUMNS } from './columns.ts';
import {
  parseAliases,
  IssueList,
  type IssueLocation,
  parseBoolean,
  parseDate,
  parseInteger,
  parseNumber,
} from './cells.ts';

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

function decode(file: string, bytes: Buffer, issues: IssueList): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    issues.add({ file, message: 'is encoded as UTF-16; save it as UTF-8 (with or without BOM)' });
    return undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Find the first invalid byte's line to point at it.
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\ufffd');
    const line = bad >= 0 ? lossy.slice(0, bad).split('\n').length : undefined;
    issues.add({
      file,
      ...(line !== undefined && { line }),
      message: 'is not valid UTF-8 (it looks like Latin-1 or Windows-1252); re-save it as UTF-8',
    });
    return undefined;
  }
}

async function readTable(
  dir: string,
  file: string,
  required: readonly string[],
  optional: boolean,
  issues: IssueList,
): Promise<Table | undefined> {
  const path = join(dir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (!optional)
        issues.add({
          file,
          message: `is missing; a bundle needs ${file} with columns ${required.join(', ')}`,
        });
      return undefined;
    }
    issues.add({ file, message: `cannot be read (${(error as Error).message})` });
    return undefined;
  }
  const text = decode(file, bytes, issues);
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    issues.add({
      file,
      line: 1,
      message: `is empty; it needs a header row with at least: ${required.join(', ')}`,
    });
    return undefined;
  }
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    }) as never;
  } catch (error) {
    const e = error as Error & { lines?: number; code?: string };
    const hint =
      e.code === 'CSV_MAX_RECORD_SIZE'
        ? `a record is longer than ${MAX_RECORD_BYTES} characters; check for an unclosed quote or a missing line break`
        : `${e.message.replace(/^Invalid Record Length: |^Invalid Opening Quote: /, '')}; check the quoting (a field with a comma or a quote must be wrapped in double quotes, and inner quotes doubled)`;
    issues.add({
      file,
      ...(e.lines !== undefined && { line: e.lines }),
      message: `is not valid CSV: ${hint}`,
    });
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
  for (const { record, info } of body) {
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      issues.add({
        file,
        line: info.lines,
        message: `has ${record.length} fields but the header has ${header.length}; quote fields that contain commas`,
      });
      continue;
    }
    rows.push({
      line: info.lines,
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
  const today = options.today ?? new Date();
  const issues = new IssueList(options.maxIssues ?? 100);
  const [bizT, capT, needT, collabT] = await Promise.all([
    readTable(dir, BUNDLE_FILES.businesses, REQUIRED_COLUMNS.businesses, false, issues),
    readTable(dir, BUNDLE_FILES.capabilities, REQUIRED_COLUMNS.capabilities, true, issues),
    readTable(dir, BUNDLE_FILES.needs, REQUIRED_COLUMNS.needs, true, issues),
    readTable(dir, BUNDLE_FILES.collaborations, REQUIRED_COLUMNS.collaborations, false, issues),
  ]);

  const businesses: Business[] = [];
  const firstLine = new Map<string, number>();
  if (bizT) {
    const known = new Set<string>(BUSINESS_COLUMNS);
    const extra = bizT.header.filter((h) => h !== '' && !known.has(h));
    for (const row of bizT.rows) {
      const at = (column: string) => ({ file: bizT.file, line: row.line, column });
      const id = row.get('id');
      const name = row.get('name');
      if (!id) {
        issues.add({ ...at('id'), message: 'id is empty; every business needs a unique id' });
        continue;
      }
      if (!name) issues.add({ ...at('name'), message: `business "${id}" has no name` });
      const seen = firstLine.get(id);
      if (seen !== undefined) {
        issues.add({
          ...at('id'),
          message: `duplicate business id "${id}" (first on line ${seen}); ids must be unique`,
        });
        continue;
      }
      firstLine.set(id, row.line);
      const size = parseInteger(row.get('size'), { min: 0 }, at('size'), 'size (employees)', issues);
      const lat = parseNumber(row.get('lat'), { min: -90, max: 90 }, at('lat'), 'lat', issues);
      const lon = parseNumber(row.get('lon'), { min: -180, max: 180 }, at('lon'), 'lon', issues);
      const founded = parseInteger(
        row.get('founded'),
        { min: 1000, max: today.getUTCFullYear() },
        at('founded'),
        'founded (year)',
        issues,
      );
      const attributes: Record<string, string> = {};
      for (const column of extra) {
        const v = row.get(column);
        if (v !== undefined) attributes[column] = v;
      }
      const sector = row.get('sector');
      const site = row.get('site');
      const description = row.get('description');
      const aliases = parseAliases(row.get('aliases'));
      businesses.push({
        id,
        name: name ?? id,
        ...(sector !== undefined && { sector }),
        ...(size !== undefined && { size }),
        ...(site !== undefined && { site }),
        ...(lat !== undefined && { lat }),
        ...(lon !== undefined && { lon }),
        ...(founded !== undefined && { founded }),
        ...(description !== undefined && { description }),
        ...(aliases.length > 0 && { aliases }),
        ...(extra.length > 0 && Object.keys(attributes).length > 0 && { attributes }),
      });
    }
  }
  const checkBusiness = (id: string | undefined, where: IssueLocation, role: string): id is string => {
    if (!id) {
      issues.add({ ...where, message: `${role} is empty; give a business id from businesses.csv` });
      return false;
    }
    if (bizT && !firstLine.has(id)) {
      issues.add({
        ...where,
        message: `unknown business id "${id}"; add it to businesses.csv or fix the id`,
      });
      return false;
    }
    return true;
  };

  const capabilities: CapabilityRecord[] = [];
  for (const row of capT?.rows ?? []) {
    const at = (column: string) => ({ file: BUNDLE_FILES.capabilities, line: row.line, column });
    const businessId = row.get('business_id');
    const capability = row.get('capability');
    const level = parseInteger(row.get('level'), { min: 1, max: 5 }, at('level'), 'level', issues) ?? 3;
    const confidential = parseBoolean(row.get('confidential'), at('confidential'), issues);
    const category = row.get('category');
    if (!checkBusiness(businessId, at('business_id'), 'business_id')) continue;
    if (!capability) {
      issues.add({ ...at('capability'), message: 'capability is empty; name the capability' });
      continue;
    }
    capabilities.push({
      businessId,
      capability,
      level,
      ...(category !== undefined && { category }),
      ...(confidential && { confidential }),
    });
  }

  const needs: NeedRecord[] = [];
  for (const row of needT?.rows ?? []) {
    const at = (column: string) => ({ file: BUNDLE_FILES.needs, line: row.line, column });
    const businessId = row.get('business_id');
    const capability = row.get('capability');
    const priority =
      parseInteger(row.get('priority'), { min: 1, max: 5 }, at('priority'), 'priority', issues) ?? 3;
    const confidential = parseBoolean(row.get('confidential'), at('confidential'), issues);
    if (!checkBusiness(businessId, at('business_id'), 'business_id')) continue;
    if (!capability) {
      issues.add({ ...at('capability'), message: 'capability is empty; name the capability needed' });
      continue;
    }
    needs.push({ businessId, capability, priority, ...(confidential && { confidential }) });
  }

  const collaborations: CollaborationRecord[] = [];
  for (const row of collabT?.rows ?? []) {
    const at = (column: string) => ({ file: BUNDLE_FILES.collaborations, line: row.line, column });
    const source = row.get('source');
    const target = row.get('target');
    const weight =
      parseNumber(row.get('weight'), { min: 0, exclusiveMin: true }, at('weight'), 'weight', issues) ?? 1;
    const start = parseDate(row.get('start'), at('start'), issues);
    const end = parseDate(row.get('end'), at('end'), issues);
    const okSource = checkBusiness(source, at('source'), 'source');
    const okTarget = checkBusiness(target, at('target'), 'target');
    if (!okSource || !okTarget) continue;
    if (source === target) {
      issues.add({
        ...at('target'),
        message: `business "${source}" cannot collaborate with itself; remove the row or fix the target`,
      });
      continue;
    }
    if (start !== undefined && start.date > today) {
      issues.add({
        ...at('start'),
        message: `starts in the future (${start.text}); record collaborations that have started, or fix the date`,
      });
      continue;
    }
    if (start !== undefined && end !== undefined && end.date < start.date) {
      issues.add({
        ...at('end'),
        message: `ends (${end.text}) before it starts (${start.text}); swap or fix the dates`,
      });
      continue;
    }
    const kind = row.get('kind');
    const project = row.get('project');
    collaborations.push({
      source,
      target,
      weight,
      ...(start !== undefined && { start: start.text }),
      ...(end !== undefined && { end: end.text }),
      ...(kind !== undefined && { kind }),
      ...(project !== undefined && { project }),
    });
  }

  if (issues.length > 0) {
    // Files were read concurrently: list problems in bundle order, then by line.
    const order: string[] = Object.values(BUNDLE_FILES);
    const rank = (file: string) => (order.includes(file) ? order.indexOf(file) : order.length);
    throw new BundleError(
      issues.all().sort((a, b) => rank(a.file) - rank(b.file) || (a.line ?? 0) - (b.line ?? 0)),
    );
  }
  return { businesses, capabilities, needs, collaborations };
}
