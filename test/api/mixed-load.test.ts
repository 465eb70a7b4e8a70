/**
 * The mix of the mixed-load benchmark (bench/mixed-load.ts, `npm run bench -- --only
 * mixed-load`) is made of requests the API answers: built from the sample, every class has
 * requests, and one request of each class, sent once, is answered 2xx with the class's media
 * type. The traffic itself (seconds of it, with latencies) is measured in the benchmark only.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMix, discoverInputs, MIX } from '../../bench/mixed-load.ts';
import { startApp } from '../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

describe('api › mixed-load mix', async () => {
  const app = await startApp(SAMPLE, { rateLimit: { perSecond: 1e9, burst: 1e9 } });
  const mix = buildMix(await discoverInputs(app.url));

  it('builds a mix that covers every route class with requests', () => {
    expect(mix.map((c) => c.name).sort()).toEqual(Object.keys(MIX).sort());
    for (const cls of mix) expect(cls.requests.length, cls.name).toBeGreaterThan(0);
  });

  it('answers the first and the last request of every class with 2xx and the promised media type', async () => {
    const answered: string[] = [];
    for (const cls of mix) {
      for (const request of new Set([cls.requests[0]!, cls.requests.at(-1)!])) {
        const res = await fetch(`${app.url}${request.path}`, {
          method: request.method,
          ...(request.body !== undefined && {
            body: request.body,
            headers: { 'content-type': 'application/json' },
          }),
        });
        await res.arrayBuffer();
        const what = `${cls.name}: ${request.method} ${request.path}`;
        expect(res.status, what).toBeGreaterThanOrEqual(200);
        expect(res.status, what).toBeLessThan(300);
        expect(res.headers.get('content-type') ?? '', what).toMatch(new RegExp(`^${cls.type}`));
        answered.push(cls.name);
      }
    }
    expect(new Set(answered).size).toBe(Object.keys(MIX).length);
  });
});
