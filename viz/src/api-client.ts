/**
 * The page's only way to the server: typed calls to the Partner Atlas API. Errors become
 * `ApiError` with the problem+json detail, so panels can say what went wrong instead of
 * going blank. The answers' types are the API's contract (api/contract.ts, inferred from the
 * response schemas every route is tested against), so panels read fields the API sends.
 */
import type {
  BusinessProfile,
  CapabilityList,
  CentralityReport,
  Consortium,
  FourAnswers,
  Graph,
  Health,
  KeyPlayers,
  NetworkSummary,
  NetworkTimeline,
  Problem,
  Suggestions,
  WhatIf,
} from '../../api/contract.ts';

export type {
  GraphNode,
  GraphEdge,
  KeyPlayer,
  SnapshotInfo,
  Team,
  TimelineRow,
  WhatIf,
  WhatIfKpis,
} from '../../api/contract.ts';

/** GET /api/graph?format=json; `partial`: the server's centralities and communities were still being computed. */
export type GraphPayload = Graph;

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
    // A problem+json answer (RFC 9457); a proxy in between may send other JSON.
    const body = (await res.json()) as Partial<Problem>;
    detail = body.detail ?? body.title ?? detail;
  } catch {
    // Not JSON (a proxy error page, say): keep the status line.
    detail = `${res.status} ${res.statusText}`;
  }
  if (res.status === 429) {
    // The limiter's own wording (burst sizes, cost per millisecond) is for API clients, not people.
    const seconds = Number(res.headers.get('retry-after'));
    const later = Number.isFinite(seconds) && seconds > 0 ? `in ${Math.ceil(seconds)} s` : 'in a moment';
    detail = `The server is busy with other requests. Try again ${later}.`;
  }
  return new ApiError(detail, res.status, path);
}

/** Where the page keeps the API key: this tab's session only, never the URL or a cookie. */
const KEY_STORAGE = 'partnerAtlas.apiKey';

/** The API key the person signed in with in this tab, if any. */
export function apiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    // Storage disabled (privacy mode): no key.
    return null;
  }
}

/** Keep `key` for this tab (or forget it with null); sent as `X-API-Key` on every call. */
export function setApiKey(key: string | null): void {
  // Another key, another role: asked again on the next `callerAccess()`.
  knownAccess = null;
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage disabled: the key cannot be kept; calls go without it and say so on 401.
  }
}

/** What a 401 or 403 means for the person at the page. */
export function accessMessage(error: ApiError): string | null {
  if (error.status === 401)
    return apiKey()
      ? `The server refused the API key: ${error.message} Sign in with another key.`
      : 'This Partner Atlas server needs an API key. Sign in with the key your administrator gave you.';
  if (error.status === 403)
    return `Your API key may not do this: ${error.message} Ask the administrator for a key with more rights.`;
  return null;
}

/** What the caller may do, as GET /api/health says ('open': a service without keys, everything allowed). */
export type Access = NonNullable<Health['access']>;

let knownAccess: { key: string | null; access: Promise<Access | null> } | null = null;

/**
 * The role of the key this tab sends, from GET /api/health (public: a reader's key is not
 * refused there, so asking logs nothing). Null when the server does not say: no valid key, an
 * older server without the field, or the server unreachable. Asked once per key.
 */
export function callerAccess(): Promise<Access | null> {
  const key = apiKey();
  if (knownAccess?.key !== key) {
    const access = getJson<Health>('/api/health').then(
      (health) => health.access ?? null,
      () => null,
    );
    knownAccess = { key, access };
  }
  return knownAccess.access;
}

/**
 * Why the caller may not read the analyst-only reports (GET /api/reports/…), or null when it may
 * or the server did not say (the page then asks, and shows the server's answer).
 */
export function reportRefusal(access: Access | null): string | null {
  return access === 'reader'
    ? 'The centrality report needs an analyst key. Your key is a reader’s key: ask your administrator for an analyst key and sign in with it (API key, top right).'
    : null;
}

/**
 * The file name in a Content-Disposition header (RFC 6266): `filename*=UTF-8''…` (RFC 8187)
 * first, then `filename="…"` or a bare token; null when there is none usable. Only a plain
 * name comes back: no folders, no control characters, no leading dots.
 */
export function fileNameFrom(header: string | null): string | null {
  if (!header) return null;
  const params = new Map<string, string>();
  // name=value pairs after the disposition type; a quoted value may hold ; and escaped quotes.
  const pair = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const m of header.matchAll(pair)) {
    const name = (m[1] ?? '').toLowerCase();
    const raw = (m[2] ?? '').trim();
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (!params.has(name)) params.set(name, value);
  }
  const extended = params.get('filename*');
  let name: string | null = null;
  if (extended !== undefined) {
    const m = /^([^']*)'[^']*'(.*)$/.exec(extended);
    if (m && /^utf-8$/i.test(m[1] ?? '')) {
      try {
        name = decodeURIComponent(m[2] ?? '');
      } catch {
        // Malformed percent-encoding: fall back to the plain filename.
        name = null;
      }
    }
  }
  name ??= params.get('filename') ?? null;
  if (name === null) return null;
  const plain = (name.split(/[/\\]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^[.\s]+/, '')
    .trim();
  return plain === '' ? null : plain;
}

/**
 * An answer refused for the rate limit (429) is asked again after the server's `Retry-After`
 * (1 s without one), up to `attempts` times and only for waits up to `maxWaitMs`: the page asks
 * for several answers at once when it opens (timeline, key players, a business's panel), and on a
 * big network their computing cost can use up the burst; the person should see the answers, not
 * "rate limit reached".
 */
export const RATE_LIMIT_RETRY = { attempts: 2, maxWaitMs: 15_000 };

/** How long `res` (a 429) asks us to wait, in ms, or null if longer than we would wait. */
function retryWaitMs(res: Response): number | null {
  const header = res.headers.get('retry-after');
  const seconds = header === null || header.trim() === '' ? 1 : Number(header);
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  return seconds * 1000 <= RATE_LIMIT_RETRY.maxWaitMs ? seconds * 1000 : null;
}

async function send(path: string, init?: RequestInit, accept = 'application/json'): Promise<Response> {
  const key = apiKey();
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(path, {
        ...init,
        headers: { accept, ...(key ? { 'x-api-key': key } : {}), ...(init?.headers ?? {}) },
      });
    } catch {
      throw new ApiError('The Partner Atlas server cannot be reached. Is it running?', 0, path);
    }
    if (res.ok) return res;
    const wait = res.status === 429 && attempt < RATE_LIMIT_RETRY.attempts ? retryWaitMs(res) : null;
    if (wait === null) throw await readError(res, path);
    await new Promise((done) => setTimeout(done, wait));
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await send(path, init);
  return (await res.json()) as T;
}

/** A file answer (CSV, GEXF, GraphML) fetched with the key, for a download. */
export async function getBlob(path: string): Promise<Blob> {
  return (await send(path, undefined, '*/*')).blob();
}

/** A file answer with the name the server gives it (Content-Disposition), null without one. */
export async function getFile(path: string): Promise<{ blob: Blob; fileName: string | null }> {
  const res = await send(path, undefined, '*/*');
  return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition')) };
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
  summary: () => getJson<NetworkSummary>('/api/network/summary'),
  business: (id: string) => getJson<BusinessProfile>(`/api/businesses/${enc(id)}`),
  questions: (id: string) => getJson<FourAnswers>(`/api/businesses/${enc(id)}/questions`),
  suggestions: (id: string, limit = 8) =>
    getJson<Suggestions>(`/api/businesses/${enc(id)}/suggestions?limit=${limit}`),
  consortia: (body: { capabilities: string[]; anchor?: string; maxSize?: number; alternatives?: number }) =>
    postJson<Consortium>('/api/consortia', body),
  capabilities: () => getJson<CapabilityList>('/api/capabilities'),
  centrality: () => getJson<CentralityReport>('/api/reports/centrality?format=json'),
  centralityCsvUrl: '/api/reports/centrality?format=csv',
  timeline: () => getJson<NetworkTimeline>('/api/network/timeline'),
  keyPlayers: (limit = 10) => getJson<KeyPlayers>(`/api/network/key-players?limit=${limit}`),
  whatIf: (removeBusinesses: string[]) => postJson<WhatIf>('/api/what-if', { removeBusinesses }),
};
