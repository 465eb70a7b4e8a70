/**
 * Partner Atlas domain model: the plain records every source returns and the
 * attributes of the graph that `build-graph.ts` makes from them.
 *
 * A business is a node; a collaboration is an undirected, weighted edge that
 * keeps the list of its dated events; capabilities and needs are node attributes.
 */
import type { UndirectedGraph } from 'graphology';
import { NotFoundError } from './errors.ts';
import type { z } from 'zod';
import type {
  BusinessSchema,
  CapabilityRecordSchema,
  CollaborationRecordSchema,
  NeedRecordSchema,
  NetworkRecordsSchema,
} from './record-schema.ts';
import { RECORD_LIMITS } from './record-schema.ts';

/** A date as the data gave it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export type PartialIsoDate = string;

/** A business: a node of the network (types inferred from `record-schema.ts`). */
export type Business = z.output<typeof BusinessSchema>;
/** A capability a business holds; `level` defaults to 3. */
export type CapabilityRecord = z.output<typeof CapabilityRecordSchema>;
/** A capability a business seeks; `priority` defaults to 3. */
export type NeedRecord = z.output<typeof NeedRecordSchema>;
/** One row of collaborations.csv; `weight` defaults to 1. */
export type CollaborationRecord = z.output<typeof CollaborationRecordSchema>;
/** What every source (CSV bundle, JSON, Neo4j, CORDIS) returns. */
export type NetworkRecords = z.output<typeof NetworkRecordsSchema>;

/** One row of collaborations.csv, as kept on the merged edge. */
export interface CollaborationEvent {
  weight: number;
  start?: PartialIsoDate;
  end?: PartialIsoDate;
  kind?: string;
  project?: string;
}

export interface HeldCapability {
  name: string;
  level: number;
  category?: string;
  confidential?: boolean;
  /** Year first evidenced (see CapabilityRecord.since). */
  since?: number;
}

export interface HeldNeed {
  name: string;
  priority: number;
  confidential?: boolean;
}

/** Node attributes of the network graph. */
export interface BusinessAttributes extends Omit<Business, 'id'> {
  capabilities: HeldCapability[];
  needs: HeldNeed[];
}

/** Edge attributes: several rows for one pair become one edge (weight = sum). */
export interface CollaborationAttributes {
  weight: number;
  events: CollaborationEvent[];
}

export interface NetworkAttributes {
  /** Where the records came from, e.g. `files:data/sample` or `neo4j:bolt://…`. */
  source?: string;
}

export type NetworkGraph = UndirectedGraph<BusinessAttributes, CollaborationAttributes, NetworkAttributes>;

/** Year of a partial ISO date. */
export function yearOf(date: PartialIsoDate): number {
  return Number(date.slice(0, 4));
}

/**
 * What a business id may hold. Ids are node keys in every export: GEXF and GraphML are XML,
 * which cannot carry most control characters (the writer drops them) and whose readers turn
 * tab, line feed and carriage return in attribute values into spaces. Two ids that differ only
 * there (`x\u0001` and `x`) would become one node in Gephi or networkx, and their collaboration
 * a self-loop, so such ids are refused at load (issue 18 item 8).
 */
// Control characters (C0, DEL, C1), lone surrogates (not encodable as UTF-8) and the two
// non-characters XML forbids.
const UNSAFE = /[\p{Cc}\p{Cs}\ufffe\uffff]/u;

/**
 * Why `id` cannot be a business id, or `undefined` when it can.
 * @example businessIdProblem('x\u0001') // 'business id "x\\u0001" contains U+0001 …'
 */
export function businessIdProblem(id: string): string | undefined {
  const match = UNSAFE.exec(id);
  if (!match) return undefined;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return (
    `business id ${JSON.stringify(id)} contains the control character U+${code} at position ${match.index + 1}; ` +
    'GEXF and GraphML cannot keep it apart from an id without it, so remove or replace it in the source data'
  );
}

/**
 * Bounds every source is held to, so an accepted network gives finite answers: a summed
 * collaboration weight stays far from overflow (1e308 + 1.7e308 is Infinity), and the
 * year-by-year timeline and histories start no earlier than 1900 instead of running over a
 * thousand years from a typo such as 1020.
 */
export const DATA_LIMITS = {
  /** Largest weight of one collaboration row. */
  maxWeight: RECORD_LIMITS.maxWeight,
  /** Largest size (employees) of a business. */
  maxEmployees: RECORD_LIMITS.maxEmployees,
  /** Earliest year of a collaboration's start or end. */
  firstYear: RECORD_LIMITS.firstCollaborationYear,
} as const;

/** @throws NotFoundError when the business `id` is not in the graph (the one check of routes and analyses). */
export function requireBusiness(graph: { hasNode(id: string): boolean }, id: string): void {
  if (!graph.hasNode(id)) throw new NotFoundError('business', id);
}
