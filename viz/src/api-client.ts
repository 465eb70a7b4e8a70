/**
 * The page's only way to the server: typed calls to the Partner Atlas API. Errors become
 * `ApiError` with the problem+json detail, so panels can say what went wrong instead of
 * going blank. Response types are kept loose where the API is still growing.
 */
import type { GraphView } from '../../analysis/export/graph-view.ts';

export interface SnapshotInfo {
  id: string;
  loadedAt: string;
  source: string;
}

/** `partial`: the server's centralities and communities were still being computed. */
export type GraphPayload = GraphView & { snapshot: SnapshotInfo; partial?: boolean };

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly path: string,
  ) {
    super(message);
  }
  /** True when the server has no such endpoint yet (or is an older version). */
  get missingEndpoint(): boolean {
    return this.status === 404 && /route|endpoint|Cannot|No handler/i.test(this.message);
  }
}

async function readError(res: Response, path: string): Promise<ApiError> {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { detail?: string; title?: string };
    detail = body.detail ?? body.title ?? detail;
  } catch {
    // Not JSON (a proxy error page, say): keep the status line.
    detail = `${res.status} ${res.statusText}`;
  }
  return new ApiError(detail, res.status, path);
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  } catch {
    throw new ApiError('The Partner Atlas server cannot be reached. Is it running?', 0, path);
  }
  if (!res.ok) throw await readError(res, path);
  return (await res.json()) as T;
}

export function getJson<T>(path: string): Promise<T> {
  return request<T>(path);
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const enc = encodeURIComponent;

export const api = {
  graph: () => getJson<GraphPayload>('/api/graph?format=json'),
  summary: () => getJson<Record<string, unknown>>('/api/network/summary'),
  business: (id: string) => getJson<Record<string, unknown>>(`/api/businesses/${enc(id)}`),
  questions: (id: string) => getJson<unknown>(`/api/businesses/${enc(id)}/questions`),
  suggestions: (id: string, limit = 8) =>
    getJson<unknown>(`/api/businesses/${enc(id)}/suggestions?limit=${limit}`),
  consortia: (body: { capabilities: string[]; anchor?: string; maxSize?: number; alternatives?: number }) =>
    postJson<unknown>('/api/consortia', body),
  capabilities: () => getJson<unknown>('/api/capabilities'),
  centrality: () => getJson<unknown>('/api/reports/centrality?format=json'),
  centralityCsvUrl: '/api/reports/centrality?format=csv',
};
