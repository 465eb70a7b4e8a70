/**
 * Reads a network saved in graphology's serialized JSON form (`graph.export()`), as
 * written by `GET /api/graph?format=json` or `partner-atlas export`, into plain records.
 * Validated with zod; every problem is reported with its JSON path.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { NetworkRecords } from '../../analysis/domain.ts';
import { BundleError, SourceUnavailableError } from '../../analysis/errors.ts';

const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'use YYYY, YYYY-MM or YYYY-MM-DD');
const level = z.number().int().min(1).max(5);

const nodeAttributes = z.object({
  name: z.string().min(1),
  sector: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  site: z.string().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  founded: z.number().int().optional(),
  description: z.string().optional(),
  aliases: z.array(z.string().trim().min(1, 'an alias is empty; drop it or give the name')).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  capabilities: z
    .array(
      z.object({
        name: z.string().min(1),
        level: level.default(3),
        category: z.string().optional(),
        confidential: z.boolean().optional(),
      }),
    )
    .default([]),
  needs: z
    .array(
      z.object({ name: z.string().min(1), priority: level.default(3), confidential: z.boolean().optional() }),
    )
    .default([]),
});

const event = z.object({
  weight: z.number().positive().default(1),
  start: partialDate.optional(),
  end: partialDate.optional(),
  kind: z.string().optional(),
  project: z.string().optional(),
});

export const serializedNetworkSchema = z.object({
  attributes: z.record(z.string(), z.unknown()).optional(),
  options: z
    .object({ type: z.enum(['undirected', 'mixed']).optional() })
    .passthrough()
    .optional(),
  nodes: z.array(z.object({ key: z.string().min(1), attributes: nodeAttributes })),
  edges: z.array(
    z.object({
      key: z.string().optional(),
      source: z.string(),
      target: z.string(),
      attributes: z
        .object({ weight: z.number().positive().optional(), events: z.array(event).optional() })
        .passthrough()
        .default({}),
    }),
  ),
});

/** Convert an already-parsed serialized graph into records. @throws BundleError */
export function recordsFromSerialized(data: unknown, file = 'network.json'): NetworkRecords {
  const parsed = serializedNetworkSchema.safeParse(data);
  if (!parsed.success) {
    throw new BundleError(
      parsed.error.issues.slice(0, 50).map((i) => ({ file, column: i.path.join('.'), message: i.message })),
    );
  }
  const records: NetworkRecords = { businesses: [], capabilities: [], needs: [], collaborations: [] };
  const ids = new Set<string>();
  const issues: { file: string; column: string; message: string }[] = [];
  parsed.data.nodes.forEach((node, i) => {
    if (ids.has(node.key))
      issues.push({ file, column: `nodes.${i}.key`, message: `duplicate business id "${node.key}"` });
    ids.add(node.key);
    const { capabilities, needs, ...rest } = node.attributes;
    const business = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    records.businesses.push({ id: node.key, ...(business as { name: string }) });
    for (const c of capabilities) {
      records.capabilities.push({
        businessId: node.key,
        capability: c.name,
        level: c.level,
        ...(c.category !== undefined && { category: c.category }),
        ...(c.confidential && { confidential: true }),
      });
    }
    for (const n of needs) {
      records.needs.push({
        businessId: node.key,
        capability: n.name,
        priority: n.priority,
        ...(n.confidential && { confidential: true }),
      });
    }
  });
  parsed.data.edges.forEach((edge, i) => {
    for (const end of ['source', 'target'] as const) {
      if (!ids.has(edge[end]))
        issues.push({ file, column: `edges.${i}.${end}`, message: `unknown business id "${edge[end]}"` });
    }
    if (edge.source === edge.target)
      issues.push({
        file,
        column: `edges.${i}`,
        message: `business "${edge.source}" cannot collaborate with itself`,
      });
    const events = edge.attributes.events ?? [{ weight: edge.attributes.weight ?? 1 }];
    for (const e of events) {
      records.collaborations.push({
        source: edge.source,
        target: edge.target,
        weight: e.weight,
        ...(e.start !== undefined && { start: e.start }),
        ...(e.end !== undefined && { end: e.end }),
        ...(e.kind !== undefined && { kind: e.kind }),
        ...(e.project !== undefined && { project: e.project }),
      });
    }
  });
  if (issues.length > 0) throw new BundleError(issues);
  return records;
}

/** Read a serialized network JSON file. @throws BundleError, SourceUnavailableError */
export async function readNetworkJson(path: string): Promise<NetworkRecords> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourceUnavailableError(`Cannot read ${path}: ${(error as Error).message}`, path, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new BundleError([{ file: path, message: `is not valid JSON (${(error as Error).message})` }]);
  }
  return recordsFromSerialized(data, path);
}
