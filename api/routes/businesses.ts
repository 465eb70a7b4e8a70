/**
 * Businesses: search and filters (GET /api/businesses), one profile with its metrics and ranks
 * (GET /api/businesses/:id), its four answers (…/questions) and partner suggestions (…/suggestions).
 * Thin: the search, the profile and the answers are analysis/ functions on the snapshot.
 */
import { requireBusiness } from '../../analysis/domain.ts';
import type { Request } from 'express';
import type { z } from 'zod';
import { InvalidInputError } from '../../analysis/errors.ts';
import { answerFourQuestions } from '../../analysis/partnering/four-questions.ts';
import { suggestPartners, type SuggestionWeights } from '../../analysis/partnering/suggestions.ts';
import { businessProfile } from '../../analysis/profile/business-profile.ts';
import { foldText, searchBusinesses } from '../../analysis/search/business-search.ts';
import type { AppDeps } from '../app.ts';
import { partneringOf, rowsOf, searchIndexOf } from '../derived.ts';
import { memoize, memoizeJson } from '../result-cache.ts';
import type {
  BusinessIdParams,
  BusinessListQuery,
  QuestionsQuery,
  SuggestionsQuery,
} from '../schemas/requests.ts';
import type { BusinessList, BusinessProfile } from '../schemas/responses.ts';
import { snapshotMeta } from '../snapshot-meta.ts';

/** The opaque paging cursor: the offset of the next page. */
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

type Id = z.output<typeof BusinessIdParams>;

export function listBusinesses({ store }: AppDeps) {
  return async ({ query }: { query: z.output<typeof BusinessListQuery> }, req: Request) => {
    const s = store.current;
    const index = await searchIndexOf(s);
    const rows = query.community !== undefined ? (await rowsOf(s)).rows : undefined;
    const offset = decodeCursor(query.cursor);
    // A search answers the same for every request of one role until the next reload.
    const q = foldText((query.q ?? '').trim());
    const key = `${req.role} ${JSON.stringify([q, query.sector, query.capability, query.community, query.limit, query.cursor])}`;
    return memoize(s, 'search', key, (): BusinessList => {
      const found = searchBusinesses(s.graph, index, {
        query: q,
        viewer: req.role,
        offset,
        limit: query.limit,
        ...(query.sector !== undefined && { sector: query.sector }),
        ...(query.capability !== undefined && { capability: query.capability }),
        ...(rows && query.community !== undefined && { community: { id: query.community, of: rows } }),
      });
      return {
        ...snapshotMeta(s),
        total: found.total,
        nextCursor: found.nextOffset === null ? null : encodeCursor(found.nextOffset),
        businesses: found.matches,
      };
    });
  };
}

export function getBusiness({ store }: AppDeps) {
  return async ({ params: { id } }: { params: Id }, req: Request) => {
    const s = store.current;
    requireBusiness(s.graph, id);
    const { rows, ranks } = await rowsOf(s);
    const metrics = rows.get(id);
    const rank = ranks.get(id);
    // A profile is the same for every request of one role until the next reload.
    return memoize(s, 'profile', `${req.role} ${id}`, (): BusinessProfile => ({
      ...snapshotMeta(s),
      ...businessProfile(s.graph, id, {
        viewer: req.role,
        ...(metrics !== undefined && { metrics }),
        ...(rank !== undefined && { ranks: rank }),
      }),
    }));
  };
}

export function questionsFor({ store }: AppDeps) {
  return async (
    { params: { id }, query }: { params: Id; query: z.output<typeof QuestionsQuery> },
    req: Request,
  ) => {
    const s = store.current;
    requireBusiness(s.graph, id);
    const project = query.project
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const index = await partneringOf(s);
    const answers = memoize(
      s,
      'questions',
      JSON.stringify([req.role, id, query.horizon, project ?? null]),
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
    requireBusiness(s.graph, id);
    const index = await partneringOf(s);
    // The ranker is fitted in the background: an answer given before it lands (revision) is not reused after.
    const key = `${req.role} ${id} ${query.limit} ${query.includeExisting} ${JSON.stringify(query.weights ?? {})} ${s.revision}`;
    // Kept serialized (result-cache.ts memoizeJson): a cached object tree was what each young-generation collection copied.
    return memoizeJson(s, 'suggestions', key, () => ({
      ...snapshotMeta(s),
      ...suggestPartners(index, id, {
        limit: query.limit,
        includeExisting: query.includeExisting,
        viewer: req.role,
        ...(query.weights !== undefined && { weights: query.weights as Partial<SuggestionWeights> }),
      }),
    }));
  };
}
