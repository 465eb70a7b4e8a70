/**
 * Reads the network from Neo4j into the same plain records as the file sources
 * (`NetworkRecords`); the caller then calls `buildGraph`. One query returns each business with
 * its capabilities, needs and collaborations as lists (`LOAD_NETWORK_PART`), split over a few
 * concurrent read transactions so that the server reads one part while this process converts
 * another; records are converted as they stream in, and the rows are put in import order
 * (`seq`) at the end. Neo4j integers, dates and date-times are converted here, at the edge;
 * the records then go through the shared validation (`data/validate-records.ts`) as those of
 * every source do: a bad row is reported with its business id, never passed on.
 * The model is in `queries.ts` and docs/neo4j.md.
 */
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type Record as Neo4jRecord,
  type Result,
} from 'neo4j-driver';
import type {
  Business,
  CapabilityRecord,
  CollaborationRecord,
  NeedRecord,
  NetworkRecords,
} from '../../analysis/domain.ts';
import { SourceUnavailableError } from '../../analysis/errors.ts';
import { IssueList, MAX_ISSUES } from '../issue-list.ts';
import { type DecodedRecords, type RecordList, validateRecords } from '../validate-records.ts';
import {
  createNeo4jDriver,
  describeNeo4jSource,
  type Neo4jConfig,
  sessionConfig,
  toSourceError,
} from './connection.ts';
import {
  BUSINESS_PROPERTIES,
  LOAD_CAPABILITY_NODES,
  LOAD_NETWORK_PART,
  READ_IMPORT_STATE,
  RESERVED_BUSINESS_PROPERTIES,
} from './queries.ts';
import { ALIAS_SEPARATOR, parseAliases } from '../bundle/cells.ts';
import { dateCode } from './partial-date.ts';

export interface LoadNetworkOptions {
  /** Database name (default: the server's default database). */
  database?: string | undefined;
  /** Only for messages: the URI and user the driver was made with. */
  uri?: string | undefined;
  user?: string | undefined;
  /** Stop collecting problems after this many (default 100). */
  maxIssues?: number;
  /**
   * Concurrent read transactions the businesses are split over (default 2: on a 2-core
   * machine the server reads one part while this process converts another).
   */
  partitions?: number;
  /** Records the server sends per batch before it waits for the client (default 10 000). */
  fetchSize?: number;
  /** Starts after this day are refused (default: now), as for every source. */
  today?: Date;
}

/** Defaults of `LoadNetworkOptions`. */
export const LOAD_DEFAULTS = { maxIssues: MAX_ISSUES, partitions: 2, fetchSize: 10_000 } as const;

/**
 * Load the network stored in Neo4j as plain records.
 * @param driver the process's driver (not closed here)
 * @param options database (default the server's default), uri/user for messages
 * @throws SourceUnavailableError when the server is unreachable, refuses the credentials, has
 *   no such database, or holds a half-finished import
 * @throws BundleError listing rows that do not make a valid network
 */
export async function loadNetworkFromNeo4j(
  driver: Driver,
  options: LoadNetworkOptions = {},
): Promise<NetworkRecords> {
  const target = { uri: options.uri, user: options.user, database: options.database };
  const partitions = Math.max(1, Math.floor(options.partitions ?? LOAD_DEFAULTS.partitions));
  try {
    await checkImportState(driver, options);
    const parts = await Promise.all(
      Array.from({ length: partitions }, (_, partition) => readPart(driver, options, partition, partitions)),
    );
    const issues = new IssueList(options.maxIssues ?? LOAD_DEFAULTS.maxIssues, NEO4J_SUBJECT);
    const decoded = assemble(parts, issues);
    return validateRecords(decoded, {
      issues,
      locate: locateInNeo4j(decoded),
      ...(options.today !== undefined && { today: options.today }),
    });
  } catch (error) {
    throw toSourceError(error, target, 'load the network');
  }
}

/** What `data/sources/load-network.ts` returns for a source. */
export interface LoadedNeo4jRecords {
  records: NetworkRecords;
  /** `neo4j:URI/DATABASE` */
  source: string;
}

/**
 * Load from the configured server: uses `driver` when given (not closed), otherwise makes one
 * for this call and closes it.
 */
export async function loadRecordsFromNeo4j(
  config: Neo4jConfig,
  driver?: Driver,
): Promise<LoadedNeo4jRecords> {
  const own = driver ?? createNeo4jDriver(config);
  try {
    const records = await loadNetworkFromNeo4j(own, {
      database: config.database,
      uri: config.uri,
      user: config.user,
    });
    return { records, source: describeNeo4jSource(config) };
  } finally {
    if (!driver) await own.close();
  }
}

async function checkImportState(driver: Driver, options: LoadNetworkOptions): Promise<void> {
  // verifyConnectivity fails fast (no retries) on an unreachable server or refused credentials.
  await driver.verifyConnectivity(options.database !== undefined ? { database: options.database } : {});
  const session = driver.session(sessionConfig('read', options.database));
  try {
    const state = await session.executeRead(async (tx) => (await tx.run(READ_IMPORT_STATE)).records[0]);
    if (state?.get('status') === 'running') {
      const uri = options.uri ?? 'NEO4J_URI';
      throw new SourceUnavailableError(
        `The network in Neo4j at ${uri} is incomplete: the import of ${String(state.get('source'))} started at ${String(state.get('startedAt'))} has not finished. Re-run the same \`partner-atlas import\` (it is safe to repeat), or wait for it to end.`,
        describeNeo4jSource({ uri, database: options.database }),
      );
    }
  } finally {
    await session.close();
  }
}

/** One partition's rows in arrival order, with what is needed to resolve and sort them. */
class Part {
  readonly issues: IssueList;
  /** Business node → its raw id (for ordering) and its id as text (undefined: no usable id). */
  readonly nodes = new Map<number, { raw: unknown; id: string | undefined }>();
  readonly capabilities = new Map<number, { raw: unknown; name: string | undefined; category: unknown }>();
  readonly businesses = new Rows<Decoded<Business>>();
  readonly held = new Rows<Decoded<CapabilityRecord>>();
  readonly needs = new Rows<Decoded<NeedRecord>>();
  /** Targets are resolved once every part is read (`target` is '' until then). */
  readonly collaborations = new Rows<Decoded<CollaborationRecord>>();
  /** Collaborations refused for their values; the message needs the target's id. */
  readonly refused: { source: string; node: number; target: number; why: string }[] = [];
  readonly strings = new Strings();
  constructor(maxIssues: number) {
    this.issues = new IssueList(maxIssues, NEO4J_SUBJECT);
  }
}

/**
 * Rows with their sort keys: `seq` (Infinity when absent: Cypher sorts nulls last) and two
 * node ids whose raw ids break ties, as the flat `ORDER BY seq, id, …` did.
 */
class Rows<T> {
  readonly rows: T[] = [];
  readonly seq: number[] = [];
  readonly first: number[] = [];
  readonly second: number[] = [];
  push(row: T, seq: unknown, first: number, second: number): void {
    this.rows.push(row);
    this.seq.push(toSeq(seq));
    this.first.push(first);
    this.second.push(second);
  }
}

/** Read one partition of the businesses in its own session and read transaction. */
async function readPart(
  driver: Driver,
  options: LoadNetworkOptions,
  partition: number,
  partitions: number,
): Promise<Part> {
  const session = driver.session({
    ...sessionConfig('read', options.database),
    fetchSize: options.fetchSize ?? LOAD_DEFAULTS.fetchSize,
  });
  try {
    return await session.executeRead(async (tx: ManagedTransaction) => {
      // Rebuilt on every attempt: a retried transaction starts from scratch.
      const part = new Part(options.maxIssues ?? LOAD_DEFAULTS.maxIssues);
      for (const record of (await tx.run(LOAD_CAPABILITY_NODES)).records) {
        const name = record.get('name');
        part.capabilities.set(toNodeId(record.get('node')), {
          raw: name,
          name: toText(name),
          category: record.get('category'),
        });
      }
      await stream(
        tx.run(LOAD_NETWORK_PART, { partition: neo4j.int(partition), partitions: neo4j.int(partitions) }),
        (record) => addBusinessRecord(part, record),
      );
      return part;
    });
  } finally {
    await session.close();
  }
}

/** Feed the records of `result` to `onRecord` as they arrive (no promise per record). */
function stream(result: Result, onRecord: (record: Neo4jRecord) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    result.subscribe({
      onNext: (record) => {
        if (failed) return;
        try {
          onRecord(record);
        } catch (error) {
          failed = true;
          reject(error);
        }
      },
      onCompleted: () => resolve(),
      onError: (error) => reject(error),
    });
  });
}

/** Internal node ids, as returned by `id()`, are whole numbers far below 2^53. */
function toNodeId(value: unknown): number {
  if (neo4j.isInt(value)) return value.toNumber();
  return Number(value);
}

function toSeq(value: unknown): number {
  if (neo4j.isInt(value)) return value.toNumber();
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return Infinity;
}

function addBusinessRecord(part: Part, record: Neo4jRecord): void {
  const node = toNodeId(record.get('node'));
  const p = (record.get('p') ?? {}) as Record<string, unknown>;
  const proto: unknown = record.get('proto');
  if (proto !== null && proto !== undefined)
    Object.defineProperty(p, '__proto__', {
      value: proto,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  const business = toBusiness(p, part.issues);
  const id = business?.id;
  part.nodes.set(node, { raw: p.id, id });
  if (business) part.businesses.push(business, p.seq, node, node);

  for (const row of record.get('held') as unknown[][]) {
    const capNode = toNodeId(row[0]);
    const cap = part.capabilities.get(capNode);
    const capability = cap?.name;
    if (!id || !capability) {
      part.issues.add({
        file: HAS,
        message:
          'a capability without a business id or a capability name; set Business.id and Capability.name',
      });
      continue;
    }
    const level = toScale(row[1], 'level', HAS, part.issues, id, 'capability', capability);
    if (level === null) continue;
    // A row written by the importer (it has seq) keeps its own category, even none; a
    // relationship made by other tools takes the capability's category. `true` stands for
    // "the capability's own" (LOAD_NETWORK_PART).
    const seq = row[4];
    const own = row[2] === true ? cap.category : row[2];
    const category = toText(seq === null || seq === undefined ? cap.category : own);

    const held: Decoded<CapabilityRecord> = { businessId: id, capability };
    if (level !== undefined) held.level = level;
    if (category !== undefined) held.category = part.strings.share(category);
    if (row[3] === true) held.confidential = true;
    part.held.push(held, seq, node, capNode);
  }

  for (const row of record.get('needs') as unknown[][]) {
    const capNode = toNodeId(row[0]);
    const capability = part.capabilities.get(capNode)?.name;
    if (!id || !capability) {
      part.issues.add({
        file: NEEDS,
        message: 'a need without a business id or a capability name; set Business.id and Capability.name',
      });
      continue;
    }
    const priority = toScale(row[1], 'priority', NEEDS, part.issues, id, 'need', capability);
    if (priority === null) continue;
    const need: Decoded<NeedRecord> = { businessId: id, capability };
    if (priority !== undefined) need.priority = priority;
    if (row[2] === true) need.confidential = true;
    part.needs.push(need, row[3], node, capNode);
  }

  for (const row of record.get('collaborations') as unknown[][]) {
    const targetNode = toNodeId(row[0]);
    if (!id) {
      part.issues.add({ file: COLLAB, message: MISSING_COLLABORATION_ID });
      continue;
    }
    const collaboration = toCollaboration(id, row, part.strings);
    if (typeof collaboration === 'string')
      part.refused.push({ source: id, node, target: targetNode, why: collaboration });
    else part.collaborations.push(collaboration, row[6], node, targetNode);
  }
}

/**
 * Resolve collaboration targets and put every list in import order: `seq`, then the raw ids
 * as Cypher orders them (for rows without `seq`, written by other tools), then as read.
 */
function assemble(parts: Part[], issues: IssueList): DecodedRecords {
  for (const part of parts) issues.merge(part.issues);
  const nodes = new Map<number, { raw: unknown; id: string | undefined }>();
  const capabilities = new Map<number, unknown>();
  for (const part of parts) {
    for (const [node, entry] of part.nodes) nodes.set(node, entry);
    for (const [node, entry] of part.capabilities) capabilities.set(node, entry.raw);
  }
  const nodeRaw = (node: number) => nodes.get(node)?.raw;
  const capabilityRaw = (node: number) => capabilities.get(node);

  // A target must be a business with an id (the shared validation checks the rest).
  for (const part of parts) {
    for (const refused of part.refused) {
      const id = nodes.get(refused.target)?.id;
      issues.add({
        file: COLLAB,
        message: id
          ? `collaboration "${refused.source}" → "${id}": ${refused.why}`
          : MISSING_COLLABORATION_ID,
      });
    }
    const { rows, second } = part.collaborations;
    for (let i = 0; i < rows.length; i++) {
      const id = nodes.get(second[i] as number)?.id;
      if (!id) {
        issues.add({ file: COLLAB, message: MISSING_COLLABORATION_ID });
        part.collaborations.seq[i] = NaN; // dropped below
      } else (rows[i] as Decoded<CollaborationRecord>).target = id;
    }
  }
  return {
    businesses: inOrder(
      parts.map((p) => p.businesses),
      nodeRaw,
      nodeRaw,
    ),
    capabilities: inOrder(
      parts.map((p) => p.held),
      nodeRaw,
      capabilityRaw,
    ),
    needs: inOrder(
      parts.map((p) => p.needs),
      nodeRaw,
      capabilityRaw,
    ),
    collaborations: inOrder(
      parts.map((p) => p.collaborations),
      nodeRaw,
      nodeRaw,
    ),
  };
}

/**
 * The rows of every part (rows whose seq is NaN dropped) sorted by seq, then by the raw values
 * of their first and second node in Cypher's order, then as read (the sort is stable). Rows
 * from the importer have distinct whole seq values, which are placed directly.
 */
function inOrder<T>(
  lists: Rows<T>[],
  firstRaw: (node: number) => unknown,
  secondRaw: (node: number) => unknown,
): T[] {
  let total = 0;
  for (const list of lists) total += list.rows.length;
  const rows: T[] = [];
  const seq: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  for (const list of lists) {
    for (let i = 0; i < list.rows.length; i++) {
      const s = list.seq[i] as number;
      if (Number.isNaN(s)) continue;
      rows.push(list.rows[i] as T);
      seq.push(s);
      first.push(list.first[i] as number);
      second.push(list.second[i] as number);
    }
  }
  const placed = placeBySeq(rows, seq, total);
  if (placed) return placed;
  const order = Array.from(rows, (_, i) => i);
  order.sort(
    (i, j) =>
      (seq[i] as number) - (seq[j] as number) ||
      compareCypher(firstRaw(first[i] as number), firstRaw(first[j] as number)) ||
      compareCypher(secondRaw(second[i] as number), secondRaw(second[j] as number)),
  );
  return order.map((i) => rows[i] as T);
}

/** When every seq is a distinct whole number below `4 × count`, a slot per seq sorts in one pass. */
function placeBySeq<T>(rows: T[], seq: number[], count: number): T[] | undefined {
  const limit = 4 * Math.max(count, 1);
  const slots = new Int32Array(limit).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const s = seq[i] as number;
    if (!Number.isInteger(s) || s < 0 || s >= limit || (slots[s] as number) !== -1) return undefined;
    slots[s] = i;
  }
  const out: T[] = [];
  for (let s = 0; s < limit; s++) {
    const i = slots[s] as number;
    if (i !== -1) out.push(rows[i] as T);
  }
  return out;
}

/**
 * Cypher's ascending order for the values ids and names take: strings, then booleans, then
 * numbers, then null; other types (temporals, lists) before strings, by their text.
 */
function compareCypher(a: unknown, b: unknown): number {
  const ra = cypherRank(a);
  const rb = cypherRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3 || ra === 2) {
    const x = ra === 3 ? toSeq(a) : Number(a);
    const y = ra === 3 ? toSeq(b) : Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra === 4) return 0;
  const x = ra === 1 ? (a as string) : (toText(a) ?? '');
  const y = ra === 1 ? (b as string) : (toText(b) ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

function cypherRank(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'number' || typeof value === 'bigint' || neo4j.isInt(value)) return 3;
  if (typeof value === 'boolean') return 2;
  if (typeof value === 'string') return 1;
  return 0;
}

const BUSINESS = '(:Business)';
const HAS = '(:Business)-[:HAS_CAPABILITY]->(:Capability)';
const NEEDS = '(:Business)-[:NEEDS]->(:Capability)';
const COLLAB = '(:Business)-[:COLLABORATED_WITH]->(:Business)';
const MISSING_COLLABORATION_ID =
  'a collaboration between businesses without an id; give every :Business an id';
const KNOWN_PROPERTIES = new Set<string>([...BUSINESS_PROPERTIES, ...RESERVED_BUSINESS_PROPERTIES]);
const NEO4J_SUBJECT = 'The network in Neo4j';

/** A record as decoded, before the shared validation fills in its defaults. */
type Decoded<T> = Partial<T> & Omit<T, 'level' | 'priority' | 'weight'>;

/** Where a record is in Neo4j: its pattern, which record, and the property. */
function locateInNeo4j(decoded: DecodedRecords) {
  const FILES: Record<RecordList, string> = {
    businesses: BUSINESS,
    capabilities: HAS,
    needs: NEEDS,
    collaborations: COLLAB,
  };
  const describe = (list: RecordList, record: Record<string, unknown>): string => {
    const text = (v: unknown) => JSON.stringify(String(v ?? ''));
    if (list === 'businesses') return `business ${text(record.id)}`;
    if (list === 'collaborations') return `collaboration ${text(record.source)} → ${text(record.target)}`;
    const noun = list === 'needs' ? 'need' : 'capability';
    return `business ${text(record.businessId)}, ${noun} ${text(record.capability)}`;
  };
  return (list: RecordList, index: number, field: string | undefined) => {
    const record = describe(list, (decoded[list][index] ?? {}) as Record<string, unknown>);
    const column = field === undefined || field === 'businessId' ? undefined : field;
    return { file: FILES[list], record, ...(column !== undefined && { column }) };
  };
}

/** The `aliases` property: a list of strings (or one `|`-separated string, as the CSV has it). */
function toAliases(value: unknown): string[] {
  if (Array.isArray(value)) return parseAliases(value.map((v) => toText(v) ?? '').join(ALIAS_SEPARATOR));
  return parseAliases(toText(value));
}

/** A Neo4j value as text: strings as they are, numbers and integers and temporals printed. */
function toText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (neo4j.isInt(value)) return value.toString();
  if (isTemporal(value)) return String(value);
  if (Array.isArray(value)) return value.map((v) => toText(v) ?? '').join(';');
  return JSON.stringify(value);
}

function isTemporal(value: unknown): boolean {
  return (
    neo4j.isDate(value as never) ||
    neo4j.isDateTime(value as never) ||
    neo4j.isLocalDateTime(value as never) ||
    neo4j.isTime(value as never) ||
    neo4j.isLocalTime(value as never) ||
    neo4j.isDuration(value as never)
  );
}

type Check = { ok: true; value: number | undefined } | { ok: false; why: string };

/** A number from a Neo4j float, integer (exact only within ±2^53) or numeric string. */
function toNumber(value: unknown): Check {
  if (value === null || value === undefined) return { ok: true, value: undefined };
  let n: number;
  if (neo4j.isInt(value)) {
    if (!neo4j.integer.inSafeRange(value))
      return { ok: false, why: `${value.toString()} is beyond the exactly representable range (±2^53)` };
    n = value.toNumber();
  } else if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
      return { ok: false, why: `${value} is beyond the exactly representable range (±2^53)` };
    n = Number(value);
  } else if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    n = Number(value);
  else return { ok: false, why: `${JSON.stringify(toText(value))} is not a number` };
  if (!Number.isFinite(n)) return { ok: false, why: `${n} is not a finite number` };
  return { ok: true, value: n };
}

/**
 * A date's text from a string (trimmed), a Date, a DateTime (its day) or a year; whether it
 * is a date on the calendar is for the shared validation to say.
 */
function toPartialDate(value: unknown): { ok: true; value: string | undefined } | { ok: false; why: string } {
  if (value === null || value === undefined) return { ok: true, value: undefined };
  if (typeof value === 'string') return { ok: true, value: value.trim() };
  if (neo4j.isDate(value as never)) return { ok: true, value: String(value) };
  if (neo4j.isDateTime(value as never) || neo4j.isLocalDateTime(value as never))
    return { ok: true, value: String(value).slice(0, 10) };
  if (neo4j.isInt(value) || typeof value === 'number') {
    const year = neo4j.isInt(value) ? value.toNumber() : value;
    if (Number.isInteger(year)) return { ok: true, value: String(year) };
    return { ok: false, why: `${String(value)} is not a year` };
  }
  return { ok: false, why: `${JSON.stringify(toText(value))} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` };
}

function toBusiness(props: unknown, issues: IssueList): Business | undefined {
  const p = (props ?? {}) as Record<string, unknown>;
  const id = toText(p.id);
  if (id === undefined || id === '') {
    issues.add({ file: BUSINESS, message: 'a business node has no id; give every :Business an id property' });
    return undefined;
  }
  const name = toText(p.name);
  const number = (key: 'size' | 'lat' | 'lon' | 'founded') => {
    const n = toNumber(p[key]);
    if (!n.ok) {
      issues.add({ file: BUSINESS, message: `business "${id}": ${key} ${n.why}` });
      return undefined;
    }
    return n.value;
  };
  const size = number('size');
  const lat = number('lat');
  const lon = number('lon');
  const founded = number('founded');
  const sector = toText(p.sector);
  const site = toText(p.site);
  const description = toText(p.description);
  const aliases = toAliases(p.aliases);
  // Extra properties, in name order (only those are sorted: most businesses have none).
  let extra: string[] | undefined;
  for (const key in p) if (!KNOWN_PROPERTIES.has(key)) (extra ??= []).push(key);
  // No prototype: a property named __proto__ is kept as an attribute like any other.
  const attributes: Record<string, string> = Object.create(null);
  for (const key of extra?.sort() ?? []) {
    const v = toText(p[key]);
    if (v !== undefined) attributes[key] = v;
  }
  const business: Business = { id, name: name ?? id };
  if (sector !== undefined) business.sector = sector;
  if (size !== undefined) business.size = size;
  if (site !== undefined) business.site = site;
  if (lat !== undefined) business.lat = lat;
  if (lon !== undefined) business.lon = lon;
  if (founded !== undefined) business.founded = founded;
  if (description !== undefined) business.description = description;
  if (aliases.length > 0) business.aliases = aliases;
  if (Object.keys(attributes).length > 0) business.attributes = attributes;
  return business;
}

/** Level or priority as a number (undefined when absent); null when it is not a number. */
function toScale(
  value: unknown,
  what: string,
  file: string,
  issues: IssueList,
  businessId: string,
  noun: 'capability' | 'need',
  capability: string,
): number | undefined | null {
  // Fast path: a small Neo4j integer, as the importer writes it (no allocation).
  if (neo4j.isInt(value) && value.high === 0 && value.low >= 1 && value.low <= 5) return value.low;
  const n = toNumber(value);
  if (!n.ok) {
    issues.add({ file, message: `business "${businessId}", ${noun} "${capability}": ${what} ${n.why}` });
    return null;
  }
  return n.value;
}

/**
 * A collaboration from `source` from its row [target node, weight, start, end, kind, project,
 * seq]; the target is filled in once every business is read. Returns why a bad row is refused.
 * Dates and kinds, which repeat, are shared through `strings`.
 */
function toCollaboration(
  source: string,
  row: unknown[],
  strings: Strings,
): Decoded<CollaborationRecord> | string {
  const w = row[1];
  let weight: number | undefined;
  // Fast path: a float, as the importer writes it.
  if (typeof w === 'number') weight = w;
  else {
    const n = toNumber(w);
    if (!n.ok) return `weight ${n.why}`;
    weight = n.value;
  }
  const start = toDateText(row[2], strings);
  const end = toDateText(row[3], strings);
  if (typeof start !== 'string' && start !== undefined) {
    return `start ${start.why}${typeof end === 'string' || end === undefined ? '' : `, end ${end.why}`}`;
  }
  if (typeof end !== 'string' && end !== undefined) return `end ${end.why}`;
  const kind = toText(row[4]);
  const project = toText(row[5]);
  const collaboration: Decoded<CollaborationRecord> = { source, target: '' };
  if (weight !== undefined) collaboration.weight = weight;
  if (start !== undefined) collaboration.start = start;
  if (end !== undefined) collaboration.end = end;
  if (kind !== undefined) collaboration.kind = strings.share(kind);
  if (project !== undefined) collaboration.project = project;
  return collaboration;
}

/** A date's text, shared, or why the value is not a date. */
function toDateText(value: unknown, strings: Strings): string | undefined | { why: string } {
  if (value === null || value === undefined) return undefined;
  // Fast path: the importer's strings need no trimming.
  if (typeof value === 'string') {
    const shared = strings.date(value);
    if (shared !== undefined) return shared;
  }
  const date = toPartialDate(value);
  if (!date.ok) return { why: date.why };
  return date.value === undefined ? undefined : strings.share(date.value);
}

/**
 * One copy of each repeated text: the driver makes a new string for every value it decodes,
 * and a million rows share a few thousand dates and kinds (less memory, less for the garbage
 * collector to copy). Only the first 50 000 distinct texts are kept.
 */
class Strings {
  private readonly seen = new Map<string, string>();
  /** Dates by a number made of their digits: no hashing of the text, no regular expression. */
  private readonly dates = new Map<number, string>();
  share(text: string): string {
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    if (this.seen.size < 50_000) this.seen.set(text, text);
    return text;
  }

  /** The shared copy of `text` when it has the shape of a partial date (`dateCode`), else undefined. */
  date(text: string): string | undefined {
    const code = dateCode(text);
    if (code < 0) return undefined;
    const known = this.dates.get(code);
    if (known !== undefined) return known;
    if (this.dates.size < 50_000) this.dates.set(code, text);
    return text;
  }
}
