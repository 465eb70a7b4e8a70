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
  maxWeight: 1_000_000,
  /** Largest size (employees) of a business. */
  maxEmployees: 10_000_000,
  /** Earliest year of a collaboration's start or end. */
  firstYear: 1900,
} as const;
