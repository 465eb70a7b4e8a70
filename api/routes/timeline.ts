/**
 * The network over time and its resilience (docs/timeline.md): GET /api/network/timeline (JSON
 * or CSV), GET /api/network/health (dormant and one-sided ties), GET /api/network/key-players,
 * GET /api/businesses/:id/health, POST /api/what-if. Thin: validate, call analysis/, answer.
 * `asOf` must lie within the data's years (first dated collaboration to the later of its last
 * year and this year): outside, 400 with the valid range. The history, rank history and
 * answers per `asOf` are kept in the snapshot's bounded answer cache, never unbounded.
 */
import type { Request, Response } from 'express';
import { InvalidInputError } from '../../analysis/errors.ts';
import type { z } from 'zod';
import { businessHealth, rankHistory } from '../../analysis/health/business-health.ts';
import { dormantTies } from '../../analysis/health/dormant-ties.ts';
import { oneSidedTies } from '../../analysis/health/one-sided-ties.ts';
import { toCsv } from '../../analysis/report/format.ts';
import { keyPlayers } from '../../analysis/resilience/key-players.ts';
import { whatIf } from '../../analysis/resilience/what-if.ts';
import { buildHistory } from '../../analysis/timeline/activity.ts';
import { networkTimeline, TIMELINE_COLUMNS } from '../../analysis/timeline/network-timeline.ts';
import type { AppDeps } from '../app.ts';
import { analysisOf } from '../derived.ts';
import type {
  BusinessIdParams,
  HealthQuery,
  KeyPlayersQuery,
  TimelineQuery,
  WhatIfBody,
} from '../schemas/requests.ts';
import { metered } from '../rate-limit.ts';
import { memoize, memoizeJson } from '../result-cache.ts';
import { snapshotMeta } from '../snapshot-meta.ts';
import type { Snapshot } from '../snapshot.ts';

const currentYear = () => new Date().getUTCFullYear();

/**
 * The years `asOf` may take on `s`: from its first dated collaboration to the later of its
 * last dated year and this year (the default). Without dated collaborations, this year only.
 */
export function asOfRange(s: Snapshot, thisYear = currentYear()): { first: number; last: number } {
  if (!s.years) return { first: thisYear, last: thisYear };
  return { first: s.years.first, last: Math.max(s.years.last, thisYear) };
}

/** `asOf` (this year when absent), checked against the data's years. */
export function asOfIn(s: Snapshot, asOf: number | undefined): number {
  const thisYear = currentYear();
  const year = asOf ?? thisYear;
  const { first, last } = asOfRange(s, thisYear);
  if (year < first || year > last)
    throw new InvalidInputError(
      `asOf must be a year between ${first} and ${last}, the years of this network's collaborations (up to this year); got ${year}.`,
      'asOf',
    );
  return year;
}

const historyOf = (s: Snapshot, asOf: number) =>
  memoize(s, 'timeline-history', String(asOf), () => buildHistory(s.graph, { asOf }));

export function getTimeline({ store }: AppDeps) {
  return async ({ query: q }: { query: z.output<typeof TimelineQuery> }, _req: Request, res: Response) => {
    const s = store.current;
    const asOf = asOfIn(s, q.asOf);
    const history = historyOf(s, asOf);
    const timeline = memoize(s, 'timeline', `${asOf} ${q.from ?? ''} ${q.to ?? ''} ${q.step}`, () =>
      networkTimeline(s.graph, {
        asOf,
        history,
        step: q.step,
        ...(q.from !== undefined && { from: q.from }),
        ...(q.to !== undefined && { to: q.to }),
      }),
    );
    if (q.format === 'csv') {
      res
        .attachment(`partner-atlas-timeline-${s.id}.csv`)
        .type('text/csv; charset=utf-8')
        .send(toCsv(TIMELINE_COLUMNS, timeline.rows as unknown as Record<string, unknown>[]));
      return undefined;
    }
    return { ...snapshotMeta(s), ...timeline };
  };
}

export function getNetworkHealth({ store }: AppDeps) {
  return async ({ query: q }: { query: z.output<typeof HealthQuery> }, req: Request) => {
    const s = store.current;
    const asOf = asOfIn(s, q.asOf);
    // Every dormant and one-sided tie of the network: 1.2 MB of JSON and about 150 ms on 5,000
    // businesses. Built and serialised once per role, asOf and years (it was built afresh on
    // every request, and the route was not rate limited: 8 connections of one reader key held
    // /api/health at 0.2–1.2 s).
    return memoizeJson(s, 'network-health', JSON.stringify([req.role, asOf, q.years]), () => {
      const history = historyOf(s, asOf);
      return {
        ...snapshotMeta(s),
        asOf,
        dormantTies: dormantTies(s.graph, { asOf, years: q.years, history }),
        oneSidedTies: oneSidedTies(s.graph, { viewer: req.role }),
      };
    });
  };
}

export function getKeyPlayers({ store }: AppDeps) {
  return async ({ query: q }: { query: z.output<typeof KeyPlayersQuery> }) => {
    const s = store.current;
    // The cached centrality report's betweenness, so the comparison costs nothing extra.
    const analysis = await analysisOf(s);
    const betweenness = Object.fromEntries(analysis.rows.map((r) => [r.id, r.betweenness]));
    const asOf = q.asOf === undefined ? undefined : asOfIn(s, q.asOf);
    const report = memoize(s, 'key-players', `${q.limit} ${asOf ?? 'all'}`, () =>
      keyPlayers(s.graph, { limit: q.limit, betweenness, ...(asOf !== undefined && { asOf }) }),
    );
    return { ...snapshotMeta(s), ...report };
  };
}

export function getBusinessHealth({ store }: AppDeps) {
  return async (
    { params, query: q }: { params: z.output<typeof BusinessIdParams>; query: z.output<typeof HealthQuery> },
    req: Request,
  ) => {
    const s = store.current;
    const asOf = asOfIn(s, q.asOf);
    const history = historyOf(s, asOf);
    const ranks = memoize(s, 'timeline-ranks', String(asOf), () => rankHistory(s.graph, { asOf, history }));
    const health = metered(() =>
      businessHealth(s.graph, params.id, {
        asOf,
        dormantYears: q.years,
        history,
        ranks,
        viewer: req.role,
      }),
    );
    return { ...snapshotMeta(s), ...health };
  };
}

export function postWhatIf({ store }: AppDeps) {
  return ({ body }: { body: z.output<typeof WhatIfBody> }, req: Request) => {
    const s = store.current;
    const asOf = body.asOf === undefined ? undefined : asOfIn(s, body.asOf);
    // Computed for each request (up to 1,000 changes): what it costs is charged to the rate limit.
    const answer = metered(() =>
      whatIf(s.graph, {
        removeBusinesses: body.removeBusinesses,
        addCollaborations: body.addCollaborations,
        viewer: req.role,
        ...(asOf !== undefined && { asOf }),
      }),
    );
    return { ...snapshotMeta(s), ...answer };
  };
}
