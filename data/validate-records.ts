/**
 * The one validation every source's records go through (CSV bundle, graphology JSON, Neo4j):
 * the shared schema (`analysis/record-schema.ts`: types, ranges, calendar dates, defaults),
 * then what needs the whole network (unique business ids, known businesses, no
 * self-collaboration) and the day of the load (no start in the future, no founding year
 * ahead, no end before the start). Sources only decode their native values (CSV text, JSON,
 * Neo4j integers and dates) and say where each record came from; the messages are the same
 * whatever the source.
 */
import type { z } from 'zod';
import { businessIdProblem, DATA_LIMITS, type NetworkRecords } from '../analysis/domain.ts';
import { DATE_HINT, firstDayOf, isPartialIsoDate, NetworkRecordsSchema } from '../analysis/record-schema.ts';
import type { IssueList, IssueLocation } from './issue-list.ts';

/** A list of `NetworkRecords`. */
export type RecordList = keyof NetworkRecords;

/** Records as a source decoded them: plain values, not yet checked. */
export type DecodedRecords = Record<RecordList, unknown[]>;

/**
 * Where field `field` (undefined: the whole record) of record `index` of `list` came from,
 * in the source's terms: file, line and column; a JSON path; a Neo4j pattern and record.
 */
export type LocateRecord = (list: RecordList, index: number, field: string | undefined) => IssueLocation;

export interface ValidateRecordsOptions {
  locate: LocateRecord;
  /** Problems are added here (and the decoding problems of the source are already in it). */
  issues: IssueList;
  /** Starts after this day and founding years after its year are refused (default: now). */
  today?: Date;
  /** Sorts the problems before they are thrown (default: as found). */
  order?: Parameters<IssueList['throwIfAny']>[0];
}

/** How a field is named in messages. */
const LABELS: Record<string, string> = {
  size: 'size (employees)',
  founded: 'founded (year)',
  businessId: 'business_id',
};

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** The message for one schema problem, the same for every source. */
function messageOf(issue: z.core.$ZodIssue, list: RecordList, record: unknown): string {
  const field = String(issue.path[2] ?? '');
  const label = LABELS[field] ?? field;
  const input = issue.input;
  const r = (record ?? {}) as Record<string, unknown>;
  if (field === 'aliases') return 'an alias is empty or not text; drop it or give the name';
  if (field === 'attributes') return 'attributes must be names mapped to text';
  if (field === 'start' || field === 'end') return `${show(input)} is not a date; ${DATE_HINT}`;
  if (issue.code === 'invalid_type' && input === undefined) return `${label} is missing`;
  if (issue.code === 'too_small' && issue.origin === 'string') {
    if (field === 'id') return 'id is empty; every business needs a unique id';
    if (field === 'name') return `business "${String(r.id)}" has no name`;
    if (field === 'capability')
      return `capability is empty; name the capability${list === 'needs' ? ' needed' : ''}`;
    return `${label} is empty; give a business id`;
  }
  if (issue.code === 'invalid_type') {
    const range = field === 'level' || field === 'priority' ? ' from 1 to 5' : '';
    if (issue.expected === 'int') return `${label} ${show(input)} must be a whole number${range}`;
    if (issue.expected === 'number') return `${label} ${show(input)} is not a number`;
    if (issue.expected === 'boolean') return `${label} ${show(input)} is not true or false`;
    if (issue.expected === 'string') return `${label} must be text, not ${show(input)}`;
    return `${label} must be ${issue.expected === 'record' ? 'names mapped to text' : `a ${issue.expected}`}`;
  }
  if (issue.code === 'too_small')
    return `${label} ${show(input)} must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `${label} ${show(input)} must be at most ${String(issue.maximum)}`;
  return `${label}: ${issue.message}`;
}

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Validate decoded records and return them with their defaults (level and priority 3,
 * weight 1).
 * @throws BundleError listing every problem, the source's decoding problems included
 */
export function validateRecords(decoded: DecodedRecords, options: ValidateRecordsOptions): NetworkRecords {
  const { locate, issues } = options;
  const today = options.today ?? new Date();
  const add = (list: RecordList, index: number, field: string | undefined, message: string) =>
    issues.add({ ...locate(list, index, field), message });

  const parsed = NetworkRecordsSchema.safeParse(decoded, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const list = issue.path[0] as RecordList;
      const index = issue.path[1] as number;
      const field = issue.path[2] === undefined ? undefined : String(issue.path[2]);
      add(list, index, field, messageOf(issue, list, decoded[list]?.[index]));
    }
  }

  // What one record cannot tell: ids, references, and the day of the load.
  const year = today.getUTCFullYear();
  const todayText = today.toISOString().slice(0, 10);
  const first = new Map<string, number>();
  decoded.businesses.forEach((raw, i) => {
    const b = raw as Record<string, unknown>;
    const id = asText(b.id);
    if (id === undefined) return;
    const unsafe = businessIdProblem(id);
    if (unsafe !== undefined) return add('businesses', i, 'id', unsafe);
    const seen = first.get(id);
    if (seen !== undefined) {
      const where = locate('businesses', seen, 'id');
      const at = where.line !== undefined ? ` (first on line ${where.line})` : '';
      add('businesses', i, 'id', `duplicate business id "${id}"${at}; ids must be unique`);
    } else first.set(id, i);
    if (typeof b.founded === 'number' && Number.isInteger(b.founded) && b.founded > year)
      add('businesses', i, 'founded', `founded (year) ${b.founded} must be at most ${year}`);
  });
  const known = (list: RecordList, index: number, field: string, value: unknown): boolean => {
    const id = asText(value);
    if (id === undefined) return false; // reported by the schema
    if (first.has(id)) return true;
    add(list, index, field, `unknown business id "${id}"; add the business or fix the id`);
    return false;
  };
  for (const list of ['capabilities', 'needs'] as const) {
    decoded[list].forEach((raw, i) =>
      known(list, i, 'businessId', (raw as Record<string, unknown>).businessId),
    );
  }
  decoded.collaborations.forEach((raw, i) => {
    const c = raw as Record<string, unknown>;
    const okSource = known('collaborations', i, 'source', c.source);
    const okTarget = known('collaborations', i, 'target', c.target);
    if (okSource && okTarget && c.source === c.target) {
      add(
        'collaborations',
        i,
        'target',
        `business "${String(c.source)}" cannot collaborate with itself; remove the collaboration or fix the target`,
      );
    }
    const dated = (field: 'start' | 'end'): string | undefined => {
      const value = c[field];
      if (typeof value !== 'string' || !isPartialIsoDate(value)) return undefined;
      if (Number(value.slice(0, 4)) >= DATA_LIMITS.firstYear) return value;
      const from = DATA_LIMITS.firstYear;
      add(
        'collaborations',
        i,
        field,
        `"${value}" is before ${from}; collaborations are dated from ${from} on, so fix the year`,
      );
      return undefined;
    };
    const start = dated('start');
    const end = dated('end');
    if (start !== undefined && firstDayOf(start) > todayText) {
      add(
        'collaborations',
        i,
        'start',
        `starts in the future (${start}); record collaborations that have started, or fix the date`,
      );
    } else if (start !== undefined && end !== undefined && firstDayOf(end) < firstDayOf(start)) {
      add('collaborations', i, 'end', `ends (${end}) before it starts (${start}); swap or fix the dates`);
    }
  });

  issues.throwIfAny(options.order);
  if (!parsed.success) throw new Error('validate-records: the schema failed without an issue'); // unreachable
  return parsed.data;
}
