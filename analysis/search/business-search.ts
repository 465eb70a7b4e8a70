/**
 * Business search by name, aliases (short names, acronyms) and id: accent- and case-free exact,
 * prefix, word-prefix (every query word starts a word of one of the names) and substring matches,
 * then near misses (typos) by optimal string alignment distance (Damerau–Levenshtein without
 * repeated edits of a substring; Boytsov 2011, "Indexing methods for approximate dictionary
 * searching"), with filters by sector, capability (as the viewer may see them) and community.
 * `buildSearchIndex` prepares the names once per network; `searchBusinesses` answers one query.
 * Pure: no state survives a call.
 */
import type { NetworkGraph } from '../domain.ts';
import { visibleTo, type Viewer } from '../visibility.ts';

/** One business as the search sees it. */
export interface SearchEntry {
  id: string;
  name: string;
  /** The name folded (see `foldText`): the index's order. */
  folded: string;
  /** Name, aliases and id, folded, without repeats. */
  names: string[];
  /** The words of all of `names`. */
  words: string[];
}

/** How a business matched, best first (exact: a name, alias or id is the query itself). */
export const MATCH_KINDS = ['exact', 'prefix', 'word', 'substring', 'fuzzy'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

/** Rank of every business when the query is empty: 'prefix' (the empty prefix). */
const EVERY_BUSINESS = 1;

/** Lower-cased, accent-free text for search. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;

const wordsOf = (folded: string) => folded.split(WORD_SEPARATOR).filter(Boolean);

/** The default locale's order, as `localeCompare` (one collator: much faster than one per call). */
const collator = new Intl.Collator();

/** Every business of `graph`, in folded-name order (then id), ready for `searchBusinesses`. */
export function buildSearchIndex(graph: NetworkGraph): SearchEntry[] {
  return graph
    .mapNodes((id, a) => {
      const folded = foldText(a.name);
      const names = [...new Set([folded, ...(a.aliases ?? []).map(foldText), foldText(id)])];
      return { id, name: a.name, folded, names, words: [...new Set(names.flatMap(wordsOf))] };
    })
    .sort((a, b) => collator.compare(a.folded, b.folded) || (a.id < b.id ? -1 : 1));
}

/** Three reusable rows of the distance table, owned by one search. */
interface DistanceRows {
  rows: [Int32Array, Int32Array, Int32Array];
}

const newRows = (length: number): DistanceRows['rows'] => [
  new Int32Array(length),
  new Int32Array(length),
  new Int32Array(length),
];

/**
 * Optimal string alignment distance of `a` and `b`, or `max + 1` as soon as it must exceed `max`.
 * `scratch` is reused across the calls of one search (a query compares with every name).
 */
export function editDistance(a: string, b: string, max: number, scratch?: DistanceRows): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = b.length;
  const table = scratch ?? { rows: newRows(m + 1) };
  if (table.rows[0].length <= m) table.rows = newRows(m + 1);
  let [before, prev, cur] = table.rows;
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

/** Typos allowed in a query word of this length: none under 4 letters, 1 under 8, else 2. */
const typosAllowed = (length: number) => (length >= 8 ? 2 : length >= 4 ? 1 : 0);

/** Index into MATCH_KINDS of how `entry` matches the folded query `q`; undefined: no match. */
function matchRank(
  entry: SearchEntry,
  q: string,
  terms: string[],
  scratch: DistanceRows,
): number | undefined {
  if (entry.names.includes(q)) return 0;
  if (entry.names.some((n) => n.startsWith(q))) return 1;
  if (entry.words.some((w) => w.startsWith(q))) return 2;
  // "tu eindhoven": each word starts a word of the name or an alias ("TU/e", "…Eindhoven").
  if (terms.length > 1 && terms.every((t) => entry.words.some((w) => w.startsWith(t)))) return 2;
  if (entry.names.some((n) => n.includes(q))) return 3;
  if (terms.length === 0) return undefined;
  const allNear = terms.every((t) => {
    const max = typosAllowed(t.length);
    return entry.words.some(
      (w) =>
        w.startsWith(t) ||
        (max > 0 &&
          (editDistance(t, w, max, scratch) <= max ||
            editDistance(t, w.slice(0, t.length), max, scratch) <= max)),
    );
  });
  return allNear ? 4 : undefined;
}

export interface SearchOptions {
  /** Text to look for in names, aliases and ids (any case and accents); empty or missing: every business. */
  query?: string;
  sector?: string;
  /** Only holders of this capability, as `viewer` may see their capabilities. */
  capability?: string;
  /** Only members of this community, by the given community of each business. */
  community?: { id: number; of: ReadonlyMap<string, { community: number }> };
  /** Who asks (confidential capabilities count only for analysts and admins; default full view). */
  viewer?: Viewer;
  /** Matches skipped, for paging (default 0). */
  offset?: number;
  /** Matches returned (default 50). */
  limit?: number;
}

export const SEARCH_DEFAULTS = { offset: 0, limit: 50 } as const;

export interface SearchMatch {
  id: string;
  name: string;
  sector: string | null;
  site: string | null;
  /** Number of partners. */
  partners: number;
  match: MatchKind;
}

export interface SearchResult {
  /** Matches over all pages. */
  total: number;
  matches: SearchMatch[];
  /** Offset of the next page; null on the last. */
  nextOffset: number | null;
}

/**
 * The page of businesses matching `options`: best kind of match first, then in name order.
 * @param index `buildSearchIndex(graph)`
 */
export function searchBusinesses(
  graph: NetworkGraph,
  index: readonly SearchEntry[],
  options: SearchOptions = {},
): SearchResult {
  const q = foldText((options.query ?? '').trim());
  const terms = wordsOf(q);
  const { offset = SEARCH_DEFAULTS.offset, limit = SEARCH_DEFAULTS.limit } = options;
  const { sector, capability, community } = options;
  const visible = visibleTo(options.viewer);
  const scratch: DistanceRows = { rows: newRows(64) };
  const byAttributes = sector !== undefined || capability !== undefined;
  const found: { entry: SearchEntry; rank: number }[] = [];
  for (const entry of index) {
    if (byAttributes) {
      const a = graph.getNodeAttributes(entry.id);
      if (sector !== undefined && a.sector !== sector) continue;
      if (capability !== undefined && !a.capabilities.some((c) => c.name === capability && visible(c)))
        continue;
    }
    if (community && community.of.get(entry.id)?.community !== community.id) continue;
    const rank = q === '' ? EVERY_BUSINESS : matchRank(entry, q, terms, scratch);
    if (rank !== undefined) found.push({ entry, rank });
  }
  // The index is in name order and the sort is stable: by kind of match, then by name.
  if (q !== '') found.sort((x, y) => x.rank - y.rank);
  const page = found.slice(offset, offset + limit);
  return {
    total: found.length,
    nextOffset: offset + limit < found.length ? offset + limit : null,
    matches: page.map(({ entry, rank }) => {
      const a = graph.getNodeAttributes(entry.id);
      return {
        id: entry.id,
        name: a.name,
        sector: a.sector ?? null,
        site: a.site ?? null,
        partners: graph.degree(entry.id),
        match: MATCH_KINDS[rank] ?? 'fuzzy',
      };
    }),
  };
}
