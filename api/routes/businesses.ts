/**
 * Businesses: search and filters (GET /api/businesses), one profile with its metrics and ranks
 * (GET /api/businesses/:id), its four answers (…/questions) and partner suggestions (…/suggestions).
 */
import type { Request } from 'express';
import type { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../analysis/errors.ts';
import { answerFourQuestions } from '../../analysis/partnering/four-questions.ts';
import type { Viewer } from '../../analysis/partnering/partnering-index.ts';
import { suggestPartners, type SuggestionWeights } from '../../analysis/partnering/suggestions.ts';
import { METRIC_COLUMNS, type CentralityRow } from '../../analysis/report/network-analysis.ts';
import type { AppDeps } from '../app.ts';
import { fold, partneringOf, rowsOf, searchIndexOf, type SearchEntry } from '../derived.ts';
import type {
  BusinessIdParams,
  BusinessListQuery,
  QuestionsQuery,
  SuggestionsQuery,
} from '../schemas/requests.ts';
import { memoize } from '../result-cache.ts';
import type { BusinessList, BusinessProfile } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';
import type { Snapshot } from '../snapshot.ts';

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : s}`;
}

/** Three reusable rows of the distance table (searches compare a query with every name). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/** Optimal string alignment distance, stopping early past `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = b.length;
  if (rows[0].length <= m) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [before, prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = Infinity;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, (before[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[m] as number;
}

/** 0 name prefix, 1 word prefix, 2 substring, 3 near miss (typo), undefined no match. */
function matchRank(entry: SearchEntry, q: string): number | undefined {
  if (entry.folded.startsWith(q)) return 0;
  if (entry.words.some((w) => w.startsWith(q))) return 1;
  if (entry.folded.includes(q)) return 2;
  const terms = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (terms.length === 0) return undefined;
  const allNear = terms.every((t) => {
    const max = t.length >= 8 ? 2 : t.length >= 4 ? 1 : 0;
    return entry.words.some(
      (w) =>
        w.startsWith(t) ||
        (max > 0 && (editDistance(t, w, max) <= max || editDistance(t, w.slice(0, t.length), max) <= max)),
    );
  });
  return allNear ? 3 : undefined;
}

const MATCH_KINDS = ['prefix', 'word', 'substring', 'fuzzy'] as const;

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor is not one this API returned; start again without it', 'cursor');
}

function requireBusiness(s: Snapshot, id: string): void {
  if (!s.graph.hasNode(id)) throw new NotFoundError('business', id);
}

type Id = z.output<typeof BusinessIdParams>;

export function listBusinesses({ store }: AppDeps) {
  return async ({ query }: { query: z.output<typeof BusinessListQuery> }, req: Request) => {
    const s = store.current;
    const entries = await searchIndexOf(s);
    const q = query.q === undefined ? '' : fold(query.q.trim());
    const needCommunities = query.community !== undefined;
    const rows = needCommunities ? (await rowsOf(s)).rows : undefined;
    // A search answers the same for every request of one role until the next reload.
    const key = `${req.role} ${JSON.stringify([q, query.sector, query.capability, query.community, query.limit, query.cursor])}`;
    return memoize(s, 'search', key, (): BusinessList => search(s, entries, rows, q, query, req.role));
  };
}

export function getBusiness({ store }: AppDeps) {
  return async ({ params: { id } }: { params: Id }, req: Request) => {
    const s = store.current;
    requireBusiness(s, id);
    const a = s.graph.getNodeAttributes(id);
    const { rows, ranks } = await rowsOf(s);
    const row = rows.get(id);
    const rank = ranks.get(id);
    const visible = <T extends { confidential?: boolean }>(items: T[]) =>
      items.filter((i) => req.role !== 'reader' || !i.confidential);
    const { capabilities, needs, ...profile } = a;
    // A profile is the same for every request of one role until the next reload.
    const body = memoize(s, 'profile', `${req.role} ${id}`, (): BusinessProfile => ({
      ...snapshotMeta(s),
      business: { id, ...profile },
      capabilities: visible(capabilities),
      needs: visible(needs),
      partners: s.graph
        .mapEdges(id, (_e, e, source, target) => {
          const other = source === id ? target : source;
          return {
            id: other,
            name: s.graph.getNodeAttribute(other, 'name'),
            weight: e.weight,
            events: e.events,
          };
        })
        .sort((x, y) => y.weight - x.weight || x.name.localeCompare(y.name)),
      metrics: row ?? null,
      ranks: rank
        ? Object.fromEntries(
            METRIC_COLUMNS.map((m) => [
              m,
              {
                rank: rank[m],
                of: s.graph.order,
                text: `${ordinal(rank[m])} of ${s.graph.order} by ${m.replace('_', ' ')}`,
              },
            ]),
          )
        : null,
    }));
    return body;
  };
}

export function questionsFor({ store }: AppDeps) {
  return async (
    { params: { id }, query }: { params: Id; query: z.output<typeof QuestionsQuery> },
    req: Request,
  ) => {
    const s = store.current;
    requireBusiness(s, id);
    const project = query.project
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const index = await partneringOf(s);
    const answers = memoize(
      s,
      'questions',
      `${req.role} ${id} ${query.horizon} ${project?.join(',') ?? ''}`,
      () =>
        answerFourQuestions(index, id, {
          horizon: query.horizon as 1 | 2 | 3,
          viewer: req.role,
          ...(project !== undefined && { project }),
        }),
    );
    return { ...snapshotMeta(s), ...answers };
  };
}

export function suggestionsFor({ store }: AppDeps) {
  return async (
    { params: { id }, query }: { params: Id; query: z.output<typeof SuggestionsQuery> },
    req: Request,
  ) => {
    const s = store.current;
    requireBusiness(s, id);
    const index = await partneringOf(s);
    const key = `${req.role} ${id} ${query.limit} ${query.includeExisting} ${JSON.stringify(query.weights ?? {})}`;
    const result = memoize(s, 'suggestions', key, () =>
      suggestPartners(index, id, {
        limit: query.limit,
        includeExisting: query.includeExisting,
        viewer: req.role,
        ...(query.weights !== undefined && { weights: query.weights as Partial<SuggestionWeights> }),
      }),
    );
    return { ...snapshotMeta(s), ...result };
  };
}

/** The page of businesses matching a search (see GET /api/businesses). */
function search(
  s: Snapshot,
  entries: SearchEntry[],
  rows: Map<string, CentralityRow> | undefined,
  q: string,
  query: z.infer<typeof BusinessListQuery>,
  role: Viewer,
): BusinessList {
  const matches: { entry: SearchEntry; rank: number }[] = [];
  const byAttributes = query.sector !== undefined || query.capability !== undefined;
  for (const entry of entries) {
    if (byAttributes) {
      const a = s.graph.getNodeAttributes(entry.id);
      if (query.sector !== undefined && a.sector !== query.sector) continue;
      if (
        query.capability !== undefined &&
        !a.capabilities.some((c) => c.name === query.capability && (role !== 'reader' || !c.confidential))
      )
        continue;
    }
    if (rows && rows.get(entry.id)?.community !== query.community) continue;
    const rank = q === '' ? 0 : matchRank(entry, q);
    if (rank !== undefined) matches.push({ entry, rank });
  }
  // The index is in name order and the sort is stable: by kind of match, then by name.
  if (q !== '') matches.sort((x, y) => x.rank - y.rank);
  const offset = decodeCursor(query.cursor);
  const page = matches.slice(offset, offset + query.limit);
  const next = offset + query.limit < matches.length ? encodeCursor(offset + query.limit) : null;
  const body: BusinessList = {
    ...snapshotMeta(s),
    total: matches.length,
    nextCursor: next,
    businesses: page.map(({ entry, rank }) => {
      const a = s.graph.getNodeAttributes(entry.id);
      return {
        id: entry.id,
        name: a.name,
        sector: a.sector ?? null,
        site: a.site ?? null,
        partners: s.graph.degree(entry.id),
        match: MATCH_KINDS[rank] ?? 'fuzzy',
      };
    }),
  };
  return body;
}
