/**
 * Every Cypher statement Partner Atlas runs against Neo4j, in one place (docs/neo4j.md).
 *
 * The model:
 *   (:Business {id, name, sector, size, site, lat, lon, founded, description, seq, …extra columns})
 *   (:Capability {name, category})
 *   (:Business)-[:HAS_CAPABILITY {level, category, confidential, seq}]->(:Capability)
 *   (:Business)-[:NEEDS {priority, confidential, seq}]->(:Capability)
 *   (:Business)-[:COLLABORATED_WITH {key, weight, start, end, kind, project, seq}]->(:Business)
 *     one relationship per collaboration row, source → target as in the file, read as undirected
 *   (:AtlasImport {key: 'network', status, source, startedAt, finishedAt, …counts})
 *     the state of the last import; `running` means the network is incomplete
 *
 * `seq` keeps the order of the rows so that the loaded records, and so the graph, are the
 * same as the file's. Statements are parameterised; labels and types are fixed here, never
 * built from input.
 */
import { BUSINESS_COLUMNS } from '../bundle/columns.ts';

/** Node labels and relationship types of the model (the fixed list). */
export const LABELS = {
  business: 'Business',
  capability: 'Capability',
  importState: 'AtlasImport',
} as const;
export const RELATIONSHIPS = {
  hasCapability: 'HAS_CAPABILITY',
  needs: 'NEEDS',
  collaboratedWith: 'COLLABORATED_WITH',
} as const;

/** Business properties with a meaning of their own; any other property is an extra attribute. */
export const BUSINESS_PROPERTIES = BUSINESS_COLUMNS;
/** Properties the importer adds for its own use; a bundle column may not take these names. */
export const RESERVED_BUSINESS_PROPERTIES = ['seq'] as const;

/** Constraints and indexes, each idempotent (`IF NOT EXISTS`); one statement per transaction. */
export const SCHEMA = [
  'CREATE CONSTRAINT business_id IF NOT EXISTS FOR (b:Business) REQUIRE b.id IS UNIQUE',
  'CREATE CONSTRAINT capability_name IF NOT EXISTS FOR (c:Capability) REQUIRE c.name IS UNIQUE',
  'CREATE CONSTRAINT atlas_import_key IF NOT EXISTS FOR (s:AtlasImport) REQUIRE s.key IS UNIQUE',
  // No index on COLLABORATED_WITH.key: with one, the planner may merge a row by scanning the
  // whole index (a re-import of 10k businesses took 139-210 s instead of 5 s); without, it
  // merges between the two businesses it has found (Expand(Into)). Dropped where an earlier
  // version made it.
  'DROP INDEX collaboration_key IF EXISTS',
] as const;
export const AWAIT_INDEXES = 'CALL db.awaitIndexes($seconds)';

/** Marks the network incomplete until `FINISH_IMPORT`; a loader refuses it meanwhile. */
export const START_IMPORT = `
MERGE (s:AtlasImport {key: 'network'})
SET s.status = 'running', s.source = $source, s.replace = $replace,
    s.startedAt = datetime(), s.finishedAt = null`;
export const FINISH_IMPORT = `
MATCH (s:AtlasImport {key: 'network'})
SET s.status = 'complete', s.finishedAt = datetime(), s += $counts`;
export const READ_IMPORT_STATE = `
OPTIONAL MATCH (s:AtlasImport {key: 'network'})
RETURN s.status AS status, s.source AS source, toString(s.startedAt) AS startedAt`;

/** Deletes the network (not the import state) in batches; needs an auto-commit transaction. */
export const CLEAR_NETWORK = `
MATCH (n) WHERE n:Business OR n:Capability
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF $batchSize ROWS`;

/** $rows: [{id, props}]; `SET b = props` makes the node exactly the row (props includes id). */
export const MERGE_BUSINESSES = `
UNWIND $rows AS row
MERGE (b:Business {id: row.id})
SET b = row.props`;

/** $rows: [{name, category}], every capability held or needed; the bundle's category wins. */
export const MERGE_CAPABILITY_NODES = `
UNWIND $rows AS row
MERGE (c:Capability {name: row.name})
SET c.category = coalesce(row.category, c.category)`;

/** $rows: [{businessId, capability, props}], one row per business and capability held. */
export const MERGE_HELD_CAPABILITIES = `
UNWIND $rows AS row
MATCH (b:Business {id: row.businessId})
MATCH (c:Capability {name: row.capability})
MERGE (b)-[r:HAS_CAPABILITY]->(c)
SET r = row.props`;

/** $rows: [{businessId, capability, props}], one row per business and capability needed. */
export const MERGE_NEEDS = `
UNWIND $rows AS row
MATCH (b:Business {id: row.businessId})
MATCH (c:Capability {name: row.capability})
MERGE (b)-[r:NEEDS]->(c)
SET r = row.props`;

/** $rows: [{source, target, key, props}]; `key` identifies the row so a re-run merges onto it. */
export const MERGE_COLLABORATIONS = `
UNWIND $rows AS row
MATCH (a:Business {id: row.source})
MATCH (b:Business {id: row.target})
MERGE (a)-[r:COLLABORATED_WITH {key: row.key}]->(b)
SET r = row.props`;

/**
 * Loader queries. The loader reads every business with its capabilities held, needs and
 * outgoing collaborations as lists of scalars in one record (a quarter of the records of four
 * flat queries: the driver's cost is per record, the server's per property read), split over
 * `$partitions` concurrent transactions by internal node id. Capabilities and collaboration
 * targets come back as internal node ids, resolved by the loader from `LOAD_CAPABILITY_NODES`
 * and from the businesses themselves: the server then reads a capability's name once, not
 * once per relationship. There is no ORDER BY (a sort makes the server read everything before
 * sending anything): the loader puts the rows in `seq` order itself.
 * `id()` is used within one load only, never stored. Node ids and `seq` come as floats
 * (exact far beyond any store size): the driver decodes a float into a plain number, an
 * integer into an object. Values that are validated (level, size, …) stay as stored.
 */
export const LOAD_CAPABILITY_NODES = `
MATCH (c:Capability)
RETURN toFloat(id(c)) AS node, c.name AS name, c.category AS category`;
/**
 * A held capability's category as sent: `true` when it is the capability's own (the usual
 * case, a byte on the wire instead of a string to decode a million times), else its own value
 * (a boolean as text, so that `true` keeps its one meaning).
 */
const HELD_CATEGORY = `CASE WHEN r.category = c.category THEN true
      WHEN r.category IN [true, false] THEN toString(r.category) ELSE r.category END`;
/**
 * One record per business: `held` [capability node, level, category, confidential, seq], …;
 * `proto` is the property named `__proto__`, which the driver drops when it decodes `p` (it
 * builds maps by assignment), so that a businesses.csv column of that name is kept.
 */
export const LOAD_NETWORK_PART = `
MATCH (b:Business) WHERE id(b) % $partitions = $partition
RETURN toFloat(id(b)) AS node, properties(b) AS p, b.\`__proto__\` AS proto,
  [(b)-[r:HAS_CAPABILITY]->(c:Capability) |
    [toFloat(id(c)), r.level, ${HELD_CATEGORY}, r.confidential, toFloat(r.seq)]] AS held,
  [(b)-[r:NEEDS]->(c:Capability) | [toFloat(id(c)), r.priority, r.confidential, toFloat(r.seq)]] AS needs,
  [(b)-[r:COLLABORATED_WITH]->(t:Business) |
    [toFloat(id(t)), r.weight, r.start, r.end, r.kind, r.project, toFloat(r.seq)]] AS collaborations`;

/**
 * The rows as flat queries, one per kind, ordered on the server: what the loader read before
 * it grouped rows per business; kept for the benchmark's reference read.
 */
export const FLAT_LOAD_QUERIES = [
  `MATCH (b:Business)
RETURN properties(b) AS p
ORDER BY b.seq, b.id`,
  `MATCH (b:Business)-[r:HAS_CAPABILITY]->(c:Capability)
RETURN b.id AS businessId, c.name AS capability, r.level AS level,
       CASE WHEN r.seq IS NULL THEN c.category ELSE r.category END AS category,
       r.confidential AS confidential
ORDER BY r.seq, b.id, c.name`,
  `MATCH (b:Business)-[r:NEEDS]->(c:Capability)
RETURN b.id AS businessId, c.name AS capability, r.priority AS priority, r.confidential AS confidential
ORDER BY r.seq, b.id, c.name`,
  `MATCH (a:Business)-[r:COLLABORATED_WITH]->(b:Business)
RETURN a.id AS source, b.id AS target, r.weight AS weight, r.start AS start, r.end AS end,
       r.kind AS kind, r.project AS project
ORDER BY r.seq, a.id, b.id, r.key`,
] as const;

/** Counts of what is stored, for summaries and tests. */
export const COUNT_NETWORK = `
CALL { MATCH (b:Business) RETURN count(b) AS businesses }
CALL { MATCH (c:Capability) RETURN count(c) AS capabilities }
CALL { MATCH (:Business)-[r:HAS_CAPABILITY]->() RETURN count(r) AS held }
CALL { MATCH (:Business)-[r:NEEDS]->() RETURN count(r) AS needs }
CALL { MATCH (:Business)-[r:COLLABORATED_WITH]->() RETURN count(r) AS collaborations }
RETURN businesses, capabilities, held, needs, collaborations`;

/**
 * Graph Data Science (the GDS plugin, docs/neo4j.md): the network projected as GDS's in-memory
 * graph, one undirected relationship per pair of partners with the summed collaboration
 * weight (as buildGraph merges them), isolated businesses included, no self-loops. Cypher
 * projection (`gds.graph.project` as an aggregation function). Only Cypher procedure calls
 * talk to GDS: Partner Atlas never links against its classes.
 */
export const GDS_VERSION = 'RETURN gds.version() AS version';
export const GDS_PROJECT = `
MATCH (a:Business)
OPTIONAL MATCH (a)-[r:COLLABORATED_WITH]-(b:Business)
WHERE a.id < b.id
WITH a, b, toFloat(sum(coalesce(r.weight, 1))) AS weight
WITH gds.graph.project($graphName, a, b,
  CASE WHEN b IS NULL THEN {} ELSE {relationshipProperties: {weight: weight}} END,
  {undirectedRelationshipTypes: ['*']}) AS g
RETURN toFloat(g.nodeCount) AS nodeCount, toFloat(g.relationshipCount) AS relationshipCount`;
export const GDS_DROP = 'CALL gds.graph.drop($graphName, false) YIELD graphName RETURN graphName';
const gdsStream = (procedure: string, value: string, config: string) => `
CALL ${procedure}($graphName, ${config}) YIELD nodeId, ${value}
RETURN gds.util.asNode(nodeId).id AS id, toFloat(${value}) AS value`;
/** One stream per metric: `id`, `value` rows. Configs come as `$config`. */
export const GDS_STREAMS = {
  degree: gdsStream('gds.degree.stream', 'score', '{}'),
  weighted_degree: gdsStream('gds.degree.stream', 'score', "{relationshipWeightProperty: 'weight'}"),
  betweenness: gdsStream('gds.betweenness.stream', 'score', '$config'),
  closeness: gdsStream('gds.closeness.stream', 'score', '{useWassermanFaust: true}'),
  eigenvector: gdsStream('gds.eigenvector.stream', 'score', '{maxIterations: 1000, tolerance: 1e-12}'),
  pagerank: gdsStream(
    'gds.pageRank.stream',
    'score',
    "{dampingFactor: 0.85, relationshipWeightProperty: 'weight', maxIterations: 1000, tolerance: 1e-12}",
  ),
  clustering: gdsStream('gds.localClusteringCoefficient.stream', 'localClusteringCoefficient', '{}'),
  core: gdsStream('gds.kcore.stream', 'coreValue', '{}'),
  community: gdsStream(
    'gds.leiden.stream',
    'communityId',
    "{randomSeed: $config.seed, relationshipWeightProperty: 'weight'}",
  ),
} as const;
/** GDS's own memory estimate of the projection and of PageRank, per the docs' per-million-ties figure. */
export const GDS_ESTIMATE_PAGERANK = `
CALL gds.pageRank.stream.estimate($graphName, {}) YIELD requiredMemory, bytesMin, bytesMax
RETURN requiredMemory, toFloat(bytesMin) AS bytesMin, toFloat(bytesMax) AS bytesMax`;
