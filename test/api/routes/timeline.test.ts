/**
 * The timeline rows of the route table mounted alone on an in-process app (port 0), with the real
 * error handler; the rows read their own JSON bodies (api/register-routes.ts).
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../../api/errors.ts';
import { registerRoutes } from '../../../api/register-routes.ts';
import { ROUTES } from '../../../api/route-table.ts';
import { createSnapshot, SnapshotStore } from '../../../api/snapshot.ts';
import { loadFromPath } from '../../../data/sources/load-network.ts';

const load = () => loadFromPath(resolve(import.meta.dirname, '../../../data/sample'));
const { records, source } = await load();
const store = new SnapshotStore(createSnapshot(records, source), load);
const app = express();
app.use(
  '/api',
  registerRoutes(
    { store, logger: pino({ level: 'silent' }) },
    ROUTES.filter((r) => r.tag === 'timeline'),
  ),
);
app.use(errorHandler);
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('timeline routes', () => {
  it('answers 400 for a bad year and 404 for an unknown business in a what-if', async () => {
    expect((await fetch(`${url}/network/timeline?from=abc`)).status).toBe(400);
    const res = await fetch(`${url}/what-if`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ removeBusinesses: ['nope'] }),
    });
    expect(res.status).toBe(404);
    // A what-if's year is checked as the other routes check theirs.
    for (const asOf of [1000, 9999, [2020], '2020', '0x7e4']) {
      const bad = await fetch(`${url}/what-if`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ asOf, removeBusinesses: ['b0030'] }),
      });
      expect(bad.status, String(asOf)).toBe(400);
      expect(((await bad.json()) as { detail: string }).detail).toMatch(
        typeof asOf === 'number'
          ? /asOf must be a year between 20\d\d and 20\d\d/
          : /asOf: .*expected number/,
      );
    }
  });

  it('serves the timeline as JSON and CSV', async () => {
    const json = (await (await fetch(`${url}/network/timeline?asOf=2026`)).json()) as {
      rows: { from: number; activeTies: number }[];
    };
    expect(json.rows[0]?.from).toBe(2012);
    expect(json.rows.at(-1)?.from).toBe(2026);
    const csv = await (await fetch(`${url}/network/timeline?asOf=2026&from=2025&format=csv`)).text();
    expect(csv.split('\r\n')[0]).toBe(
      'from,to,activeBusinesses,activeTies,newTies,endedTies,density,largestComponentShare,modularity,crossSectorShare,averagePartners',
    );
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });

  it('serves a business health and a what-if', async () => {
    const health = (await (await fetch(`${url}/businesses/b0001/health?asOf=2026`)).json()) as {
      id: string;
      years: unknown[];
    };
    expect(health.id).toBe('b0001');
    expect(health.years.length).toBe(15);
    const what = (await (
      await fetch(`${url}/what-if`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ removeBusinesses: ['b0001'] }),
      })
    ).json()) as { before: { businesses: number }; after: { businesses: number } };
    expect([what.before.businesses, what.after.businesses]).toEqual([150, 149]);
  });
});
