/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas of every route's
 * inputs and answers (zod's `z.toJSONSchema`), and the route table it is built from. A test
 * checks that every route Express registers is in the table and that real answers validate.
 * Reference: OpenAPI Specification 3.1.0.
 */
import { z } from 'zod';
import type { Role } from './auth.ts';
import { ImportQuery } from './routes/import.ts';
import { HealthQuery, KeyPlayersQuery, TimelineQuery, WhatIfBody } from './routes/timeline.ts';
import {
  BusinessIdParams,
  BusinessListQuery,
  ConsortiumBody,
  QuestionsQuery,
  ReportQuery,
  SuggestionsQuery,
} from './schemas/requests.ts';
import * as R from './schemas/responses.ts';
import { VERSION } from './version.ts';

export interface RouteDoc {
  method: 'get' | 'post';
  /** Express path under /api, e.g. `/businesses/:id`. */
  path: string;
  summary: string;
  /** Least role allowed; `public` needs no key. */
  role: Role | 'public';
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  /** Body as raw bytes of this media type instead of JSON. */
  rawBody?: string;
  response: z.ZodType;
  /** Other media types of the 200 answer (e.g. text/csv). */
  alternatives?: string[];
  /** Answer status when not 200. */
  status?: number;
  rateLimited?: boolean;
  tag: string;
}

const loose = z.looseObject({});

/** The timeline and resilience routes (api/routes/timeline.ts), answers described by their common block. */
export const TIMELINE_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/network/timeline',
    summary: 'The network year by year (JSON or CSV)',
    role: 'reader',
    query: TimelineQuery,
    response: R.SnapshotJson,
    alternatives: ['text/csv'],
    rateLimited: true,
    tag: 'timeline',
  },
  {
    method: 'get',
    path: '/network/health',
    summary: 'Dormant and one-sided ties',
    role: 'reader',
    query: HealthQuery,
    response: R.SnapshotJson,
    tag: 'timeline',
  },
  {
    method: 'get',
    path: '/network/key-players',
    summary: 'Businesses whose removal fragments the network most',
    role: 'reader',
    query: KeyPlayersQuery,
    response: R.SnapshotJson,
    tag: 'timeline',
  },
  {
    method: 'get',
    path: '/businesses/:id/health',
    summary: 'The health of a business’s partnerships',
    role: 'reader',
    params: BusinessIdParams,
    query: HealthQuery,
    response: R.SnapshotJson,
    tag: 'timeline',
  },
  {
    method: 'post',
    path: '/what-if',
    summary: 'Effect of removing businesses or adding collaborations',
    role: 'reader',
    body: WhatIfBody,
    response: R.SnapshotJson,
    rateLimited: true,
    tag: 'timeline',
  },
];

/** Every route of the API. Keep in step with api/routes/ (a test enforces it). */
export const ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness, source, snapshot, counts, reload state, Neo4j reachability',
    role: 'public',
    response: R.Health,
    tag: 'service',
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    role: 'public',
    response: loose,
    tag: 'service',
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'Readable API documentation (HTML)',
    role: 'public',
    response: z.string(),
    alternatives: ['text/html'],
    tag: 'service',
  },
  {
    method: 'post',
    path: '/reload',
    summary: 'Build a new snapshot in the background; the current one serves until it is ready',
    role: 'admin',
    response: R.ReloadAccepted,
    status: 202,
    tag: 'admin',
  },
  {
    method: 'post',
    path: '/import',
    summary: 'Upload a CSV bundle (zip) to import into Neo4j, validated first; 503 without Neo4j',
    role: 'admin',
    query: ImportQuery,
    rawBody: 'application/zip',
    response: R.ImportResult,
    tag: 'admin',
  },
  {
    method: 'get',
    path: '/network/summary',
    summary: 'Counts and sectors of the network',
    role: 'reader',
    response: R.NetworkSummary,
    tag: 'network',
  },
  {
    method: 'get',
    path: '/graph',
    summary: 'The whole graph with positions and metrics (JSON, GEXF or GraphML)',
    role: 'reader',
    query: z.object({
      format: z.enum(['json', 'gexf', 'graphml']).optional(),
      version: z.string().optional(),
      sizeBy: z.string().optional(),
    }),
    response: R.Graph,
    alternatives: ['application/gexf+xml', 'application/graphml+xml'],
    tag: 'network',
  },
  {
    method: 'get',
    path: '/businesses',
    summary: 'Search by name (prefix, word, fuzzy; accents ignored), filter, page with a cursor',
    role: 'reader',
    query: BusinessListQuery,
    response: R.BusinessList,
    tag: 'businesses',
  },
  {
    method: 'get',
    path: '/businesses/:id',
    summary: 'Profile, capabilities, needs, partners, metrics and ranks',
    role: 'reader',
    params: BusinessIdParams,
    response: R.BusinessProfile,
    tag: 'businesses',
  },
  {
    method: 'get',
    path: '/businesses/:id/questions',
    summary: 'The four questions answered for a business',
    role: 'reader',
    params: BusinessIdParams,
    query: QuestionsQuery,
    response: R.FourAnswers,
    tag: 'partnering',
  },
  {
    method: 'get',
    path: '/businesses/:id/suggestions',
    summary: 'Partner suggestions with their reasons',
    role: 'reader',
    params: BusinessIdParams,
    query: SuggestionsQuery,
    response: R.Suggestions,
    rateLimited: true,
    tag: 'partnering',
  },
  {
    method: 'post',
    path: '/consortia',
    summary: 'Teams that together cover a project’s capabilities',
    role: 'reader',
    body: ConsortiumBody,
    response: R.Consortium,
    rateLimited: true,
    tag: 'partnering',
  },
  {
    method: 'get',
    path: '/capabilities',
    summary: 'Every capability with holders, seekers and gap status',
    role: 'reader',
    response: R.CapabilityList,
    tag: 'partnering',
  },
  {
    method: 'get',
    path: '/reports/centrality',
    summary: 'The centrality report (JSON or spreadsheet-safe CSV download)',
    role: 'analyst',
    query: ReportQuery,
    response: R.CentralityReport,
    alternatives: ['text/csv'],
    rateLimited: true,
    tag: 'reports',
  },
  {
    method: 'get',
    path: '/reports/summary',
    summary: 'Network-level summary of the analysis',
    role: 'analyst',
    response: R.ReportSummary,
    rateLimited: true,
    tag: 'reports',
  },
  ...TIMELINE_ROUTES,
];

/** `/businesses/:id` → `/api/businesses/{id}`. */
export function openApiPath(path: string): string {
  return `/api${path.replace(/:(\w+)/g, '{$1}')}`;
}

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

const problemRef = { $ref: '#/components/schemas/Problem' };
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemRef } },
});

function parametersOf(route: RouteDoc): object[] {
  const out: object[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = prop as { description?: string };
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description !== undefined && { description }),
        schema: rest,
      });
    }
  }
  return out;
}

/** Build the OpenAPI 3.1 document. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: {
        description: route.status === 202 ? 'accepted' : 'OK',
        content: {
          [route.alternatives?.[0] === 'text/html' ? 'text/html' : 'application/json']: {
            schema: schemaOf(route.response, 'output'),
          },
          ...Object.fromEntries(
            (route.alternatives ?? [])
              .filter((t) => t !== 'text/html')
              .map((t) => [t, { schema: { type: 'string' } }]),
          ),
        },
      },
    };
    if (route.method === 'get' && route.role !== 'public')
      responses['304'] = { description: 'Not modified (If-None-Match matched the snapshot ETag)' };
    if (route.query || route.params || route.body || route.rawBody)
      responses['400'] = problem('Invalid input: the detail says which field and why');
    if (route.role !== 'public') {
      responses['401'] = problem('Missing, unknown, expired or revoked API key');
      if (route.role !== 'reader') responses['403'] = problem(`Needs the ${route.role} role`);
    }
    if (route.params) responses['404'] = problem('No business with this id');
    if (route.body || route.rawBody) responses['413'] = problem('Body too large');
    if (route.path === '/import')
      responses['422'] = problem('The bundle is invalid: issues list file, line, column');
    if (route.rateLimited) responses['429'] = problem('Rate limit reached; see Retry-After');
    responses['503'] = problem('Timed out, or the data source is unavailable');
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![route.method] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[/:.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      ...(route.role === 'public' ? { security: [] } : { 'x-required-role': route.role }),
      parameters: parametersOf(route),
      ...(route.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
        },
      }),
      ...(route.rawBody && {
        requestBody: {
          required: true,
          content: { [route.rawBody]: { schema: { type: 'string', contentMediaType: route.rawBody } } },
        },
      }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner Atlas API',
      version: VERSION,
      description:
        'Partner-network analysis of a business park: search, profiles with metrics and ranks, the four questions, partner suggestions, consortia, capability gaps, reports and graph exports. Every JSON answer carries the snapshot it came from; GET answers have an ETag (snapshot id) and answer If-None-Match with 304. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer KEY' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: { Problem: schemaOf(R.Problem, 'output') },
    },
    paths,
  };
}
