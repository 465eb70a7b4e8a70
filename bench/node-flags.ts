/**
 * The service's V8 settings, as `npm start` passes them (package.json; a test keeps the two
 * the same): a young generation of up to 64 MB per semi-space instead of 16, so that building
 * a million-row network copies fewer surviving objects (docs/neo4j.md).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'] as const;
