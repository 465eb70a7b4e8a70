/**
 * GET /api/graph?format=json|gexf|graphml: the whole network with its ForceAtlas2 positions,
 * node sizes, and the communities and metrics of the centrality report, for the map (JSON) and for Gephi, yEd or networkx
 * (GEXF 1.3, or 1.2draft with version=1.2draft; GraphML). The layout and metrics are computed
 * once per snapshot, in a worker thread for big networks, and cached on the snapshot.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { InvalidInputError } from '../../analysis/errors.ts';
import { writeGexf } from '../../analysis/export/gexf.ts';
import { writeGraphml } from '../../analysis/export/graphml.ts';
import {
  toGraphView,
  toGraphViewSteps,
  type GraphView,
  type MetricTable,
} from '../../analysis/export/graph-view.ts';
import { METRIC_COLUMNS } from '../../analysis/report/network-analysis.ts';
import { computeLayout, type LayoutPositions } from '../../analysis/layout/force-atlas.ts';
import type { AppDeps } from '../app.ts';
import { toLeanGraphSteps } from '../../compute/lean-graph.ts';
import { jsonSteps } from '../../compute/json-steps.ts';
import { runInSlices } from '../../compute/slices.ts';
import { runWorker } from '../../compute/spawn-worker.ts';
import type { LayoutCoordinates } from './graph-worker.ts';
import { analysisOf } from '../derived.ts';
import type { GraphQuery } from '../schemas/requests.ts';
import type { Graph } from '../schemas/responses.ts';
import { KEYED_CACHE_CONTROL } from '../http-policies.ts';
import { memoize } from '../result-cache.ts';
import { once, type Snapshot } from '../snapshot.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

/** Networks with more businesses than this are laid out in a worker thread. */
export const WORKER_THRESHOLD = 1_500;

/**
 * The layout in a worker thread: it gets the lean graph (ids and weighted edges, gathered in
 * slices of the event loop) and answers with coordinates in typed arrays, so neither
 * direction copies the profiles or builds an object per business in one go.
 */
export async function layoutInWorker(snapshot: Snapshot): Promise<LayoutPositions> {
  const lean = await runInSlices(toLeanGraphSteps(snapshot.graph));
  const { x, y } = await runWorker<LayoutCoordinates>(
    new URL('./graph-worker.ts', import.meta.url),
    { graph: lean },
    [lean.sources.buffer, lean.targets.buffer, lean.weights.buffer] as ArrayBuffer[],
    // Started unasked on big networks: it must not hold up answers (spawn-worker.ts WorkerPriority).
    'background',
  );
  return runInSlices(positionsSteps(lean.ids, x, y));
}

function* positionsSteps(ids: string[], x: Float64Array, y: Float64Array): Generator<void, LayoutPositions> {
  const positions: LayoutPositions = {};
  for (let i = 0; i < ids.length; i++) {
    positions[ids[i] as string] = { x: x[i] as number, y: y[i] as number };
    if (i % 5_000 === 4_999) yield;
  }
  return positions;
}

function layoutOf(snapshot: Snapshot): Promise<LayoutPositions> {
  return once(snapshot, 'layout', () =>
    snapshot.graph.order > WORKER_THRESHOLD ? layoutInWorker(snapshot) : computeLayout(snapshot.graph),
  );
}

/** The graph view of `snapshot`, computed once and cached. */
export function graphView(snapshot: Snapshot): Promise<GraphView> {
  return once(snapshot, 'graphView', async () => {
    // Metrics and communities are the API's own analysis (the centrality report), so the map,
    // the profile ranks and the report agree; the layout runs beside it.
    const [positions, analysis] = await Promise.all([layoutOf(snapshot), analysisOf(snapshot)]);
    const metrics: MetricTable = Object.fromEntries(METRIC_COLUMNS.map((m) => [m, {}]));
    const communities: Record<string, number> = {};
    for (const row of analysis.rows) {
      communities[row.id] = row.community;
      for (const m of METRIC_COLUMNS) {
        const v = row[m];
        // Null (constraint of an isolated business) stays missing rather than becoming 0.
        if (v !== null) (metrics[m] as Record<string, number>)[row.id] = v;
      }
    }
    return runInSlices(toGraphViewSteps(snapshot.graph, positions, { metrics, communities }));
  });
}

/** How long a request waits for the full analysis once the layout is ready. */
export const ANALYSIS_WAIT_MS = 5_000;

/**
 * The full view when the analysis is done (or finishes within `waitMs` of the layout);
 * otherwise a partial view with the layout and degree only, so the map of a big network is
 * drawn while its centralities are still being computed.
 */
export async function graphViewNow(
  snapshot: Snapshot,
  waitMs = ANALYSIS_WAIT_MS,
): Promise<{ view: GraphView; partial: boolean }> {
  const full = graphView(snapshot);
  const positions = await layoutOf(snapshot);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), waitMs);
  });
  const ready = await Promise.race([full, late]).finally(() => clearTimeout(timer));
  if (ready) return { view: ready, partial: false };
  const { graph } = snapshot;
  const degree: Record<string, number> = {};
  const strength: Record<string, number> = {};
  graph.forEachNode((id) => {
    degree[id] = graph.degree(id);
    strength[id] = graph.reduceEdges(id, (sum, _e, a) => sum + a.weight, 0);
  });
  return {
    view: toGraphView(graph, positions, { metrics: { degree, weighted_degree: strength } }),
    partial: true,
  };
}

export function getGraph({ store, logger }: AppDeps) {
  // Big networks: start the layout worker as soon as a snapshot exists, so the first visitor
  // of the map does not wait for it. Small ones take well under a second on first request.
  // Only the layout, in its thread: the view itself (an object per business and per tie, about
  // 1 s of this thread and 20 young-generation collections on 20k businesses / 377k ties) is
  // built when the map is first asked for, as its JSON already was. Built unasked the moment
  // the report landed, it put suggestions answered meanwhile at p99 160+ ms (docs/suggestions.md).
  const warm = (s: Snapshot) => {
    if (s.graph.order > WORKER_THRESHOLD) {
      // Not cached when it fails: the next GET /api/graph retries and reports the error.
      layoutOf(s).catch((err: unknown) => logger.warn({ err }, 'graph layout warm-up failed'));
    }
  };
  warm(store.current);
  store.onSwap(warm);
  return async ({ query }: { query: z.output<typeof GraphQuery> }, req: Request, res: Response) => {
    const { format, version, sizeBy, timeline } = query;
    const snapshot = store.current;
    const { view, partial } = await graphViewNow(snapshot);
    if (sizeBy !== undefined && !view.metrics.includes(sizeBy)) {
      throw new InvalidInputError(
        `Unknown metric "${sizeBy}" for sizeBy; use one of ${view.metrics.join(', ')}.`,
        'sizeBy',
      );
    }
    // The snapshot id is the ETag: the graph and its layout change only with the snapshot.
    res.set('Cache-Control', partial ? 'no-store' : KEYED_CACHE_CONTROL);
    if (!partial) res.set('ETag', `"${snapshot.id}-${format}-${version}-${sizeBy ?? ''}-${timeline}"`);
    if (!partial && req.fresh) {
      res.status(304).end();
      return undefined;
    }
    const options = sizeBy !== undefined ? { sizeBy } : {};
    const base = `partner-atlas-${snapshot.id}`;
    if (format === 'gexf') {
      const body = memoize(snapshot, 'graph-gexf', `${version} ${sizeBy ?? ''} ${timeline} ${partial}`, () =>
        writeGexf(view, { ...options, version, timeline }),
      );
      res.attachment(`${base}.gexf`).type('application/gexf+xml; charset=utf-8').send(body);
    } else if (format === 'graphml') {
      const body = memoize(snapshot, 'graph-graphml', `${sizeBy ?? ''} ${partial}`, () =>
        writeGraphml(view, options),
      );
      res.attachment(`${base}.graphml`).type('application/graphml+xml; charset=utf-8').send(body);
    } else {
      // The body (about 9 MB on 10k businesses) is serialised once per snapshot, not per request,
      // in slices of the event loop, and kept as bytes.
      const answer: z.input<typeof Graph> = { ...snapshotMeta(snapshot), partial, ...view };
      const json = () => runInSlices(jsonSteps(answer, ['nodes', 'edges']));
      const body = partial ? await json() : await once(snapshot, 'graphJson', json);
      res.type('application/json; charset=utf-8').send(body);
    }
    return undefined;
  };
}
