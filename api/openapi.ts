/**
 * The OpenAPI 3.1 document of the API, generated from the route table (api/route-table.ts):
 * paths, roles, rate limits and the zod schemas of every route's inputs and answers (zod's
 * `z.toJSONSchema`). A test checks the table against this document and the live app.
 * Reference: OpenAPI Specification 3.1.0.
 */
import { z } from 'zod';
import type { Route } from './route-table.ts';
import * as R from './schemas/responses.ts';
import { VERSION } from '../data/version.ts';

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

function parametersOf(route: Route): object[] {
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

/** The OpenAPI 3.1 document of `routes`. */
export function buildOpenApi(routes: readonly Route[]): z.input<typeof R.OpenApiDocument> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
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
    if (route.body || route.rawBody)
      responses['413'] = problem(
        route.path === '/import'
          ? 'Body too large, or the bundle inflates past 200 MB (`entry` and `capBytes` say where)'
          : 'Body too large',
      );
    if (route.path === '/import') {
      responses['409'] = problem(
        'Another import is still running (`startedAt`); retry after it, see Retry-After',
      );
      responses['422'] = problem('The bundle is invalid: issues list file, line, column');
    }
    if (route.rateLimited) responses['429'] = problem('Rate limit reached; see Retry-After');
    responses['503'] = problem('Timed out, or the data source is unavailable');
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![route.method] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path.replace(/[/:.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      ...(route.role === 'public' ? { security: [] } : { 'x-required-role': route.role }),
      ...(route.rateLimited === true && { 'x-rate-limited': true }),
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
          content: {
            [route.rawBody.types[0] as string]: {
              schema: { type: 'string', contentMediaType: route.rawBody.types[0] },
            },
          },
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
