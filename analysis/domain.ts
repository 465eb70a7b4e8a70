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

/** @throws NotFoundError when the business `id` is not in the graph (the one check of routes and analyses). */
export function requireBusiness(graph: { hasNode(id: string): boolean }, id: string): void {
  if (!graph.hasNode(id)) throw new NotFoundError('business', id);
}
