/**
 * The typed contract of the API for its clients: the type of every answer, inferred from the
 * zod schemas in `schemas/responses.ts` that the routes, the OpenAPI document and the API tests
 * use, so a client typed from here cannot drift from what the API sends. Types only: viz/
 * imports this module with `import type` (the lint rule allows nothing else from api/).
 */
import type { z } from 'zod';
import type * as S from './schemas/responses.ts';

export type SnapshotInfo = z.infer<typeof S.SnapshotInfo>;
export type Problem = z.infer<typeof S.Problem>;
export type Health = z.infer<typeof S.Health>;
export type NetworkSummary = z.infer<typeof S.NetworkSummary>;
export type BusinessList = z.infer<typeof S.BusinessList>;
export type BusinessProfile = z.infer<typeof S.BusinessProfile>;
export type FourAnswers = z.infer<typeof S.FourAnswers>;
export type Suggestions = z.infer<typeof S.Suggestions>;
export type Consortium = z.infer<typeof S.Consortium>;
export type CapabilityList = z.infer<typeof S.CapabilityList>;
export type CentralityReport = z.infer<typeof S.CentralityReport>;
export type ReportSummary = z.infer<typeof S.ReportSummary>;
export type Graph = z.infer<typeof S.Graph>;
export type NetworkTimeline = z.infer<typeof S.NetworkTimeline>;
export type NetworkHealth = z.infer<typeof S.NetworkHealth>;
export type KeyPlayers = z.infer<typeof S.KeyPlayers>;
export type BusinessHealth = z.infer<typeof S.BusinessHealth>;
export type WhatIf = z.infer<typeof S.WhatIf>;

/** Parts of the answers that clients handle one at a time. */
export type GraphNode = Graph['nodes'][number];
export type GraphEdge = Graph['edges'][number];
export type CentralityRow = CentralityReport['rows'][number];
export type Team = Consortium['teams'][number];
export type TeamMember = Team['members'][number];
export type Suggestion = Suggestions['suggestions'][number];
export type TimelineRow = NetworkTimeline['rows'][number];
export type KeyPlayer = KeyPlayers['keyPlayers'][number];
export type WhatIfKpis = WhatIf['before'];
