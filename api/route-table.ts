/**
 * The one route table of the API. Each row says everything about an endpoint: method, path,
 * who may call it (role), whether it is rate limited, the zod schemas of its inputs (path
 * params, query, body) and of its answer, and its handler. From these rows
 * `api/register-routes.ts` registers Express (validation, access control, rate limiting) and
 * `api/openapi.ts` writes the OpenAPI document, so the three cannot disagree.
 *
 * Adding an endpoint: one row here plus one analysis function (docs/design.md).
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AppDeps } from './app.ts';
import type { Role } from './auth.ts';
import type { JsonBody } from './result-cache.ts';
import * as Q from './schemas/requests.ts';
import * as R from './schemas/responses.ts';
import { reloadSnapshot } from './routes/admin.ts';
import { getBusiness, listBusinesses, questionsFor, suggestionsFor } from './routes/businesses.ts';
import { getCapabilities } from './routes/capabilities.ts';
import { postConsortia } from './routes/consortia.ts';
import { getDocs, getOpenApi } from './routes/docs.ts';
import { getGraph } from './routes/graph.ts';
import { getHealth } from './routes/health.ts';
import { IMPORT_BODY, postImport } from './routes/import.ts';
import { getNetworkSummary } from './routes/network.ts';
import { getCentralityReport, getReportSummary } from './routes/reports.ts';
import {
  getBusinessHealth,
  getKeyPlayers,
  getNetworkHealth,
  getTimeline,
  postWhatIf,
} from './routes/timeline.ts';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The validated inputs of one request. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/**
 * Answers one request. A returned value is sent as JSON with the row's status; a handler that
 * sends its own answer (CSV, prepared bytes, 304) returns nothing.
 */
export type RouteHandler<P, Q, B, A> = (
  input: RouteInput<P, Q, B>,
  req: Request,
  res: Response,
) => A | JsonBody<A> | undefined | Promise<A | JsonBody<A> | undefined>;

export interface RouteSpec<
  P extends z.ZodType | undefined = undefined,
  Qy extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  A extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post';
  /** Express path under /api, e.g. `/businesses/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Least role allowed; `public` needs no key. */
  role: Role | 'public';
  /** Counts against the caller's token bucket of expensive requests (api/rate-limit.ts). */
  rateLimited?: boolean;
  /** The answer uses the snapshot's learned ranker, which lands after the snapshot: its ETag carries the snapshot revision. */
  ranked?: boolean;
  params?: P;
  query?: Qy;
  body?: B;
  /** The body is raw bytes of these media types (the first is documented), up to `limit` bytes. */
  rawBody?: { types: readonly string[]; limit: number };
  response: A;
  /** Other media types of the 200 answer (e.g. text/csv). */
  alternatives?: string[];
  /** Answer status when not 200. */
  status?: number;
  /**
   * Built once per app with its dependencies (and the table, for the documentation routes);
   * per-app state such as a warm-up or a ping cache lives in this closure.
   */
  handler: (
    deps: AppDeps,
    routes: readonly Route[],
  ) => RouteHandler<Output<P>, Output<Qy>, Output<B>, z.input<A>>;
}

/** A row of any schemas (what the generators read). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows differ in their schema types
export type Route = RouteSpec<any, any, any, any>;

/** One row, with the handler's input and answer types checked against the row's schemas. */
export function route<
  P extends z.ZodType | undefined = undefined,
  Qy extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  A extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Qy, B, A>): Route {
  return spec as Route;
}

/** Every route of the API, public ones first. */
export const ROUTES: readonly Route[] = [
  route({
    method: 'get',
    path: '/health',
    summary: 'Liveness, source, snapshot, counts, reload state, Neo4j reachability',
    tag: 'service',
    role: 'public',
    response: R.Health,
    handler: getHealth,
  }),
  route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'service',
    role: 'public',
    response: R.OpenApiDocument,
    handler: getOpenApi,
  }),
  route({
    method: 'get',
    path: '/docs',
    summary: 'Readable API documentation (HTML)',
    tag: 'service',
    role: 'public',
    response: R.HtmlPage,
    alternatives: ['text/html'],
    handler: getDocs,
  }),
  route({
    method: 'post',
    path: '/reload',
    summary: 'Build a new snapshot in the background; the current one serves until it is ready',
    tag: 'admin',
    role: 'admin',
    response: R.ReloadAccepted,
    status: 202,
    handler: reloadSnapshot,
  }),
  route({
    method: 'post',
    path: '/import',
    summary: 'Upload a CSV bundle (zip) to import into Neo4j, validated first; 503 without Neo4j',
    tag: 'admin',
    role: 'admin',
    query: Q.ImportQuery,
    rawBody: IMPORT_BODY,
    response: R.ImportResult,
    handler: postImport,
  }),
  route({
    method: 'get',
    path: '/network/summary',
    summary: 'Counts and sectors of the network',
    tag: 'network',
    role: 'reader',
    response: R.NetworkSummary,
    handler: getNetworkSummary,
  }),
  route({
    method: 'get',
    path: '/graph',
    summary: 'The whole graph with positions and metrics (JSON, GEXF or GraphML)',
    tag: 'network',
    role: 'reader',
    query: Q.GraphQuery,
    response: R.Graph,
    alternatives: ['application/gexf+xml', 'application/graphml+xml'],
    handler: getGraph,
  }),
  route({
    method: 'get',
    path: '/businesses',
    summary: 'Search by name (prefix, word, fuzzy; accents ignored), filter, page with a cursor',
    tag: 'businesses',
    role: 'reader',
    query: Q.BusinessListQuery,
    response: R.BusinessList,
    handler: listBusinesses,
  }),
  route({
    method: 'get',
    path: '/businesses/:id',
    summary: 'Profile, capabilities, needs, partners, metrics and ranks',
    tag: 'businesses',
    role: 'reader',
    params: Q.BusinessIdParams,
    response: R.BusinessProfile,
    handler: getBusiness,
  }),
  route({
    method: 'get',
    path: '/businesses/:id/questions',
    summary: 'The four questions answered for a business',
    tag: 'partnering',
    role: 'reader',
    params: Q.BusinessIdParams,
    query: Q.QuestionsQuery,
    response: R.FourAnswers,
    handler: questionsFor,
  }),
  route({
    method: 'get',
    path: '/businesses/:id/suggestions',
    summary: 'Partner suggestions with their reasons',
    tag: 'partnering',
    role: 'reader',
    rateLimited: true,
    ranked: true,
    params: Q.BusinessIdParams,
    query: Q.SuggestionsQuery,
    response: R.Suggestions,
    handler: suggestionsFor,
  }),
  route({
    method: 'post',
    path: '/consortia',
    summary: 'Teams that together cover a project’s capabilities',
    tag: 'partnering',
    role: 'reader',
    rateLimited: true,
    body: Q.ConsortiumBody,
    response: R.Consortium,
    handler: postConsortia,
  }),
  route({
    method: 'get',
    path: '/capabilities',
    summary: 'Every capability with holders, seekers and gap status',
    tag: 'partnering',
    role: 'reader',
    response: R.CapabilityList,
    handler: getCapabilities,
  }),
  route({
    method: 'get',
    path: '/reports/centrality',
    summary: 'The centrality report (JSON or spreadsheet-safe CSV download)',
    tag: 'reports',
    role: 'analyst',
    rateLimited: true,
    query: Q.ReportQuery,
    response: R.CentralityReport,
    alternatives: ['text/csv'],
    handler: getCentralityReport,
  }),
  route({
    method: 'get',
    path: '/reports/summary',
    summary: 'Network-level summary of the analysis',
    tag: 'reports',
    role: 'analyst',
    rateLimited: true,
    response: R.ReportSummary,
    handler: getReportSummary,
  }),
  route({
    method: 'get',
    path: '/network/timeline',
    summary: 'The network year by year (JSON or CSV)',
    tag: 'timeline',
    role: 'reader',
    rateLimited: true,
    query: Q.TimelineQuery,
    response: R.NetworkTimeline,
    alternatives: ['text/csv'],
    handler: getTimeline,
  }),
  route({
    method: 'get',
    path: '/network/health',
    summary: 'Dormant and one-sided ties',
    tag: 'timeline',
    role: 'reader',
    rateLimited: true,
    query: Q.HealthQuery,
    response: R.NetworkHealth,
    handler: getNetworkHealth,
  }),
  route({
    method: 'get',
    path: '/network/key-players',
    summary: 'Businesses whose removal fragments the network most',
    tag: 'timeline',
    role: 'reader',
    rateLimited: true,
    query: Q.KeyPlayersQuery,
    response: R.KeyPlayers,
    handler: getKeyPlayers,
  }),
  route({
    method: 'get',
    path: '/businesses/:id/health',
    summary: 'The health of a business’s partnerships',
    tag: 'timeline',
    role: 'reader',
    rateLimited: true,
    params: Q.BusinessIdParams,
    query: Q.HealthQuery,
    response: R.BusinessHealth,
    handler: getBusinessHealth,
  }),
  route({
    method: 'post',
    path: '/what-if',
    summary: 'Effect of removing businesses or adding collaborations',
    tag: 'timeline',
    role: 'reader',
    rateLimited: true,
    body: Q.WhatIfBody,
    response: R.WhatIf,
    handler: postWhatIf,
  }),
];
