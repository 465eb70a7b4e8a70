/**
 * The shape of partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as the loader reads them
 * from Neo4j, and a number per date text that lets the loader share one copy of each date
 * among a million rows without hashing every decoded string. This is a key for sharing, not
 * a check: whether a date is on the calendar (no 02-31) is said by the shared record
 * validation (`analysis/record-schema.ts`), as for every source.
 */

/** The shape of a partial date: a year, a year and month (01–12), or a full date (day 01–31). */
export const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * A whole number that identifies a partial date written exactly as PARTIAL_DATE accepts it
 * (month 01–12, day 01–31), different for every such text; -1 for any other text.
 */
export function dateCode(text: string): number {
  const length = text.length;
  if (length !== 4 && length !== 7 && length !== 10) return -1;
  let code = 0;
  for (let i = 0; i < 4; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    code = code * 10 + digit;
  }
  if (length === 4) return code * 3;
  const month = twoDigits(text, 5);
  if (text.charCodeAt(4) !== 45 || month < 1 || month > 12) return -1;
  code = code * 13 + month;
  if (length === 7) return code * 3 + 1;
  const day = twoDigits(text, 8);
  if (text.charCodeAt(7) !== 45 || day < 1 || day > 31) return -1;
  return (code * 32 + day) * 3 + 2;
}

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  if (tens < 0 || tens > 9 || units < 0 || units > 9) return -1;
  return tens * 10 + units;
}
