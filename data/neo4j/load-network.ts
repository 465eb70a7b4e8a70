/**
 * Reads the network from Neo4j into the same plain records as the file sources
 * (`NetworkRecords`); the caller then calls `buildGraph`. The four queries run concurrently,
 * each in its own read transaction, and their results are streamed record by record.
 * Neo4j integers, dates and date-times are converted here, at the edge, and every row is
 * validated: a bad row is reported with its business id, never passed on.
 * The model is in `queries.ts` and docs/neo4j.md.
 */
import neo4j, { type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import type {
  Business,
  CapabilityRecord,
  CollaborationRecord,
  NeedRecord,
  NetworkRecords,
} from '../../analysis/domain.ts';
import { BundleError, type BundleIssue, SourceUnavailableError } from '../../analysis/errors.ts';
import {
  createNeo4jDriver,
  describeNeo4jSource,
  type Neo4jConfig,
  sessionConfig,
  toSourceError,
} from './connection.ts';
import {
  BUSINESS_PROPERTIES,
  LOAD_BUSINESSES,
  LOAD_CAPABILITIES,
  LOAD_COLLABORATIONS,
  LOAD_NEEDS,
  READ_IMPORT_STATE,
  RESERVED_BUSINESS_PROPERTIES,
} from './queries.ts';

export interface LoadNetworkOptions {
  /** Database name (default: the server's default database). */
  database?: string | undefined;
  /** Only for messages: the URI and user the driver was made with. */
  uri?: string | undefined;
  user?: string | undefined;
  /** Stop collecting problems after this many (default 100). */
  maxIssues?: number;
}

const MAX_ISSUES = 100;
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

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
  const issues = new Issues(options.maxIssues ?? MAX_ISSUES);
  try {
    await checkImportState(driver, options);
    const [businesses, capabilities, needs, collaborations] = await Promise.all([
      streamRows(driver, options.database, LOAD_BUSINESSES, (r) => toBusiness(r.get('p'), issues)),
      streamRows(driver, options.database, LOAD_CAPABILITIES, (r) => toCapability(r.toObject(), issues)),
      streamRows(driver, options.database, LOAD_NEEDS, (r) => toNeed(r.toObject(), issues)),
      streamRows(driver, options.database, LOAD_COLLABORATIONS, (r) => toCollaboration(r.toObject(), issues)),
    ]);
    if (issues.list.length > 0) throw new BundleError(issues.list, issues.describe());
    return { businesses, capabilities, needs, collaborations };
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

/** Run one read query in its own session and stream its records through `convert`. */
async function streamRows<T>(
  driver: Driver,
  database: string | undefined,
  query: string,
  convert: (record: { get(key: string): unknown; toObject(): RecordShape }) => T | undefined,
): Promise<T[]> {
  const session = driver.session(sessionConfig('read', database));
  try {
    return await session.executeRead(async (tx: ManagedTransaction) => {
      // Rebuilt on every attempt: a retried transaction starts from scratch.
      const rows: T[] = [];
      for await (const record of tx.run(query)) {
        const row = convert(record);
        if (row !== undefined) rows.push(row);
      }
      return rows;
    });
  } finally {
    await session.close();
  }
}

class Issues {
  readonly list: BundleIssue[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(file: string, message: string): void {
    if (this.list.length < this.max) this.list.push({ file, message });
    else this.dropped++;
  }
  describe(): string {
    const text = BundleError.describe(this.list).replace('The data bundle', 'The network in Neo4j');
    return this.dropped > 0 ? `${text}\n  … and ${this.dropped} more not listed` : text;
  }
}

const BUSINESS = '(:Business)';
const HAS = '(:Business)-[:HAS_CAPABILITY]->(:Capability)';
const NEEDS = '(:Business)-[:NEEDS]->(:Capability)';
const COLLAB = '(:Business)-[:COLLABORATED_WITH]->(:Business)';

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
function toNumber(value: unknown, integer: boolean): Check {
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
  if (integer && !Number.isInteger(n)) return { ok: false, why: `${n} is not a whole number` };
  return { ok: true, value: n };
}

/** A partial ISO date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) from a string, a Date, a DateTime or a year. */
function toPartialDate(value: unknown): { ok: true; value: string | undefined } | { ok: false; why: string } {
  if (value === null || value === undefined) return { ok: true, value: undefined };
  if (neo4j.isDate(value as never)) return { ok: true, value: String(value) };
  if (neo4j.isDateTime(value as never) || neo4j.isLocalDateTime(value as never))
    return { ok: true, value: String(value).slice(0, 10) };
  if (neo4j.isInt(value) || typeof value === 'number') {
    const year = neo4j.isInt(value) ? value.toNumber() : value;
    if (Number.isInteger(year) && year >= 1000 && year <= 9999) return { ok: true, value: String(year) };
    return { ok: false, why: `${String(value)} is not a year` };
  }
  if (typeof value === 'string' && PARTIAL_DATE.test(value.trim())) return { ok: true, value: value.trim() };
  return { ok: false, why: `${JSON.stringify(toText(value))} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` };
}

function toBusiness(props: unknown, issues: Issues): Business | undefined {
  const p = (props ?? {}) as Record<string, unknown>;
  const id = toText(p.id);
  if (id === undefined || id === '') {
    issues.add(BUSINESS, 'a business node has no id; give every :Business an id property');
    return undefined;
  }
  const name = toText(p.name);
  const number = (key: 'size' | 'lat' | 'lon' | 'founded', integer: boolean) => {
    const n = toNumber(p[key], integer);
    if (!n.ok) {
      issues.add(BUSINESS, `business "${id}": ${key} ${n.why}`);
      return undefined;
    }
    return n.value;
  };
  const size = number('size', true);
  const lat = number('lat', false);
  const lon = number('lon', false);
  const founded = number('founded', true);
  const sector = toText(p.sector);
  const site = toText(p.site);
  const description = toText(p.description);
  const known = new Set<string>([...BUSINESS_PROPERTIES, ...RESERVED_BUSINESS_PROPERTIES]);
  const attributes: Record<string, string> = {};
  for (const key of Object.keys(p).sort()) {
    if (known.has(key)) continue;
    const v = toText(p[key]);
    if (v !== undefined) attributes[key] = v;
  }
  return {
    id,
    name: name ?? id,
    ...(sector !== undefined && { sector }),
    ...(size !== undefined && { size }),
    ...(site !== undefined && { site }),
    ...(lat !== undefined && { lat }),
    ...(lon !== undefined && { lon }),
    ...(founded !== undefined && { founded }),
    ...(description !== undefined && { description }),
    ...(Object.keys(attributes).length > 0 && { attributes }),
  };
}

/** Level or priority: a whole number 1–5, default 3 when absent. */
function toScale(
  value: unknown,
  what: string,
  where: string,
  file: string,
  issues: Issues,
): number | undefined {
  const n = toNumber(value, true);
  if (!n.ok) {
    issues.add(file, `${where}: ${what} ${n.why}`);
    return undefined;
  }
  if (n.value === undefined) return 3;
  if (n.value < 1 || n.value > 5) {
    issues.add(file, `${where}: ${what} ${n.value} is outside 1–5`);
    return undefined;
  }
  return n.value;
}

function toCapability(row: RecordShape, issues: Issues): CapabilityRecord | undefined {
  const businessId = toText(row.businessId);
  const capability = toText(row.capability);
  if (!businessId || !capability) {
    issues.add(
      HAS,
      'a capability without a business id or a capability name; set Business.id and Capability.name',
    );
    return undefined;
  }
  const level = toScale(
    row.level,
    'level',
    `business "${businessId}", capability "${capability}"`,
    HAS,
    issues,
  );
  if (level === undefined) return undefined;
  const category = toText(row.category);
  return {
    businessId,
    capability,
    level,
    ...(category !== undefined && { category }),
    ...(row.confidential === true && { confidential: true }),
  };
}

function toNeed(row: RecordShape, issues: Issues): NeedRecord | undefined {
  const businessId = toText(row.businessId);
  const capability = toText(row.capability);
  if (!businessId || !capability) {
    issues.add(
      NEEDS,
      'a need without a business id or a capability name; set Business.id and Capability.name',
    );
    return undefined;
  }
  const priority = toScale(
    row.priority,
    'priority',
    `business "${businessId}", need "${capability}"`,
    NEEDS,
    issues,
  );
  if (priority === undefined) return undefined;
  return { businessId, capability, priority, ...(row.confidential === true && { confidential: true }) };
}

function toCollaboration(row: RecordShape, issues: Issues): CollaborationRecord | undefined {
  const source = toText(row.source);
  const target = toText(row.target);
  if (!source || !target) {
    issues.add(COLLAB, 'a collaboration between businesses without an id; give every :Business an id');
    return undefined;
  }
  const where = `collaboration "${source}" → "${target}"`;
  if (source === target) {
    issues.add(COLLAB, `${where}: a business cannot collaborate with itself; delete that relationship`);
    return undefined;
  }
  const weight = toNumber(row.weight, false);
  if (!weight.ok || (weight.value !== undefined && weight.value <= 0)) {
    issues.add(COLLAB, `${where}: weight ${weight.ok ? `${weight.value} is not positive` : weight.why}`);
    return undefined;
  }
  const start = toPartialDate(row.start);
  const end = toPartialDate(row.end);
  if (!start.ok || !end.ok) {
    issues.add(
      COLLAB,
      `${where}: ${!start.ok ? `start ${start.why}` : ''}${!start.ok && !end.ok ? ', ' : ''}${!end.ok ? `end ${end.why}` : ''}`,
    );
    return undefined;
  }
  const kind = toText(row.kind);
  const project = toText(row.project);
  return {
    source,
    target,
    weight: weight.value ?? 1,
    ...(start.value !== undefined && { start: start.value }),
    ...(end.value !== undefined && { end: end.value }),
    ...(kind !== undefined && { kind }),
    ...(project !== undefined && { project }),
  };
}
