/**
 * Reads a network saved in graphology's serialized JSON form (`graph.export()`), as
 * written by `GET /api/graph?format=json` or `partner-atlas export`, into plain records.
 * The JSON is decoded here; the records are checked by the shared validation
 * (`data/validate-records.ts`), and every problem is reported with its JSON path.
 */
import { z } from 'zod';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { BundleError, SourceUnavailableError } from '../../analysis/errors.ts';
import { BusinessSchema } from '../../analysis/record-schema.ts';
import { IssueList, MAX_ISSUES } from '../issue-list.ts';
import { decodeUtf8, readFileBytes } from '../text-file.ts';
import { type DecodedRecords, type RecordList, validateRecords } from '../validate-records.ts';

// The serialized form's shape only; the values are checked by the shared record validation.
const objects = z.array(z.record(z.string(), z.unknown()));
const list = objects.default([]);

export const serializedNetworkSchema = z.object({
  attributes: z.record(z.string(), z.unknown()).optional(),
  options: z
    .object({ type: z.enum(['undirected', 'mixed']).optional() })
    .passthrough()
    .optional(),
  nodes: z.array(
    z.object({
      key: z.string(),
      attributes: z
        .object({ capabilities: list, needs: list })
        .catchall(z.unknown())
        .default({ capabilities: [], needs: [] }),
    }),
  ),
  edges: z.array(
    z.object({
      key: z.string().optional(),
      source: z.string(),
      target: z.string(),
      attributes: z
        .object({ weight: z.unknown().optional(), events: objects.optional() })
        .passthrough()
        .default({}),
    }),
  ),
});

/** A node's attributes that are business fields: the schema's, but the id (the node key). */
const BUSINESS_FIELDS = Object.keys(BusinessSchema.shape).filter((field) => field !== 'id');
const EVENT_FIELDS = ['weight', 'start', 'end', 'kind', 'project'] as const;

/** The fields of `value` named in `fields` that are present (undefined ones left out). */
function pick(value: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (value[field] !== undefined) out[field] = value[field];
  return out;
}

/** `confidential: false` is the same as none (the records keep only `true`). */
function unflagged(value: Record<string, unknown>): Record<string, unknown> {
  return value.confidential === false ? { ...value, confidential: undefined } : value;
}

/**
 * Convert an already-parsed serialized graph into records.
 * @param options `today` for the record validation (default now)
 * @throws BundleError naming the JSON path of every problem
 */
export function recordsFromSerialized(
  data: unknown,
  file = 'network.json',
  options: { today?: Date } = {},
): NetworkRecords {
  const parsed = serializedNetworkSchema.safeParse(data);
  if (!parsed.success) {
    throw new BundleError(
      parsed.error.issues.slice(0, 50).map((i) => ({ file, column: i.path.join('.'), message: i.message })),
    );
  }
  const decoded: DecodedRecords = { businesses: [], capabilities: [], needs: [], collaborations: [] };
  // The JSON path of every decoded record, and how its fields are named there.
  const paths: Record<RecordList, string[]> = {
    businesses: [],
    capabilities: [],
    needs: [],
    collaborations: [],
  };
  const keyPaths: Record<RecordList, string[]> = {
    businesses: [],
    capabilities: [],
    needs: [],
    collaborations: [],
  };
  parsed.data.nodes.forEach((node, i) => {
    const { capabilities, needs, ...rest } = node.attributes;
    decoded.businesses.push({ id: node.key, ...pick(rest, BUSINESS_FIELDS) });
    paths.businesses.push(`nodes.${i}.attributes`);
    keyPaths.businesses.push(`nodes.${i}.key`);
    capabilities.forEach((c, j) => {
      const { name, ...held } = pick(unflagged(c), ['name', 'level', 'category', 'confidential', 'since']);
      decoded.capabilities.push({ businessId: node.key, capability: name, ...held });
      paths.capabilities.push(`nodes.${i}.attributes.capabilities.${j}`);
      keyPaths.capabilities.push(`nodes.${i}.key`);
    });
    needs.forEach((n, j) => {
      const { name, ...need } = pick(unflagged(n), ['name', 'priority', 'confidential']);
      decoded.needs.push({ businessId: node.key, capability: name, ...need });
      paths.needs.push(`nodes.${i}.attributes.needs.${j}`);
      keyPaths.needs.push(`nodes.${i}.key`);
    });
  });
  parsed.data.edges.forEach((edge, i) => {
    const events = edge.attributes.events;
    const rows = events ?? [edge.attributes.weight === undefined ? {} : { weight: edge.attributes.weight }];
    rows.forEach((event, j) => {
      decoded.collaborations.push({ source: edge.source, target: edge.target, ...pick(event, EVENT_FIELDS) });
      paths.collaborations.push(events ? `edges.${i}.attributes.events.${j}` : `edges.${i}.attributes`);
      keyPaths.collaborations.push(`edges.${i}`);
    });
  });
  const NAMES: Record<string, string> = { capability: 'name' };
  return validateRecords(decoded, {
    issues: new IssueList(MAX_ISSUES),
    ...(options.today !== undefined && { today: options.today }),
    locate: (list, index, field) => {
      if (field === undefined) return { file, column: paths[list][index] as string };
      if (field === 'id' || field === 'businessId') return { file, column: keyPaths[list][index] as string };
      if (field === 'source' || field === 'target')
        return { file, column: `${keyPaths[list][index] as string}.${field}` };
      return { file, column: `${paths[list][index] as string}.${NAMES[field] ?? field}` };
    },
  });
}

/** Read a serialized network JSON file. @throws BundleError, SourceUnavailableError */
export async function readNetworkJson(path: string, options: { today?: Date } = {}): Promise<NetworkRecords> {
  const read = await readFileBytes(path);
  if ('problem' in read)
    throw new SourceUnavailableError(`Cannot read ${path}: it ${read.problem.message}.`, path, {
      cause: read.problem.cause,
    });
  const decoded = decodeUtf8(read.bytes);
  if (!('text' in decoded))
    throw new BundleError([
      { file: path, ...(decoded.line !== undefined && { line: decoded.line }), message: decoded.message },
    ]);
  if (decoded.text.trim() === '')
    throw new BundleError([
      {
        file: path,
        message: 'is empty; a network JSON is an object with "nodes" and "edges" (docs/data-format.md)',
      },
    ]);
  let data: unknown;
  try {
    data = JSON.parse(decoded.text);
  } catch (error) {
    const cut = /Unexpected end of JSON input|at position (\d+)/.exec((error as Error).message);
    const atEnd = cut !== null && (cut[1] === undefined || Number(cut[1]) >= decoded.text.trimEnd().length);
    throw new BundleError([
      {
        file: path,
        message: `is not valid JSON (${(error as Error).message})${atEnd ? '; it ends before the JSON does: the file was cut short, save or copy it again' : ''}`,
      },
    ]);
  }
  return recordsFromSerialized(data, path, options);
}
