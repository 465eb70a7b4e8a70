/**
 * The short version of the mixed load test (issue 9, Load; the 60 s one is `npm run bench --
 * --only mixed-load`): the app in-process on the sample, the same mix of routes driven by
 * autocannon for a few seconds. No timing is asserted, only that nothing fails.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMix, discoverInputs, driveMixed, MIX } from '../../bench/mixed-load.ts';
import { startApp } from '../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../data/sample');

describe('api › mixed load', async () => {
  // The rate limit is lifted as in the bench: here a 429 would be a limit doing its job.
  const app = await startApp(SAMPLE, { rateLimit: { perSecond: 1e9, burst: 1e9 } });

  it('builds a mix that covers every route class with requests', async () => {
    const mix = buildMix(await discoverInputs(app.url));
    expect(mix.map((c) => c.name).sort()).toEqual(Object.keys(MIX).sort());
    for (const cls of mix) expect(cls.requests.length, cls.name).toBeGreaterThan(0);
  });

  it('answers 4 s of mixed traffic with no error, no non-2xx and the promised media types', async () => {
    const mix = buildMix(await discoverInputs(app.url));
    const run = await driveMixed(app.url, mix, { seconds: 4, connections: 8 });
    expect(run.problems).toEqual([]);
    expect(run.overall).toMatchObject({ errors: 0, non2xx: 0, wrongType: 0 });
    // Every class was exercised, so "no failure" covers each of them.
    for (const c of run.classes) expect(c.requests, c.route).toBeGreaterThan(0);
    expect(run.overall.requests).toBe(run.classes.reduce((s, c) => s + c.requests, 0));
  }, 30_000);
});
