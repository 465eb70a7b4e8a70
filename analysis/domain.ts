/**
 * Partner Atlas domain model: the plain records every source returns and the
 * attributes of the graph that `build-graph.ts` makes from them.
 *
 * A business is a node; a collaboration is an undirected, weighted edge that
 * keeps the list of its dated events; capabilities and needs are node attributes.
 */
import type { UndirectedGraph } from 'graphology';

/** A date as the data gave it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export type PartialIsoDate = string;

export interface Business {
  id: string;
  name: string;
  sector?: string;
  /** Number of employees. */
  size?: number;
  site?: string;
  lat?: number;
  lon?: number;
  /** Year founded. */
  founded?: number;
  description?: string;
  /** Other names the business goes by (short name, acronym, former name); searched like the name. */
  aliases?: string[];
  /** Any other column of businesses.csv, kept as text. */
  attributes?: Record<string, string>;
}

export interface CapabilityRecord {
  businessId: string;
  capability: string;
  /** 1 (basic) to 5 (world class); default 3. */
  level: number;
  category?: string;
  /** Visible only to analyst and admin roles. */
  confidential?: boolean;
  /** Year the capability is first evidenced (CORDIS: its first project's start); undated = always held. */
  since?: number;
}

export interface NeedRecord {
  businessId: string;
  capability: string;
  /** 1 (nice to have) to 5 (critical); default 3. */
  priority: number;
  confidential?: boolean;
}

export interface CollaborationRecord {
  source: string;
  target: string;
  /** Positive; default 1. */
  weight: number;
  start?: PartialIsoDate;
  end?: PartialIsoDate;
  /** e.g. joint-project, supply, alliance. */
  kind?: string;
  project?: string;
}

/** What every source (CSV bundle, JSON, Neo4j, CORDIS) returns. */
export interface NetworkRecords {
  businesses: Business[];
  capabilities: CapabilityRecord[];
  needs: NeedRecord[];
  collaborations: CollaborationRecord[];
}

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
