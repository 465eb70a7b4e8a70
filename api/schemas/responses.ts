/**
 * zod schemas of the API's answers: the contract of every route. Route handlers are typed
 * with their `z.input`, the OpenAPI document is generated from them, clients take their types
 * from `api/contract.ts` (inferred from these), and test/api/contract.test.ts parses every
 * route's real answer with its schema. Answers are strict objects (a key not declared here is
 * an error), so a field the analysis adds or renames shows up in that test instead of reaching
 * the page unannounced. Problem details and the OpenAPI document stay open: both are
 * extensible by their own specifications.
 */
import { z } from 'zod';
import { RANKER_FEATURES } from '../../analysis/partnering/ranker.ts';
import { METRIC_COLUMNS, REPORT_COLUMNS } from '../../analysis/report/centrality-report.ts';
import { MATCH_KINDS } from '../../analysis/search/business-search.ts';

export const SnapshotInfo = z.strictObject({
  id: z.string().describe('changes with every load; the ETag of every GET answer starts with it'),
  loadedAt: z.string(),
  source: z.string().describe('files:PATH, neo4j:URI/DB or cordis:…'),
});
const withSnapshot = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject({ snapshot: SnapshotInfo, ...shape });

export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe('what was wrong and how to fix it'),
  instance: z.string().exactOptional(),
  requestId: z.string().exactOptional(),
});

const ReloadStatus = z.strictObject({
  state: z.enum(['idle', 'reloading']),
  startedAt: z.string().exactOptional(),
  deadlineAt: z
    .string()
    .exactOptional()
    .describe('when the reload under way is given up (RELOAD_TIMEOUT_SECONDS)'),
  lastError: z.strictObject({ message: z.string(), at: z.string() }).exactOptional(),
});

/** Health: the status for everyone; the rest only for callers with a key (or any caller of an open service). */
export const Health = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  access: z
    .enum(['open', 'reader', 'analyst', 'admin'])
    .exactOptional()
    .describe(
      "the caller's role, so a client offers only what it may ask for ('open': the service has no keys, every route is open); with a valid key or on an open service",
    ),
  reason: z.string().exactOptional().describe('why degraded: a failed reload or Neo4j unreachable'),
  source: z.string().exactOptional(),
  snapshot: SnapshotInfo.exactOptional(),
  reload: ReloadStatus.exactOptional(),
  neo4j: z.strictObject({ reachable: z.boolean(), error: z.string().exactOptional() }).exactOptional(),
  engine: z
    .object({
      requested: z.enum(['local', 'gds', 'auto']).describe('ANALYTICS_ENGINE'),
      inUse: z.enum(['local', 'gds']).describe('the engine of the current snapshot'),
      reason: z.string(),
      gdsVersion: z.string().exactOptional(),
      lastFallback: z
        .object({ message: z.string(), at: z.string() })
        .exactOptional()
        .describe('the last time GDS failed and the local engine answered'),
    })
    .exactOptional()
    .describe('the analytics engine of the report, summary and communities (docs/neo4j.md); with a key'),
  counts: z
    .object({
      businesses: z.number().int(),
      capabilities: z.number().int(),
      needs: z.number().int(),
      collaborations: z.number().int(),
    })
    .exactOptional()
    .describe('for readers and open services, confidential capabilities and needs left out'),
});
export type Health = z.infer<typeof Health>;

export const NetworkSummary = withSnapshot({
  counts: z.strictObject({
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
    z.strictObject({
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

const Level = z.number().int().min(1).max(5);
const Capability = z.strictObject({
  name: z.string(),
  level: Level,
  category: z.string().exactOptional(),
  confidential: z.boolean().exactOptional(),
  since: z.number().int().exactOptional().describe('year first evidenced; absent: always held'),
});
const Need = z.strictObject({ name: z.string(), priority: Level, confidential: z.boolean().exactOptional() });
const Rank = z.strictObject({ rank: z.number().int(), of: z.number().int(), text: z.string() });
const CollaborationEvent = z.strictObject({
  weight: z.number(),
  start: z.string().exactOptional().describe('YYYY, YYYY-MM or YYYY-MM-DD'),
  end: z.string().exactOptional(),
  kind: z.string().exactOptional(),
  project: z.string().exactOptional(),
});

/** One row of the centrality report (analysis/report/centrality-report.ts, docs/metrics.md). */
export const CentralityRow = z.strictObject({
  id: z.string(),
  name: z.string(),
  sector: z.string().nullable(),
  community: z.number().int(),
  degree: z.number().int(),
  weighted_degree: z.number(),
  betweenness: z.number(),
  closeness: z
    .number()
    .nullable()
    .describe('null when betweenness is sampled and this business was not a source'),
  eigenvector: z.number(),
  pagerank: z.number(),
  clustering: z.number(),
  core: z.number().int(),
  constraint: z.number().nullable().describe('null for an isolated business'),
  effective_size: z.number().nullable(),
  reach_2: z.number().int(),
});

export const BusinessProfile = withSnapshot({
  business: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      sector: z.string().exactOptional(),
      size: z.number().int().exactOptional().describe('employees'),
      site: z.string().exactOptional(),
      lat: z.number().exactOptional(),
      lon: z.number().exactOptional(),
      founded: z.number().int().exactOptional(),
      description: z.string().exactOptional(),
      aliases: z.array(z.string()).exactOptional(),
      attributes: z
        .record(z.string(), z.string())
        .exactOptional()
        .describe('the other columns of businesses.csv'),
    })
    .describe('the business record as loaded'),
  capabilities: z.array(Capability).describe('confidential ones only for analyst and admin'),
  needs: z.array(Need).describe('confidential ones only for analyst and admin'),
  partners: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      weight: z.number(),
      events: z.array(CollaborationEvent),
    }),
  ),
  metrics: CentralityRow.nullable().describe('its row of the centrality report'),
  ranks: z
    .record(z.enum(METRIC_COLUMNS), Rank)
    .nullable()
    .describe('per metric, e.g. "3rd of 150 by betweenness"'),
});
export type BusinessProfile = z.infer<typeof BusinessProfile>;

const Named = z.strictObject({ id: z.string(), name: z.string() });
const NeedSummary = z.strictObject({
  capability: z.string(),
  priority: Level,
  holders: z.number().int().describe('how many other businesses can meet it'),
  gap: z.boolean().describe('nobody in the network can meet it'),
});
const Rarity = z.strictObject({
  capability: z.string(),
  level: Level,
  holders: z.number().int().describe('businesses holding it, this one included'),
  rarity: z.number(),
});
/** GET /api/businesses/:id/questions (analysis/partnering/four-questions.ts). */
export const FourAnswers = withSnapshot({
  business: Named,
  horizon: z.number().int().min(1).max(3),
  known: z.number().int().describe('businesses within the horizon ("the businesses we know")'),
  whatNeedsToBeDone: z.array(NeedSummary).describe('its needs, or the project’s capabilities'),
  whatOthersCanDoForUs: z.array(
    NeedSummary.extend({
      providers: z
        .array(
          z.strictObject({
            id: z.string(),
            name: z.string(),
            level: Level,
            distance: z.number().int().nullable().describe('hops away; null beyond 3 or unreachable'),
            partner: z.boolean(),
          }),
        )
        .describe('best first'),
    }),
  ),
  whatWeDoBetterThanAnyoneWeKnow: z.array(
    z.strictObject({
      capability: z.string(),
      level: Level,
      runnerUp: z
        .strictObject({ id: z.string(), name: z.string(), level: Level })
        .nullable()
        .describe('the best other holder it knows'),
    }),
  ),
  whatOnlyWeCanDo: z.strictObject({
    unique: z.array(Rarity).describe('nobody else holds it'),
    rare: z.array(Rarity).describe('held by few'),
  }),
});

const Weights = z.strictObject({
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
      coefficients: z
        .record(z.enum(RANKER_FEATURES), z.number())
        .nullable()
        .describe('on standardised features'),
      validation: z
        .object({
          k: z.number().int(),
          queries: z.number().int(),
          precisionAtK: z.number(),
          mrr: z.number(),
          adamicAdar: z.strictObject({ precisionAtK: z.number(), mrr: z.number() }),
          vsAdamicAdar: z
            .strictObject({
              ratio: z.number().nullable(),
              low: z.number().nullable(),
              high: z.number().nullable(),
              resamples: z.number().int(),
              level: z.number(),
            })
            .describe(
              'precisionAtK ÷ Adamic–Adar’s, with its paired bootstrap interval over the held-out businesses: all null when Adamic–Adar scored 0, an end null when unbounded',
            ),
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
    z.strictObject({
      id: z.string(),
      name: z.string(),
      sector: z.string().nullable(),
      score: z.number(),
      components: Weights,
      reasons: z.strictObject({
        meetsNeeds: z
          .array(z.strictObject({ capability: z.string(), priority: Level, level: Level }))
          .describe('our needs it meets, with its level'),
        ofNeeds: z.number().int().describe('how many needs we have (visible to the viewer)'),
        weMeetTheirs: z
          .array(z.strictObject({ capability: z.string(), level: Level }))
          .describe('its needs we meet, with our level'),
        commonPartners: z.array(Named).describe('the first 5 partners in common'),
        commonPartnerCount: z.number().int(),
        otherCommunity: z.boolean().nullable(),
        constraint: z.number().nullable(),
        existingPartner: z.boolean(),
        partnerCount: z.number().int(),
        fewerPartnersShare: z
          .number()
          .describe("share of the network's businesses with fewer partners (0–1)"),
        newPartners: z
          .strictObject({ since: z.number().int(), count: z.number().int() })
          .nullable()
          .describe('its partners whose first dated collaboration started in or after since'),
        sharedCapabilities: z.array(z.string()).describe('the first few both hold, by name'),
        sharedCapabilityCount: z.number().int(),
        sameSector: z.boolean(),
        sameSite: z.boolean(),
        drivers: z
          .array(z.strictObject({ feature: z.enum(RANKER_FEATURES), contribution: z.number() }))
          .describe('with the ranker: the features that raised it most, largest first; empty with weights'),
      }),
      sentence: z.string().describe('the reasons in one sentence'),
    }),
  ),
});

/** POST /api/consortia (analysis/partnering/consortium.ts). */
export const Consortium = withSnapshot({
  capabilities: z.array(z.string()).describe('the capabilities asked for'),
  anchor: z.string().nullable(),
  maxSize: z.number().int(),
  method: z.enum(['exact', 'heuristic']),
  gaps: z.array(z.string()).describe('asked-for capabilities nobody in the network holds'),
  teams: z
    .array(
      z.strictObject({
        members: z.array(
          z.strictObject({
            id: z.string(),
            name: z.string(),
            sector: z.string().nullable(),
            brings: z
              .array(z.strictObject({ capability: z.string(), level: Level }))
              .describe('the asked-for capabilities it holds'),
          }),
        ),
        covered: z.array(z.string()),
        uncovered: z.array(z.string()),
        complete: z.boolean(),
        score: z.number(),
        components: z.strictObject({ levels: z.number(), cohesion: z.number(), mutualBenefit: z.number() }),
        existingTies: z
          .array(z.tuple([z.string(), z.string()]))
          .describe('member pairs that have collaborated'),
      }),
    )
    .describe('best first'),
});

export const CapabilityList = withSnapshot({
  gaps: z.number().int().describe('capabilities sought by someone and held by no one'),
  capabilities: z.array(
    z.strictObject({
      name: z.string(),
      category: z.string().nullable(),
      holders: z.number().int(),
      seekers: z.number().int(),
      gap: z.boolean(),
      bestLevel: z.number().nullable(),
      topHolders: z.array(z.strictObject({ id: z.string(), name: z.string(), level: z.number() })),
      seekerIds: z.array(z.string()),
    }),
  ),
});
export type CapabilityList = z.infer<typeof CapabilityList>;

export const AnalysisParameters = z.strictObject({
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
      gdsVersion: z.string().exactOptional(),
      fallback: z.string().exactOptional().describe('GDS failed and the local engine answered: why'),
      summaryPaths: z.union([z.literal('exact'), z.number().int()]).exactOptional(),
    })
    .exactOptional(),
});
const AnalysisSummary = z.strictObject({
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
});
export const ReportSummary = withSnapshot({ parameters: AnalysisParameters, summary: AnalysisSummary });

/** GET /api/reports/centrality?format=json (analysis/report/format.ts). */
export const CentralityReport = withSnapshot({
  provenance: z.strictObject({
    tool: z.literal('partner-atlas'),
    version: z.string(),
    source: z.string(),
    snapshot: z.string().exactOptional(),
    generatedAt: z.string(),
    dataHash: z.string().describe('fingerprint of the analysed network'),
    seed: z.number().int(),
    parameters: AnalysisParameters,
  }),
  summary: AnalysisSummary,
  // Read-only: the report's own column list and rows are sent as they are, not copied.
  columns: z.array(z.enum(REPORT_COLUMNS)).readonly(),
  rows: z.array(CentralityRow).readonly(),
});

export const ReloadAccepted = withSnapshot({ reload: ReloadStatus });
export type ReloadAccepted = z.infer<typeof ReloadAccepted>;

const StoredCounts = z.strictObject({
  businesses: z.number().int(),
  capabilities: z.number().int(),
  held: z.number().int(),
  needs: z.number().int(),
  collaborations: z.number().int(),
});
export const ImportResult = withSnapshot({
  imported: z.strictObject({
    written: StoredCounts,
    stored: StoredCounts,
    batches: z.number().int(),
    replaced: z.boolean(),
  }),
  files: z.array(z.string()).describe('the bundle files read from the upload'),
  reload: ReloadStatus.describe('a reload from Neo4j starts once the import is done'),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** GET /api/graph?format=json (analysis/export/graph-view.ts). */
export const Graph = withSnapshot({
  partial: z.boolean().describe('the centralities and communities were still being computed'),
  nodes: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      sector: z.string().exactOptional(),
      employees: z.number().int().exactOptional(),
      site: z.string().exactOptional(),
      founded: z.number().int().exactOptional(),
      community: z.number().int().exactOptional(),
      x: z.number(),
      y: z.number(),
      capabilities: z.array(z.string()).describe('names of the public capabilities held'),
      needs: z.array(z.string()).describe('names of the public needs'),
      firstYear: z.number().int().exactOptional().describe('first year with a dated collaboration'),
      metrics: z.record(z.string(), z.number()).describe('metric name → value (see metrics)'),
      attributes: z
        .record(z.string(), z.string())
        .exactOptional()
        .describe('the other columns of businesses.csv (CORDIS: country, activity_type, sme…)'),
    }),
  ),
  edges: z.array(
    z.strictObject({
      id: z.string(),
      source: z.string(),
      target: z.string(),
      weight: z.number(),
      spans: z
        .array(z.tuple([z.number().int(), z.number().int().nullable()]))
        .describe('active years of each dated event; end null: still active'),
      kinds: z.array(z.string()),
    }),
  ),
  metrics: z.array(z.string()).describe('the metric names, in a stable order'),
  sectors: z.array(z.string()),
  communities: z.number().int(),
  years: z.strictObject({ min: z.number().int(), max: z.number().int() }).exactOptional(),
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

const TimelineRow = z.strictObject({
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

const DormantTie = z.strictObject({
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
const OneSidedTie = z.strictObject({
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

const RemovalImpact = z.strictObject({
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
  before: z.strictObject({
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
  betweenness: z.strictObject({ top: z.array(z.string()), overlap: z.number().int(), sampled: z.boolean() }),
});

const Trend = z.enum(['rising', 'falling', 'steady', 'not enough years']);
export const BusinessHealth = withSnapshot({
  id: z.string(),
  name: z.string(),
  asOf: Year,
  years: z.array(
    z.strictObject({
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
  topPartner: z.strictObject({ id: z.string(), name: z.string(), weight: z.number() }).nullable(),
  partners: z.number().int(),
  trend: z.strictObject({ degree: Trend, pagerank: Trend, years: z.number().int() }),
  dormantTies: z.array(DormantTie),
  oneSided: z.strictObject({ gives: z.array(OneSidedTie), takes: z.array(OneSidedTie) }),
});

const WhatIfKpis = z.strictObject({
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
  added: z.array(z.strictObject({ source: z.string(), target: z.string() })),
  cutOff: z.array(Named).describe('in the largest component before, not in it after'),
  lostCapabilities: z.array(
    z.strictObject({
      business: z.string(),
      businessName: z.string(),
      capability: z.string(),
      scope: z.enum(['partners', 'network']),
      lostHolders: z.array(z.string()),
    }),
  ),
});
