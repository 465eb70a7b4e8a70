/**
 * The page's API client against a stubbed fetch: an answer refused for the rate limit (429) is
 * asked again after the server's Retry-After, and when it stays refused the person reads that
 * the server is busy, not the limiter's wording for API clients.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  callerAccess,
  fileNameFrom,
  getJson,
  RATE_LIMIT_RETRY,
  reportRefusal,
  setApiKey,
} from '../../viz/src/api-client.ts';

const LIMITED = {
  type: 'about:blank',
  title: 'Too Many Requests',
  status: 429,
  detail:
    'Rate limit of 50 requests per second (burst 100; each 5 ms of computing an answer counts as one more request) reached; retry in 7 s.',
};

const tooMany = (retryAfter: string) =>
  new Response(JSON.stringify(LIMITED), {
    status: 429,
    headers: { 'content-type': 'application/problem+json', 'retry-after': retryAfter },
  });
const ok = () => new Response(JSON.stringify({ rows: [] }), { status: 200 });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('viz › api client and the rate limit', () => {
  it("says the server is busy, without the limiter's wording, when the wait is too long to retry", async () => {
    const fetch = vi.fn(async () => tooMany('600'));
    vi.stubGlobal('fetch', fetch);
    const error = await getJson('/api/network/timeline').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).message).toBe('The server is busy with other requests. Try again in 600 s.');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks again after Retry-After and returns the answer', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(tooMany('0')).mockResolvedValueOnce(ok());
    vi.stubGlobal('fetch', fetch);
    await expect(getJson('/api/network/key-players?limit=10')).resolves.toEqual({ rows: [] });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it(`gives up after ${RATE_LIMIT_RETRY.attempts} retries`, async () => {
    const fetch = vi.fn(async () => tooMany('0'));
    vi.stubGlobal('fetch', fetch);
    const error = await getJson('/api/network/timeline').catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).message).toMatch(/^The server is busy/);
    expect(fetch).toHaveBeenCalledTimes(RATE_LIMIT_RETRY.attempts + 1);
  });
});

describe('viz › api client › file name from Content-Disposition', () => {
  it('gives null without a header or a usable name, so the page keeps its own name', () => {
    expect(fileNameFrom(null)).toBeNull();
    expect(fileNameFrom('')).toBeNull();
    expect(fileNameFrom('attachment')).toBeNull();
    expect(fileNameFrom('attachment; filename=""')).toBeNull();
    expect(fileNameFrom('attachment; filename="../.."')).toBeNull();
  });

  it("reads filename*=UTF-8'' first, then a quoted or bare filename", () => {
    expect(fileNameFrom('attachment; filename="partner-atlas-centrality-s1.csv"')).toBe(
      'partner-atlas-centrality-s1.csv',
    );
    expect(fileNameFrom('attachment; filename=report.csv')).toBe('report.csv');
    expect(
      fileNameFrom(`attachment; filename="fallback.csv"; filename*=UTF-8''M%C3%BCnchen%20centrality.csv`),
    ).toBe('München centrality.csv');
    expect(fileNameFrom(`attachment; FILENAME*=utf-8'de'Stra%C3%9Fe.csv`)).toBe('Straße.csv');
    // A ; or an escaped quote inside the quotes is part of the name, not another parameter.
    expect(fileNameFrom('attachment; filename="a; filename=b.csv \\"x\\".csv"')).toBe(
      'a; filename=b.csv "x".csv',
    );
  });

  it('falls back to filename when filename* is malformed or not UTF-8, and keeps only a plain name', () => {
    expect(fileNameFrom(`attachment; filename="ok.csv"; filename*=UTF-8''%E0%A4%A.csv`)).toBe('ok.csv');
    expect(fileNameFrom(`attachment; filename="ok.csv"; filename*=ISO-8859-1''%E4.csv`)).toBe('ok.csv');
    expect(fileNameFrom('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFrom(`attachment; filename*=UTF-8''..%2F.hidden%0A.csv`)).toBe('hidden.csv');
  });
});

describe("viz › api client › the key's role", () => {
  it('asks GET /api/health once per key, again after the key changes, and null when it cannot say', async () => {
    const kept = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
      removeItem: (k: string) => void kept.delete(k),
    });
    const health = (access?: string) =>
      new Response(JSON.stringify({ status: 'ok', ...(access && { access }) }), { status: 200 });
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(health('reader'))
      .mockResolvedValueOnce(health('analyst'))
      .mockResolvedValueOnce(health());
    vi.stubGlobal('fetch', fetch);
    setApiKey('a-reader-key-0123456789');
    await expect(callerAccess()).resolves.toBe('reader');
    await expect(callerAccess()).resolves.toBe('reader');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(reportRefusal('reader')).toMatch(/^The centrality report needs an analyst key\./);
    setApiKey('an-analyst-key-0123456789');
    await expect(callerAccess()).resolves.toBe('analyst');
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1]?.[0]).toBe('/api/health');
    expect(reportRefusal('analyst')).toBeNull();
    // Forgotten: a keyed server says nothing of the role to a caller without a key.
    setApiKey(null);
    await expect(callerAccess()).resolves.toBeNull();
    expect(reportRefusal(null)).toBeNull();
  });
});
