/**
 * zod schemas of the API's answers. Routes type their bodies with the `z.infer` types below,
 * the OpenAPI document is generated from these schemas, and the API tests validate real
 * answers against them, so the three cannot drift. Nested analysis results are described by
 * their main fields and stay open (`looseObject`) for additions.
 */
import { z } from 'zod';
import { MATCH_KINDS } from '../../analysis/search/business-search.ts';

export const SnapshotInfo = z.object({
  id: z.string().describe('changes with every load; the ETag of every GET answer starts with it'),
  loadedAt: z.string(),
  source: z.string().describe('files:PATH, neo4j:URI/DB or cordis:…'),
});
const withSnapshot = <T extends z.ZodRawShape>(shape: T) =>
  z.looseObject({ snapshot: SnapshotInfo, ...shape });

export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe('what was wrong and how to fix it'),
  instance: z.string().optional(),
  requestId: z.string().optional(),
});

const ReloadStatus = z.object({
  state: z.enum(['idle', 'reloading']),
  startedAt: z.string().optional(),
  deadlineAt: z.string().optional().describe('when the reload under way is given up (RELOAD_TIMEOUT_SECONDS)'),
  lastError: z.object({ message: z.string(), at: z.string() }).optional(),
});

/** Health: the status for everyone; the rest only for callers with a key (or any caller of an open service). */
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  reason: z.string().optional().describe('why degraded: a failed reload or Neo4j unreachable'),
  source: z.string().optional(),
  snapshot: SnapshotInfo.optional(),
  reload: ReloadStatus.optional(),
  neo4j: z.object({ reachable: z.boolean(), error: z.string().optional() }).optional(),
  engine: z
    .object({
      requested: z.enum(['local', 'gds', 'auto']).describe('ANALYTICS_ENGINE'),
      inUse: z.enum(['local', 'gds']).describe('the engine of the current snapshot'),
      reason: z.string(),
      gdsVersion: z.string().optional(),
      lastFallback: z
        .object({ message: z.string(), at: z.string() })
        .optional()
        .describe('the last time GDS failed and the local engine answered'),
    })
    .optional()
    .describe('the analytics engine of the report, summary and communities (docs/neo4j.md); with a key'),
  counts: z
    .object({
      businesses: z.number().int(),
      capabilities: z.number().int(),
      needs: z.number().int(),
      collaborations: z.number().int(),
    })
    .optional()
    .describe('for readers and open services, confidential capabilities and needs left out'),
});
export type Health = z.infer<typeof Health>;

export const NetworkSummary = withSnapshot({
  counts: z.object({
    businesses: z.number().int(),
    capabilities: z.number().int(),
    needs: z.number().int(),
    collaborations: z.number().int(),
    collaborationEvents: z.number().int(),
    sectors: z.array(z.string()),
  }),
});

export const BusinessList = withSnapshot({
  total: z.number().int().describe('matches over all pages'),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
  businesses: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      sector: z.string().nullable(),
      site: z.string().nullable(),
      partners: z.number().int(),
      match: z.enum(MATCH_KINDS),
    }),
  ),
});
export type BusinessList = z.infer<typeof BusinessList>;

// Plain z.object (unknown keys allowed, not typed) so the analysis interfaces assign to them.
const Capability = z.object({
  name: z.string(),
  level: z.number(),
  category: z.string().optional(),
  confidential: z.boolean().optional(),
});
const Need = z.object({ name: z.string(), priority: z.number(), confidential: z.boolean().optional() });
const Rank = z.object({ rank: z.number().int(), of: z.number().int(), text: z.string() });

export const BusinessProfile = withSnapshot({
  business: z.object({ id: z.string(), name: z.string() }),
  capabilities: z.array(Capability).describe('confidential ones only for analyst and admin'),
  needs: z.array(Need).describe('confidential ones only for analyst and admin'),
  partners: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      weight: z.number(),
      events: z.array(z.object({ weight: z.number() })),
    }),
  ),
  metrics: z.object({ id: z.string() }).nullable().describe('its row of the centrality report'),
  ranks: z.record(z.string(), Rank).nullable().describe('e.g. "3rd of 150 by betweenness"'),
});
export type BusinessProfile = z.infer<typeof BusinessProfile>;

const Named = z.object({ id: z.string(), name: z.string() });
export const FourAnswers = withSnapshot({
  business: Named,
  horizon: z.number().int(),
  known: z.number().int(),
  whatNeedsToBeDone: z.array(z.object({ capability: z.string(), priority: z.number() })),
  whatOthersCanDoForUs: z.array(
    z.object({ capability: z.string(), providers: z.array(z.object({ id: z.string() })) }),
  ),
  whatWeDoBetterThanAnyoneWeKnow: z.array(z.object({ capability: z.string(), level: z.number() })),
  whatOnlyWeCanDo: z.object({
    unique: z.array(z.object({ capability: z.string() })),
    rare: z.array(z.object({ capability: z.string() })),
  }),
});

const Weights = z.object({
  complementarity: z.number(),
  reciprocity: z.number(),
  trust: z.number(),
  reach: z.number(),
});
export const Suggestions = withSnapshot({
  business: Named,
  ranker: z
    .object({
      kind: z.enum(['learned', 'default', 'weights']),
      reason: z.string(),
      cutYear: z.number().int().nullable().describe('features from ties up to this year, labels after it'),
      coefficients: z.record(z.string(), z.number()).nullable().describe('on standardised features'),
      validation: z
        .object({
          k: z.number().int(),
          queries: z.number().int(),
          precisionAtK: z.number(),
          mrr: z.number(),
          adamicAdar: z.object({ precisionAtK: z.number(), mrr: z.number() }),
        })
        .nullable()
        .describe('held-out businesses of the fit; Adamic–Adar on the same ones'),
    })
    .describe(
      'what ranked the answer: the ranker learned from the network history, its defaults, or the weights given',
    ),
  weights: Weights.nullable().describe('the blend used when weights= is given, else null'),
  candidatesConsidered: z.number().int(),
  suggestions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      sector: z.string().nullable(),
      score: z.number(),
      components: Weights,
      reasons: z.object({
        commonPartners: z.array(Named).describe('the first 5 partners in common'),
        commonPartnerCount: z.number().int(),
        existingPartner: z.boolean(),
        drivers: z.array(z.object({ feature: z.string(), contribution: z.number() })),
      }),
      sentence: z.string().describe('the reasons in one sentence'),
    }),
  ),
});

export const Consortium = withSnapshot({
  teams: z.array(z.object({ members: z.array(z.object({ id: z.string(), name: z.string() })) })),
});

export const CapabilityList = withSnapshot({
  gaps: z.number().int().describe('capabilities sought by someone and held by no one'),
  capabilities: z.array(
    z.object({
      name: z.string(),
      category: z.string().nullable(),
      holders: z.number().int(),
      seekers: z.number().int(),
      gap: z.boolean(),
      bestLevel: z.number().nullable(),
      topHolders: z.array(z.object({ id: z.string(), name: z.string(), level: z.number() })),
      seekerIds: z.array(z.string()),
    }),
  ),
});
export type CapabilityList = z.infer<typeof CapabilityList>;

export const CentralityReport = withSnapshot({
  rows: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const AnalysisParameters = z.object({
  seed: z.number().int(),
  betweenness: z.union([z.literal('exact'), z.number().int()]).describe("'exact' or the sampled sources"),
  alpha: z.number(),
  conventions: z.string(),
  engine: z
    .object({
      requested: z.enum(['local', 'gds', 'auto']),
      used: z.enum(['local', 'gds']),
      reason: z.string(),
      columns: z
        .record(z.string(), z.enum(['local', 'gds']))
        .describe('the engine that computed each column'),
      gdsVersion: z.string().optional(),
      fallback: z.string().optional().describe('GDS failed and the local engine answered: why'),
      summaryPaths: z.union([z.literal('exact'), z.number().int()]).optional(),
    })
    .optional(),
});
export const ReportSummary = withSnapshot({
  parameters: AnalysisParameters,
  summary: z.object({
    businesses: z.number().int(),
    collaborations: z.number().int(),
    density: z.number(),
    components: z.number().int(),
    isolated: z.number().int(),
    largestComponentShare: z.number(),
    diameter: z.number().nullable(),
    averageShortestPath: z.number().nullable(),
    averageClustering: z.number(),
    modularity: z.number(),
    communities: z.number().int(),
    degreeAssortativity: z.number().nullable(),
    crossSectorShare: z.number().nullable(),
  }),
});

export const ReloadAccepted = withSnapshot({ reload: ReloadStatus });
export type ReloadAccepted = z.infer<typeof ReloadAccepted>;

const StoredCounts = z.object({
  businesses: z.number().int(),
  capabilities: z.number().int(),
  held: z.number().int(),
  needs: z.number().int(),
  collaborations: z.number().int(),
});
export const ImportResult = withSnapshot({
  imported: z.object({
    written: StoredCounts,
    stored: StoredCounts,
    batches: z.number().int(),
    replaced: z.boolean(),
  }),
  files: z.array(z.string()).describe('the bundle files read from the upload'),
  reload: ReloadStatus.describe('a reload from Neo4j starts once the import is done'),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const Graph = withSnapshot({
  nodes: z.array(z.object({})),
  edges: z.array(z.object({})),
});

/** GET /api/openapi.json: an OpenAPI 3.1 document (described by its own specification). */
export const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});

/** GET /api/docs: an HTML page. */
export const HtmlPage = z.string();

const Year = z.number().int();
const Share = z.number().min(0).max(1);

const TimelineRow = z.object({
  from: Year,
  to: Year,
  activeBusinesses: z.number().int(),
  activeTies: z.number().int(),
  newTies: z.number().int(),
  endedTies: z.number().int(),
  density: z.number(),
  largestComponentShare: Share,
  modularity: z.number().nullable(),
  crossSectorShare: Share.nullable(),
  averagePartners: z.number(),
});
export const NetworkTimeline = withSnapshot({
  asOf: Year,
  rule: z.string().describe('how a tie counts as active in a period'),
  undatedTies: z.number().int().describe('ties with no dated event, left out of every period'),
  rows: z.array(TimelineRow),
});

const DormantTie = z.object({
  source: z.string(),
  target: z.string(),
  sourceName: z.string(),
  targetName: z.string(),
  firstActive: Year,
  lastActive: Year,
  yearsInactive: z.number().int(),
  events: z.number().int(),
  weight: z.number(),
});
const OneSidedTie = z.object({
  giver: z.string(),
  taker: z.string(),
  giverName: z.string(),
  takerName: z.string(),
  gives: z.array(z.string()),
  takerCoverage: Share,
  giverNeeds: z.number().int(),
});
export const NetworkHealth = withSnapshot({
  asOf: Year,
  dormantTies: z.array(DormantTie),
  oneSidedTies: z
    .array(OneSidedTie)
    .describe('confidential capabilities and needs only for analyst and admin'),
});

const RemovalImpact = z.object({
  id: z.string(),
  name: z.string(),
  reachabilityAfter: Share,
  largestComponentShareAfter: Share,
  componentsAfter: z.number().int(),
  cutOff: z.number().int(),
});
export const KeyPlayers = withSnapshot({
  method: z.enum(['recompute', 'articulation']),
  asOf: Year.nullable(),
  before: z.object({
    businesses: z.number().int(),
    reachability: Share,
    largestComponentShare: Share,
    components: z.number().int(),
  }),
  keyPlayers: z.array(
    RemovalImpact.extend({
      rank: z.number().int(),
      betweenness: z.number(),
      betweennessRank: z.number().int(),
    }),
  ),
  betweenness: z.object({ top: z.array(z.string()), overlap: z.number().int(), sampled: z.boolean() }),
});

const Trend = z.enum(['rising', 'falling', 'steady', 'not enough years']);
export const BusinessHealth = withSnapshot({
  id: z.string(),
  name: z.string(),
  asOf: Year,
  years: z.array(
    z.object({
      year: Year,
      partners: z.number().int(),
      gained: z.number().int(),
      lost: z.number().int(),
      degreeRank: z.number().int().nullable(),
      pagerankRank: z.number().int().nullable(),
      activeBusinesses: z.number().int(),
    }),
  ),
  dependence: Share.nullable().describe('share of its collaboration weight with its top partner'),
  topPartner: z.object({ id: z.string(), name: z.string(), weight: z.number() }).nullable(),
  partners: z.number().int(),
  trend: z.object({ degree: Trend, pagerank: Trend, years: z.number().int() }),
  dormantTies: z.array(DormantTie),
  oneSided: z.object({ gives: z.array(OneSidedTie), takes: z.array(OneSidedTie) }),
});

const WhatIfKpis = z.object({
  businesses: z.number().int(),
  collaborations: z.number().int(),
  components: z.number().int(),
  largestComponentShare: Share,
  reachability: Share,
  density: z.number(),
  averagePartners: z.number(),
  crossSectorShare: Share.nullable(),
  modularity: z.number().nullable(),
});
export const WhatIf = withSnapshot({
  asOf: Year.nullable(),
  before: WhatIfKpis,
  after: WhatIfKpis,
  removed: z.array(Named),
  added: z.array(z.object({ source: z.string(), target: z.string() })),
  cutOff: z.array(Named).describe('in the largest component before, not in it after'),
  lostCapabilities: z.array(
    z.object({
      business: z.string(),
      businessName: z.string(),
      capability: z.string(),
      scope: z.enum(['partners', 'network']),
      lostHolders: z.array(z.string()),
    }),
  ),
});
