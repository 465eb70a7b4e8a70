/** Cell parsers for the CSV bundle: each returns a value or records an issue that says how to fix it. */
import type { BundleIssue } from '../../analysis/errors.ts';

/** Where a cell is: file, line, column. */
export type IssueLocation = Omit<BundleIssue, 'message'>;

/** Collects issues up to a cap, so a broken 1M-row file does not build a 1M-line error. */
export class IssueList {
  private readonly items: BundleIssue[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(issue: BundleIssue): void {
    if (this.items.length < this.max) this.items.push(issue);
    else this.dropped++;
  }
  get length(): number {
    return this.items.length + this.dropped;
  }
  all(): BundleIssue[] {
    return this.dropped > 0
      ? [
          ...this.items,
          { file: 'bundle', message: `${this.dropped} more problems not listed; fix the ones above first` },
        ]
      : [...this.items];
  }
}

interface Range {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
}

export function parseNumber(
  text: string | undefined,
  range: Range,
  where: IssueLocation,
  label: string,
  issues: IssueList,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(value)) {
    issues.add({
      ...where,
      message: `${label} "${text}" is not a number; use plain decimal digits with a dot (e.g. 2.5)`,
    });
    return undefined;
  }
  const { min, max, exclusiveMin } = range;
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    issues.add({
      ...where,
      message: `${label} ${text} must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`,
    });
    return undefined;
  }
  if (max !== undefined && value > max) {
    issues.add({ ...where, message: `${label} ${text} must be at most ${max}` });
    return undefined;
  }
  return value;
}

export function parseInteger(
  text: string | undefined,
  range: Range,
  where: IssueLocation,
  label: string,
  issues: IssueList,
): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text)) {
    const bounds =
      range.min !== undefined && range.max !== undefined ? ` from ${range.min} to ${range.max}` : '';
    issues.add({ ...where, message: `${label} "${text}" must be a whole number${bounds}` });
    return undefined;
  }
  return parseNumber(text, range, where, label, issues);
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export function parseBoolean(
  text: string | undefined,
  where: IssueLocation,
  issues: IssueList,
): boolean | undefined {
  if (text === undefined) return undefined;
  const t = text.toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  issues.add({ ...where, message: `"${text}" is not true or false` });
  return undefined;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) and the first day it denotes. */
export function parseDate(
  text: string | undefined,
  where: IssueLocation,
  issues: IssueList,
): { text: string; date: Date } | undefined {
  if (text === undefined) return undefined;
  const m = DATE.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = m[2] === undefined ? 1 : Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (year >= 1000 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return { text, date };
  }
  issues.add({
    ...where,
    message: `"${text}" is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-03-01)`,
  });
  return undefined;
}

/** Separator of the aliases in one `aliases` cell of businesses.csv. */
export const ALIAS_SEPARATOR = '|';

/** The aliases of one `aliases` cell: split on `|`, trimmed, empty and repeated ones dropped. */
export function parseAliases(cell: string | undefined): string[] {
  if (cell === undefined) return [];
  return [
    ...new Set(
      cell
        .split(ALIAS_SEPARATOR)
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
}
