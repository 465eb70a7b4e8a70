/**
 * GET /api/businesses/:id/health?asOf= (issue 18 item 1): asOf is held to the data's years, the
 * route is rate limited, and the per-asOf histories live in the snapshot's bounded answer cache.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../../api/result-cache.ts';
import { startApp } from '../../helpers/start-app.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/sample');
const thisYear = new Date().getUTCFullYear();

/** Answers kept for the year-by-year routes (history and rank history, one each per year). */
const historyEntries = (answers: AnswerCache, years: number[]) =>
  years.filter((y) => answers.has(`timeline-history\u0000${y}`) || answers.has(`timeline-ranks\u0000${y}`))
    .length;

describe('business health › asOf and the caches', async () => {
  const app = await startApp(SAMPLE, { rateLimit: { perSecond: 1000, burst: 1000 } });
  const url = `${app.url}/api/businesses/b0001/health`;
  const years = app.store.current.years!;
  const first = years.first;
  const last = Math.max(years.last, thisYear);

  it('answers 400 problem+json naming the valid range for an asOf outside the data years, and keeps nothing for it', async () => {
    const before = app.store.current.answers.size;
    for (let asOf = 9950; asOf < 9990; asOf++) {
      const res = await fetch(`${url}?asOf=${asOf}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await res.json()) as { detail: string };
      expect(problem.detail).toContain(`between ${first} and ${last}`);
      expect(problem.detail).toContain(String(asOf));
    }
    const early = await fetch(`${url}?asOf=${first - 1}`);
    expect(early.status).toBe(400);
    expect(app.store.current.answers.size).toBe(before);
  });

  it('keeps 40 distinct asOf values bounded: one history and one rank history per data year at most, within the byte budget', async () => {
    const asked = Array.from({ length: 40 }, (_, i) => first - 20 + i);
    const statuses = [];
    for (const asOf of asked) statuses.push((await fetch(`${url}?asOf=${asOf}`)).status);
    const inRange = asked.filter((y) => y >= first && y <= last);
    expect(inRange.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBe(inRange.length);
    expect(statuses.filter((s) => s === 400).length).toBe(asked.length - inRange.length);
    const answers = app.store.current.answers;
    expect(historyEntries(answers, inRange)).toBe(inRange.length);
    expect(historyEntries(answers, asked)).toBe(inRange.length);
    expect(answers.bytes).toBeLessThanOrEqual(answers.limits.maxBytes);

    // With a budget for about three years' answers, asking for every year keeps within it.
    const s = app.store.current;
    s.answers = new AnswerCache({ maxBytes: 3 * Math.ceil(answers.bytes / inRange.length) });
    for (const asOf of inRange) expect((await fetch(`${url}?asOf=${asOf}`)).status).toBe(200);
    expect(s.answers.bytes).toBeLessThanOrEqual(s.answers.limits.maxBytes);
    expect(historyEntries(s.answers, inRange)).toBeLessThan(inRange.length);
    expect(historyEntries(s.answers, inRange)).toBeGreaterThan(0);
  });
});

describe('business health › rate limit', async () => {
  const app = await startApp(SAMPLE, { rateLimit: { perSecond: 0.01, burst: 3 } });

  it('counts against the caller’s bucket: past the burst it answers 429 with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${app.url}/api/businesses/b0001/health`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const res = await fetch(`${app.url}/api/businesses/b0001/health`);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
