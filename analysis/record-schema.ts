/**
 * The one schema of the plain records every source returns (CSV bundle, graphology JSON,
 * Neo4j, the CORDIS converter's bundle): field types, ranges, calendar-checked partial dates,
 * the defaults of absent values. The record types of `domain.ts` are inferred from it, so the
 * types and the checks cannot drift. `data/validate-records.ts` runs it after every source and
 * adds what needs the whole network (unique ids, known businesses, no self-collaboration) and
 * the day of the load (no start in the future).
 */
import { z } from 'zod';

/** Bounds of the record fields, shared by the schema and its messages. */
export const RECORD_LIMITS = {
  lat: { min: -90, max: 90 },
  lon: { min: -180, max: 180 },
  /** Level and priority: 1 (basic / nice to have) to 5 (world class / critical). */
  scale: { min: 1, max: 5, default: 3 },
  /** Earliest year founded, and the earliest year of a date. */
  firstYear: 1000,
  defaultWeight: 1,
  /** Largest weight of one collaboration row: a summed weight stays far from overflow. */
  maxWeight: 1_000_000,
  /** Largest size (employees) of a business. */
  maxEmployees: 10_000_000,
  /** Earliest year of a collaboration's start or end (a typo such as 1020 is refused). */
  firstCollaborationYear: 1900,
} as const;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Whether `text` is a partial ISO date that exists on the calendar: `YYYY` (1000 or later),
 * `YYYY-MM` (month 01–12) or `YYYY-MM-DD` (a day the month has: no 02-30, 02-29 only in leap
 * years). Written with character codes: a million rows are checked in a few milliseconds.
 */
export function isPartialIsoDate(text: string): boolean {
  const length = text.length;
  if (length !== 4 && length !== 7 && length !== 10) return false;
  const year = digits(text, 0, 4);
  if (year < RECORD_LIMITS.firstYear) return false;
  if (length === 4) return true;
  const month = digits(text, 5, 7);
  if (text.charCodeAt(4) !== 45 || month < 1 || month > 12) return false;
  if (length === 7) return true;
  const day = digits(text, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return text.charCodeAt(7) === 45 && day >= 1 && day <= days;
}

/** The first day a partial date denotes, as `YYYY-MM-DD` text (compares as the dates do). */
export function firstDayOf(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

export const DATE_HINT = 'use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-03-01)';

/** A partial ISO date as the data gave it, checked against the calendar. */
export const PartialIsoDateSchema = z.string().refine(isPartialIsoDate, { error: 'not a date' });

const text = z.string().exactOptional();
const scale = z
  .number()
  .int()
  .min(RECORD_LIMITS.scale.min)
  .max(RECORD_LIMITS.scale.max)
  .default(RECORD_LIMITS.scale.default);

/** Whether `value` is an object (plain or null-prototype) whose own enumerable values are all text. */
function isTextRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== null && prototype !== Object.prototype) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

/**
 * Extra business columns by name, the object itself as the source gave it: zod's `z.record`
 * silently drops a key named `__proto__` (so a `__proto__` column would vanish), so the check
 * is written here and passes the object on unchanged. Sources build it with no prototype
 * (`Object.create(null)`) or as JSON parsed it (an own `__proto__` key), so nothing is polluted.
 */
export const AttributesSchema = z.custom<Record<string, string>>(isTextRecord, {
  error: 'must be names mapped to text',
});

export const BusinessSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  sector: text,
  /** Number of employees. */
  size: z.number().int().min(0).max(RECORD_LIMITS.maxEmployees).exactOptional(),
  site: text,
  lat: z.number().min(RECORD_LIMITS.lat.min).max(RECORD_LIMITS.lat.max).exactOptional(),
  lon: z.number().min(RECORD_LIMITS.lon.min).max(RECORD_LIMITS.lon.max).exactOptional(),
  /** Year founded (not after the year of the load: checked by the validator). */
  founded: z.number().int().min(RECORD_LIMITS.firstYear).exactOptional(),
  description: text,
  /** Other names the business goes by (short name, acronym, former name); searched like the name. */
  aliases: z.array(z.string().trim().min(1)).exactOptional(),
  /** Any other column of businesses.csv, kept as text (`__proto__` and `constructor` too). */
  attributes: AttributesSchema.exactOptional(),
});

export const CapabilityRecordSchema = z.object({
  businessId: z.string().min(1),
  capability: z.string().min(1),
  /** 1 (basic) to 5 (world class); default 3. */
  level: scale,
  category: text,
  /** Visible only to analyst and admin roles. */
  confidential: z.boolean().exactOptional(),
  /** Year the capability is first evidenced (CORDIS: its first project's start); undated = always held. */
  since: z.number().int().exactOptional(),
});

export const NeedRecordSchema = z.object({
  businessId: z.string().min(1),
  capability: z.string().min(1),
  /** 1 (nice to have) to 5 (critical); default 3. */
  priority: scale,
  confidential: z.boolean().exactOptional(),
});

export const CollaborationRecordSchema = z.object({
  source: z.string().min(1),
  target: z.string().min(1),
  /** Positive; default 1. */
  weight: z.number().positive().max(RECORD_LIMITS.maxWeight).default(RECORD_LIMITS.defaultWeight),
  start: PartialIsoDateSchema.exactOptional(),
  end: PartialIsoDateSchema.exactOptional(),
  /** e.g. joint-project, supply, alliance. */
  kind: text,
  project: text,
});

export const NetworkRecordsSchema = z.object({
  businesses: z.array(BusinessSchema),
  capabilities: z.array(CapabilityRecordSchema),
  needs: z.array(NeedRecordSchema),
  collaborations: z.array(CollaborationRecordSchema),
});
