/**
 * Writes network records as a CSV bundle directory. Files are written to temporary
 * names and renamed into place only when all four are complete, so a failed write
 * never leaves a half bundle behind; a failed write (a full disk) is one clear error.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { temporaryPath, writeFailure } from '../write-file.ts';
import { ALIAS_SEPARATOR } from './cells.ts';
import {
  BUNDLE_FILES,
  BUSINESS_COLUMNS,
  CAPABILITY_COLUMNS,
  COLLABORATION_COLUMNS,
  NEED_COLUMNS,
} from './columns.ts';

type Cell = string | number | undefined;
const CHUNK = 20_000;

/** A bare CR or LF is quoted too (csv-stringify quotes only the whole record delimiter). */
const stringify = (rows: Cell[][]) => stringifyCsv(rows, { quoted_match: /[\r\n]/ });

function writeCsv(path: string, header: readonly string[], rows: Iterable<Cell[]>): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, stringify([[...header]]));
    let chunk: Cell[][] = [];
    for (const row of rows) {
      chunk.push(row);
      if (chunk.length === CHUNK) {
        writeSync(fd, stringify(chunk.map((r) => r.map((c) => c ?? ''))));
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, stringify(chunk.map((r) => r.map((c) => c ?? ''))));
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `records` into `dir` (created if missing) as businesses.csv, capabilities.csv,
 * needs.csv and collaborations.csv. Extra business attributes become extra columns.
 * @throws SourceUnavailableError when a file cannot be written (nothing is left behind)
 */
export function writeBundle(dir: string, records: NetworkRecords): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw writeFailure(dir, error, 'choose another folder');
  }
  const extra = [...new Set(records.businesses.flatMap((b) => Object.keys(b.attributes ?? {})))].filter(
    (c) => !(BUSINESS_COLUMNS as readonly string[]).includes(c),
  );
  // A folder where a file goes would fail the rename after the other files were replaced.
  for (const name of Object.values(BUNDLE_FILES)) {
    const path = join(dir, name);
    if (isFolder(path))
      throw writeFailure(
        path,
        Object.assign(new Error('is a folder'), { code: 'EISDIR' }),
        'remove it or choose another folder',
      );
  }
  const tmp = (name: string) => temporaryPath(join(dir, name));
  const written: string[] = [];
  let current = dir;
  try {
    current = join(dir, BUNDLE_FILES.businesses);
    writeCsv(
      tmp(BUNDLE_FILES.businesses),
      [...BUSINESS_COLUMNS, ...extra],
      (function* () {
        for (const b of records.businesses) {
          yield [
            b.id,
            b.name,
            b.sector,
            b.size,
            b.site,
            b.lat,
            b.lon,
            b.founded,
            b.description,
            b.aliases?.length ? b.aliases.join(ALIAS_SEPARATOR) : undefined,
            ...extra.map((c) => b.attributes?.[c]),
          ];
        }
      })(),
    );
    written.push(BUNDLE_FILES.businesses);
    current = join(dir, BUNDLE_FILES.capabilities);
    writeCsv(
      tmp(BUNDLE_FILES.capabilities),
      CAPABILITY_COLUMNS,
      (function* () {
        for (const c of records.capabilities)
          yield [c.businessId, c.capability, c.level, c.category, c.confidential ? 'true' : undefined];
      })(),
    );
    written.push(BUNDLE_FILES.capabilities);
    current = join(dir, BUNDLE_FILES.needs);
    writeCsv(
      tmp(BUNDLE_FILES.needs),
      NEED_COLUMNS,
      (function* () {
        for (const n of records.needs)
          yield [n.businessId, n.capability, n.priority, n.confidential ? 'true' : undefined];
      })(),
    );
    written.push(BUNDLE_FILES.needs);
    current = join(dir, BUNDLE_FILES.collaborations);
    writeCsv(
      tmp(BUNDLE_FILES.collaborations),
      COLLABORATION_COLUMNS,
      (function* () {
        for (const c of records.collaborations)
          yield [c.source, c.target, c.weight, c.start, c.end, c.kind, c.project];
      })(),
    );
    written.push(BUNDLE_FILES.collaborations);
  } catch (error) {
    for (const name of Object.values(BUNDLE_FILES)) rmSync(tmp(name), { force: true });
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw writeFailure(current, error, 'choose another folder');
  }
  try {
    for (const name of written) {
      current = join(dir, name);
      renameSync(tmp(name), current);
    }
  } catch (error) {
    for (const name of written) rmSync(tmp(name), { force: true });
    throw writeFailure(current, error, 'choose another folder');
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
