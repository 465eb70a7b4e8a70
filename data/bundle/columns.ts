/** Column names of the CSV bundle format (docs/data-format.md). */
export const BUNDLE_FILES = {
  businesses: 'businesses.csv',
  capabilities: 'capabilities.csv',
  needs: 'needs.csv',
  collaborations: 'collaborations.csv',
} as const;

export const BUSINESS_COLUMNS = [
  'id',
  'name',
  'sector',
  'size',
  'site',
  'lat',
  'lon',
  'founded',
  'description',
  'aliases',
] as const;
export const CAPABILITY_COLUMNS = ['business_id', 'capability', 'level', 'category', 'confidential'] as const;
export const NEED_COLUMNS = ['business_id', 'capability', 'priority', 'confidential'] as const;
export const COLLABORATION_COLUMNS = [
  'source',
  'target',
  'weight',
  'start',
  'end',
  'kind',
  'project',
] as const;

export const REQUIRED_COLUMNS = {
  businesses: ['id', 'name'],
  capabilities: ['business_id', 'capability'],
  needs: ['business_id', 'capability'],
  collaborations: ['source', 'target'],
} as const;
