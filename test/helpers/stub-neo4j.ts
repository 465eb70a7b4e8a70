/** A stand-in Neo4j importer, so uploads get past "Neo4j not configured" to the zip and bundle checks. */
import type { Neo4jAccess } from '../../api/load-source.ts';

export const stubNeo4j: Neo4jAccess = {
  source: 'neo4j:test',
  ping: async () => {},
  importRecords: async (records, { replace }) => {
    const n = {
      businesses: records.businesses.length,
      capabilities: records.capabilities.length,
      held: records.capabilities.length,
      needs: records.needs.length,
      collaborations: records.collaborations.length,
    };
    return { written: n, stored: n, batches: 1, replaced: replace };
  },
};
