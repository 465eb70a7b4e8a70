/**
 * The network over time and its resilience (docs/timeline.md): GET /api/network/timeline (JSON
 * or CSV), GET /api/network/health (dormant and one-sided ties), GET /api/network/key-players,
 * GET /api/businesses/:id/health, POST /api/what-if. Thin: validate, call analysis/, answer.
 * The year's history and rank history are cached on the snapshot per `asOf`.
 */
import { Router } from 'express';
import { z } from 'zod';
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
import { snapshotMeta } from '../snapshot-meta.ts';
import { cached, type Snapshot } from '../snapshot.ts';

const year = z.coerce.number().int().min(1000).max(9999);
const currentYear = () => new Date().getUTCFullYear();

export const TimelineQuery = z
  .object({
    from: year.optional(),
    to: year.optional(),
    step: z.coerce.number().int().min(1).max(100).default(1),
    asOf: year.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export const HealthQuery = z
  .object({ asOf: year.optional(), years: z.coerce.number().int().min(1).max(50).default(3) })
  .strict();
export const KeyPlayersQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(10), asOf: year.optional() })
  .strict();
export const WhatIfBody = z
  .object({
    removeBusinesses: z.array(z.string().min(1).max(200)).max(1000).default([]),
    addCollaborations: z
      .array(z.object({ source: z.string().min(1).max(200), target: z.string().min(1).max(200) }).strict())
      .max(1000)
      .default([]),
    asOf: year.optional(),
  })
  .strict();

const historyOf = (s: Snapshot, asOf: number) =>
  cached(s, `timeline-history-${asOf}`, () => buildHistory(s.graph, { asOf }));

export function timelineRoutes({ store }: AppDeps): Router {
  const router = Router();

  router.get('/network/timeline', async (req, res) => {
    const q = TimelineQuery.parse(req.query);
    const s = store.current;
    const asOf = q.asOf ?? currentYear();
    const history = await historyOf(s, asOf);
    const timeline = await cached(s, `timeline-${asOf}-${q.from ?? ''}-${q.to ?? ''}-${q.step}`, () =>
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
      return;
    }
    res.json({ ...snapshotMeta(s), ...timeline });
  });

  router.get('/network/health', async (req, res) => {
    const q = HealthQuery.parse(req.query);
    const s = store.current;
    const asOf = q.asOf ?? currentYear();
    const history = await historyOf(s, asOf);
    res.json({
      ...snapshotMeta(s),
      asOf,
      dormantTies: dormantTies(s.graph, { asOf, years: q.years, history }),
      oneSidedTies: oneSidedTies(s.graph, { viewer: req.role }),
    });
  });

  router.get('/network/key-players', async (req, res) => {
    const q = KeyPlayersQuery.parse(req.query);
    const s = store.current;
    // The cached centrality report's betweenness, so the comparison costs nothing extra.
    const analysis = await analysisOf(s);
    const betweenness = Object.fromEntries(analysis.rows.map((r) => [r.id, r.betweenness]));
    const report = await cached(s, `key-players-${q.limit}-${q.asOf ?? 'all'}`, () =>
      keyPlayers(s.graph, { limit: q.limit, betweenness, ...(q.asOf !== undefined && { asOf: q.asOf }) }),
    );
    res.json({ ...snapshotMeta(s), ...report });
  });

  router.get('/businesses/:id/health', async (req, res) => {
    const q = HealthQuery.parse(req.query);
    const s = store.current;
    const asOf = q.asOf ?? currentYear();
    const history = await historyOf(s, asOf);
    const ranks = await cached(s, `timeline-ranks-${asOf}`, () => rankHistory(s.graph, { asOf, history }));
    const health = businessHealth(s.graph, String(req.params.id), {
      asOf,
      dormantYears: q.years,
      history,
      ranks,
      viewer: req.role,
    });
    res.json({ ...snapshotMeta(s), ...health });
  });

  router.post('/what-if', (req, res) => {
    const body = WhatIfBody.parse(req.body ?? {});
    const s = store.current;
    res.json({
      ...snapshotMeta(s),
      ...whatIf(s.graph, {
        removeBusinesses: body.removeBusinesses,
        addCollaborations: body.addCollaborations,
        viewer: req.role,
        ...(body.asOf !== undefined && { asOf: body.asOf }),
      }),
    });
  });

  return router;
}
