/**
 * The page's API client against a stubbed fetch: an answer refused for the rate limit (429) is
 * asked again after the server's Retry-After, and when it stays refused the person reads that
 * the server is busy, not the limiter's wording for API clients.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, RATE_LIMIT_RETRY } from '../../viz/src/api-client.ts';

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
