/**
 * Cell decoders for the CSV bundle: text to a number or a boolean, or an issue that says how
 * to write it. Ranges, dates and the rest are checked by the shared record validation
 * (`data/validate-records.ts`), as for every source.
 */
import type { IssueList, IssueLocation } from '../issue-list.ts';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function decimal(text: string): number | undefined {
  const value = Number(text);
  return DECIMAL.test(text) && Number.isFinite(value) ? value : undefined;
}

/** A number written in plain decimal digits (an exponent allowed). */
export function parseNumber(
  text: string | undefined,
  where: IssueLocation,
  label: string,
  issues: IssueList,
): number | undefined {
  if (text === undefined) return undefined;
  const value = decimal(text);
  if (value === undefined) {
    issues.add({
      ...where,
      message: `${label} "${text}" is not a number; use plain decimal digits with a dot (e.g. 2.5)`,
    });
    return undefined;
  }
  return value;
}

/**
 * A whole number's cell: any number is decoded (the record validation says when it is not
 * whole); text that is not a number is refused here, with `bounds` (e.g. " from 1 to 5").
 */
export function parseInteger(
  text: string | undefined,
  where: IssueLocation,
  label: string,
  issues: IssueList,
  bounds = '',
): number | undefined {
  if (text === undefined) return undefined;
  const value = decimal(text);
  if (value === undefined) {
    issues.add({ ...where, message: `${label} "${text}" must be a whole number${bounds}` });
    return undefined;
  }
  return value;
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
