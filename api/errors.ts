/**
 * The one place where errors become HTTP responses: RFC 9457 problem+json with a title,
 * the status, a detail that says what and how to fix, and the request id. Unknown errors
 * are logged with their stack and answered with a generic 500 that shows no internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { BundleError, InvalidInputError, NotFoundError, SourceUnavailableError } from '../analysis/errors.ts';
import { WorkerStoppedError } from '../compute/spawn-worker.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** An error that already knows its HTTP status (auth, rate limits, payload size…). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

const TYPE = 'https://partner-atlas.dev/problems/';

/** How to find the right id, after "No business with id …". */
const NOT_FOUND_HINT: Record<string, string> = {
  business: ' Ids are exact (case and spaces count); find one by name with GET /api/businesses?q=NAME.',
  capability: ' See GET /api/capabilities for the capability names of this network.',
};

export function toProblem(error: unknown): Problem {
  if (error instanceof HttpError) {
    return {
      type: `${TYPE}${error.title.toLowerCase().replace(/\W+/g, '-')}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...error.extensions,
    };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    const detail = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    return { type: `${TYPE}invalid-request`, title: 'Invalid request', status: 400, detail, issues };
  }
  if (error instanceof NotFoundError) {
    return {
      type: `${TYPE}not-found`,
      title: 'Not found',
      status: 404,
      detail: `${error.message}${NOT_FOUND_HINT[error.entity] ?? ''}`,
      entity: error.entity,
      id: error.id,
    };
  }
  if (error instanceof InvalidInputError) {
    return {
      type: `${TYPE}invalid-request`,
      title: 'Invalid request',
      status: 400,
      detail: error.message,
      ...(error.field && { field: error.field }),
    };
  }
  if (error instanceof BundleError) {
    return {
      type: `${TYPE}invalid-bundle`,
      title: 'Invalid data bundle',
      status: 422,
      detail: error.message,
      issues: error.issues,
    };
  }
  if (error instanceof SourceUnavailableError) {
    return {
      type: `${TYPE}source-unavailable`,
      title: 'Data source unavailable',
      status: 503,
      detail: error.message,
    };
  }
  if (error instanceof WorkerStoppedError) {
    return {
      type: `${TYPE}computation-interrupted`,
      title: 'Computation interrupted',
      status: 503,
      detail: error.message,
    };
  }
  // The router's URIError for a path segment that is not valid percent-encoding (%ZZ, a cut
  // UTF-8 sequence): the client's mistake, with a status but no `expose`.
  if (error instanceof URIError) {
    return {
      type: `${TYPE}invalid-request`,
      title: 'Invalid request',
      status: 400,
      detail:
        'The URL path has malformed percent-encoding (a % must be followed by two hex digits forming UTF-8); encode ids with encodeURIComponent.',
    };
  }
  const e = error as {
    type?: string;
    status?: number;
    statusCode?: number;
    expose?: boolean;
    message?: string;
  };
  // body-parser and friends: malformed JSON, payload too large.
  if (e && e.expose && typeof (e.status ?? e.statusCode) === 'number') {
    const status = (e.status ?? e.statusCode) as number;
    const { limit, length } = e as { limit?: number; length?: number };
    const detail =
      e.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.'
        : e.type === 'entity.too.large'
          ? `The request body${typeof length === 'number' ? ` (${length.toLocaleString('en')} bytes)` : ''} is larger than the ${typeof limit === 'number' ? `${limit.toLocaleString('en')} bytes` : 'limit'} this endpoint accepts; send less (e.g. split the list over several requests).`
          : (e.message ?? 'Bad request');
    return {
      type: `${TYPE}invalid-request`,
      title: status === 413 ? 'Payload too large' : 'Invalid request',
      status,
      detail,
    };
  }
  return {
    type: `${TYPE}internal`,
    title: 'Internal error',
    status: 500,
    detail:
      'Something went wrong on our side; the error was logged. Please try again or report it with the request id.',
  };
}

export function sendProblem(res: Parameters<RequestHandler>[1], problem: Problem): void {
  // A problem is not the cached answer of its URL: no snapshot ETag on it.
  res.removeHeader('ETag');
  res.status(problem.status).type('application/problem+json').json(problem);
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = toProblem(error);
  const requestId = (req as { id?: string }).id;
  if (problem.status >= 500) req.log?.error({ err: error, requestId }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  sendProblem(res, { ...problem, instance: req.originalUrl, ...(requestId && { requestId }) });
};

export const notFoundHandler: RequestHandler = (req, res) => {
  const requestId = (req as { id?: string }).id;
  sendProblem(res, {
    type: `${TYPE}not-found`,
    title: 'Not found',
    status: 404,
    detail: `No route ${req.method} ${req.path}; see /api/openapi.json for the API.`,
    instance: req.originalUrl,
    ...(requestId && { requestId }),
  });
};
