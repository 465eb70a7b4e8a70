/** GET /api/reports/centrality (CSV or JSON, sortable) and GET /api/reports/summary. */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { reportToCsv, reportToJson } from '../../analysis/report/format.ts';
import { sortRows } from '../../analysis/report/network-analysis.ts';
import type { AppDeps } from '../app.ts';
import { analysisOf } from '../derived.ts';
import { memoize } from '../result-cache.ts';
import type { ReportQuery } from '../schemas/requests.ts';
import type { CentralityReport } from '../schemas/responses.ts';
import { shownSource, snapshotMeta } from '../snapshot-meta.ts';
import { VERSION } from '../../data/version.ts';

export function getCentralityReport({ store }: AppDeps) {
  return async ({ query }: { query: z.output<typeof ReportQuery> }, _req: Request, res: Response) => {
    const s = store.current;
    const analysis = await analysisOf(s);
    const rows = () => sortRows(analysis.rows, query.sort, query.direction);
    // Bodies of a few MB on big networks: serialised once per snapshot and order, not per request.
    const order = `${query.sort}:${query.direction ?? ''}`;
    if (query.format === 'csv') {
      res
        .attachment(`partner-atlas-centrality-${s.id}.csv`)
        .type('text/csv; charset=utf-8')
        .send(memoize(s, 'centrality-csv', order, () => Buffer.from(reportToCsv(rows()))));
      return undefined;
    }
    const body = memoize(s, 'centrality-json', order, () => {
      // Sent as prepared bytes: typed here against the row's response schema.
      const answer: z.input<typeof CentralityReport> = {
        ...snapshotMeta(s),
        ...reportToJson(analysis, rows(), {
          version: VERSION,
          source: shownSource(s.source),
          snapshot: s.id,
          generatedAt: s.loadedAt,
        }),
      };
      return Buffer.from(JSON.stringify(answer));
    });
    res.type('application/json; charset=utf-8').send(body);
    return undefined;
  };
}

export function getReportSummary({ store }: AppDeps) {
  return async () => {
    const s = store.current;
    const analysis = await analysisOf(s);
    return { ...snapshotMeta(s), parameters: analysis.parameters, summary: analysis.summary };
  };
}
