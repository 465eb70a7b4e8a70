/**
 * Imports a network bundle into Neo4j (docs/neo4j.md, "Import").
 *
 * The bundle is validated whole first (the same `readBundle` / `readNetworkJson` as the file
 * source), so a bad bundle writes nothing. Then the writes go in `UNWIND` batches of `MERGE`,
 * each batch its own write transaction, in a fixed order: businesses, capability nodes,
 * capabilities held, needs, collaborations. Every row has a deterministic identity (business id; business +
 * capability; a key derived from the collaboration row and its occurrence), so importing the
 * same bundle again changes nothing, and an import cut short (server down, process killed)
 * is finished by running it again. Until an import finishes, the `(:AtlasImport)` state node
 * says `running` and the loader refuses the half-written network.
 */
import { createHash } from 'node:crypto';
import neo4j, { type Driver, type Integer, Neo4jError } from 'neo4j-driver';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { BundleError, type BundleIssue, SourceUnavailableError } from '../../analysis/errors.ts';
import { loadFromPath } from '../sources/load-network.ts';
import {
  describeNeo4jSource,
  NEO4J_ENV_SETTINGS,
  sessionConfig,
  toSourceError,
  type Neo4jSettingNames,
} from './connection.ts';
import {
  AWAIT_INDEXES,
  CLEAR_NETWORK,
  COUNT_NETWORK,
  FINISH_IMPORT,
  MERGE_BUSINESSES,
  MERGE_CAPABILITY_NODES,
  MERGE_HELD_CAPABILITIES,
  MERGE_COLLABORATIONS,
  MERGE_NEEDS,
  RESERVED_BUSINESS_PROPERTIES,
  SCHEMA,
  START_IMPORT,
} from './queries.ts';

export type ImportPhase = 'clear' | 'businesses' | 'capabilities' | 'held' | 'needs' | 'collaborations';

export interface ImportProgress {
  phase: ImportPhase;
  /** Rows written so far, over all phases. */
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Database name (default: the server's default database). */
  database?: string | undefined;
  /** Delete the stored network (businesses, capabilities and their relationships) first (default false). */
  replace?: boolean;
  /** Rows per write transaction (default 10 000). */
  batchSize?: number;
  /** Recorded on the import state, e.g. the bundle path (default `records`). */
  source?: string;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** Only for messages: the URI and user the driver was made with, and what sets them. */
  uri?: string | undefined;
  user?: string | undefined;
  settings?: Neo4jSettingNames | undefined;
}

export interface StoredCounts {
  businesses: number;
  capabilities: number;
  /** HAS_CAPABILITY relationships. */
  held: number;
  needs: number;
  collaborations: number;
}

export interface ImportSummary {
  /** Rows sent per phase (capabilities: distinct names; held and needs after merging repeated rows). */
  written: StoredCounts;
  /** What the database holds afterwards. */
  stored: StoredCounts;
  batches: number;
  replaced: boolean;
}

/**
 * Rows per write transaction. Measured on the 10k network (100k rows, warm server): 2000 rows
 * 6.9 s, 10 000 rows 4.4 s, 20 000 rows no faster; a batch is one round trip and one commit.
 */
const DEFAULT_BATCH_SIZE = 10_000;

/**
 * Validate the bundle at `path` (CSV folder or `.json` network), then import it.
 * @throws BundleError (nothing written) when the bundle is invalid
 * @throws SourceUnavailableError when Neo4j cannot be reached or refuses the login
 */
export async function importBundle(
  driver: Driver,
  path: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const { records, source } = await loadFromPath(path);
  return importNetwork(driver, records, { source, ...options });
}

/**
 * Write validated records to Neo4j; idempotent (see the module comment).
 * @param options database, replace (default false), batchSize (default 10 000), onProgress
 */
export async function importNetwork(
  driver: Driver,
  records: NetworkRecords,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const rows = toRows(records, options.source);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const target = {
    uri: options.uri,
    user: options.user,
    database: options.database,
    settings: options.settings,
  };
  const session = driver.session(sessionConfig('write', options.database));
  const total =
    rows.businesses.length +
    rows.capabilities.length +
    rows.held.length +
    rows.needs.length +
    rows.collaborations.length;
  let done = 0;
  let batches = 0;
  let started = false;
  try {
    await driver.verifyConnectivity(options.database !== undefined ? { database: options.database } : {});
    for (const statement of SCHEMA) await session.executeWrite((tx) => tx.run(statement));
    await session.run(AWAIT_INDEXES, { seconds: neo4j.int(300) });
    await session.executeWrite((tx) =>
      tx.run(START_IMPORT, { source: options.source ?? 'records', replace: options.replace === true }),
    );
    started = true;
    if (options.replace) {
      options.onProgress?.({ phase: 'clear', done, total });
      // CALL … IN TRANSACTIONS commits as it goes: it must run in an auto-commit transaction.
      await session.run(CLEAR_NETWORK, { batchSize: neo4j.int(10_000) });
    }
    const phases: [ImportPhase, string, unknown[]][] = [
      ['businesses', MERGE_BUSINESSES, rows.businesses],
      ['capabilities', MERGE_CAPABILITY_NODES, rows.capabilities],
      ['held', MERGE_HELD_CAPABILITIES, rows.held],
      ['needs', MERGE_NEEDS, rows.needs],
      ['collaborations', MERGE_COLLABORATIONS, rows.collaborations],
    ];
    for (const [phase, statement, list] of phases) {
      for (let i = 0; i < list.length; i += batchSize) {
        const batch = list.slice(i, i + batchSize);
        await session.executeWrite((tx) => tx.run(statement, { rows: batch }));
        done += batch.length;
        batches++;
        options.onProgress?.({ phase, done, total });
      }
    }
    const stored = await countStored(driver, options.database);
    await session.executeWrite((tx) =>
      tx.run(FINISH_IMPORT, {
        counts: Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, neo4j.int(v)])),
      }),
    );
    return {
      written: {
        businesses: rows.businesses.length,
        capabilities: rows.capabilities.length,
        held: rows.held.length,
        needs: rows.needs.length,
        collaborations: rows.collaborations.length,
      },
      stored,
      batches,
      replaced: options.replace === true,
    };
  } catch (error) {
    const doing = started
      ? `finish the import into Neo4j (stopped after ${done} of ${total} rows; re-run the same import to finish it)`
      : 'import into Neo4j (nothing was written)';
    const translated = toSourceError(error, target, doing);
    if (translated !== error || !(error instanceof Neo4jError)) throw translated;
    // Refused by the server for this data (a constraint, a value it cannot store): running the
    // same import again would fail the same way, so say so, and what state the store is in.
    const written = started
      ? `${done} of ${total} rows were written and the network is marked incomplete until an import finishes`
      : 'nothing was written';
    throw new SourceUnavailableError(
      `Neo4j at ${options.uri ?? (options.settings ?? NEO4J_ENV_SETTINGS).uri} refused the import (${error.code}: ${error.message.split('\n')[0]}); ${written}. Fix the bundle and import it again (--replace starts over).`,
      describeNeo4jSource({ uri: options.uri ?? 'unknown', database: options.database }),
      { cause: error },
    );
  } finally {
    await session.close();
  }
}

/**
 * What the database holds: businesses, capabilities, and relationships by type.
 * @param database default: the server's default database
 */
export async function countStored(driver: Driver, database?: string): Promise<StoredCounts> {
  const session = driver.session(sessionConfig('read', database));
  try {
    const record = await session.executeRead(async (tx) => (await tx.run(COUNT_NETWORK)).records[0]);
    const get = (key: string) => (record ? (record.get(key) as Integer).toNumber() : 0);
    return {
      businesses: get('businesses'),
      capabilities: get('capabilities'),
      held: get('held'),
      needs: get('needs'),
      collaborations: get('collaborations'),
    };
  } finally {
    await session.close();
  }
}

/**
 * The longest business id or capability name Neo4j can index, in UTF-8 bytes. The unique
 * constraints on `Business.id` and `Capability.name` are range indexes, whose keys Neo4j 5.26
 * keeps up to 8,164 bytes of text (measured); a longer value fails its batch half-way through
 * the import, so the importer refuses it before writing anything.
 */
export const MAX_INDEXED_BYTES = 8000;

/**
 * Business ids and capability names longer than MAX_INDEXED_BYTES, as issues (at most 20), by
 * file and row of a CSV bundle, or by record of a JSON network (`source` `json:PATH`).
 */
function overlongKeys(records: NetworkRecords, source = ''): BundleIssue[] {
  const issues: BundleIssue[] = [];
  const json = source.startsWith('json:') ? source.slice('json:'.length) : undefined;
  const check = (value: string, csv: string, row: number, column: string, what: string, kind: string) => {
    const file = json ?? csv;
    const bytes = Buffer.byteLength(value);
    if (bytes <= MAX_INDEXED_BYTES || issues.length >= 20) return;
    issues.push({
      file,
      record: json ? `${kind} ${row}` : `row ${row}`,
      ...(json === undefined && { column }),
      message: `${what} "${value.slice(0, 24)}…" is ${bytes.toLocaleString('en-US')} bytes long; Neo4j indexes at most ${MAX_INDEXED_BYTES.toLocaleString('en-US')}: shorten it`,
    });
  };
  records.businesses.forEach((b, i) => check(b.id, 'businesses.csv', i + 1, 'id', 'business id', 'business'));
  records.capabilities.forEach((c, i) =>
    check(c.capability, 'capabilities.csv', i + 1, 'capability', 'capability name', 'capability'),
  );
  records.needs.forEach((n, i) =>
    check(n.capability, 'needs.csv', i + 1, 'capability', 'capability name', 'need'),
  );
  return issues;
}

/** Parameter value: whole numbers as Neo4j integers (the driver sends plain numbers as floats). */
const int = (n: number | undefined) => (n === undefined ? null : neo4j.int(n));
const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** The identity of a collaboration row: its fields, plus how many identical rows came before it. */
export function collaborationRowKey(c: NetworkRecords['collaborations'][number], occurrence: number): string {
  const fields = JSON.stringify([
    c.source,
    c.target,
    c.start ?? null,
    c.end ?? null,
    c.kind ?? null,
    c.project ?? null,
  ]);
  return `${createHash('sha256').update(fields).digest('base64url').slice(0, 22)}:${occurrence}`;
}

/**
 * The parameter rows of each phase. Repeated capability (or need) rows of one business merge
 * as `buildGraph` merges them: the first row's category and confidentiality, the highest level.
 */
function toRows(records: NetworkRecords, source?: string) {
  const reserved = new Set<string>(RESERVED_BUSINESS_PROPERTIES);
  const clashes = records.businesses.flatMap((b) =>
    Object.keys(b.attributes ?? {}).filter((k) => reserved.has(k)),
  );
  if (clashes.length > 0) {
    throw new BundleError([
      {
        file: 'businesses.csv',
        ...(clashes[0] !== undefined && { column: clashes[0] }),
        message: `column "${clashes[0]}" is reserved by the Neo4j store (it keeps the row order); rename that column`,
      },
    ]);
  }
  const tooLong = overlongKeys(records, source);
  if (tooLong.length > 0) throw new BundleError(tooLong);
  const businesses = records.businesses.map((b, seq) => ({
    id: b.id,
    props: {
      ...b.attributes,
      id: b.id,
      name: b.name,
      sector: opt(b.sector),
      size: int(b.size),
      site: opt(b.site),
      lat: opt(b.lat),
      lon: opt(b.lon),
      founded: int(b.founded),
      description: opt(b.description),
      aliases: b.aliases?.length ? b.aliases : null,
      seq: neo4j.int(seq),
    },
  }));

  // Capability nodes: every name held or needed, with the first category the bundle gives it.
  const catalog = new Map<string, string | null>();
  for (const c of records.capabilities) {
    if (!catalog.has(c.capability) || (catalog.get(c.capability) === null && c.category !== undefined))
      catalog.set(c.capability, opt(c.category));
  }
  for (const n of records.needs) if (!catalog.has(n.capability)) catalog.set(n.capability, null);

  const held = new Map<string, { businessId: string; capability: string; props: Record<string, unknown> }>();
  records.capabilities.forEach((c, seq) => {
    const key = JSON.stringify([c.businessId, c.capability]);
    const first = held.get(key);
    if (first) {
      if (c.level > (first.props.level as Integer).toNumber()) first.props.level = neo4j.int(c.level);
      return;
    }
    held.set(key, {
      businessId: c.businessId,
      capability: c.capability,
      props: {
        level: neo4j.int(c.level),
        category: opt(c.category),
        confidential: c.confidential === true,
        seq: neo4j.int(seq),
      },
    });
  });

  const needs = new Map<string, { businessId: string; capability: string; props: Record<string, unknown> }>();
  records.needs.forEach((n, seq) => {
    const key = JSON.stringify([n.businessId, n.capability]);
    const first = needs.get(key);
    if (first) {
      if (n.priority > (first.props.priority as Integer).toNumber())
        first.props.priority = neo4j.int(n.priority);
      return;
    }
    needs.set(key, {
      businessId: n.businessId,
      capability: n.capability,
      props: { priority: neo4j.int(n.priority), confidential: n.confidential === true, seq: neo4j.int(seq) },
    });
  });

  const occurrences = new Map<string, number>();
  const collaborations = records.collaborations.map((c, seq) => {
    const base = collaborationRowKey(c, 0);
    const occurrence = occurrences.get(base) ?? 0;
    occurrences.set(base, occurrence + 1);
    const key = occurrence === 0 ? base : collaborationRowKey(c, occurrence);
    return {
      source: c.source,
      target: c.target,
      key,
      props: {
        key,
        weight: c.weight,
        start: opt(c.start),
        end: opt(c.end),
        kind: opt(c.kind),
        project: opt(c.project),
        seq: neo4j.int(seq),
      },
    };
  });
  return {
    businesses,
    capabilities: [...catalog].map(([name, category]) => ({ name, category })),
    held: [...held.values()],
    needs: [...needs.values()],
    collaborations,
  };
}
