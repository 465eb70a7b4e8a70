/**
 * Tolerant readers of API answers for display: pick ids, names, scores, reasons and texts
 * out of the shapes the API returns, so a new field or a renamed wrapper degrades to less
 * detail instead of a broken panel.
 */

import type { Suggestions } from '../../../api/contract.ts';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first array found at the top level or under one of `keys`. */
export function listOf(body: Json, keys: string[]): Json[] {
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    for (const k of keys) {
      const v = body[k];
      if (Array.isArray(v)) return v;
    }
  }
  return [];
}

export function str(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: Json): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A readable line from a string or an object with a text-like field. */
export function text(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return str(v);
  for (const k of [
    'text',
    'message',
    'explanation',
    'summary',
    'reason',
    'detail',
    'description',
    'label',
    'answer',
  ]) {
    const s = str(v[k]);
    if (s) return s;
  }
  return undefined;
}

/** The business id in an item: `id`, `businessId`, `business.id`, `candidate`… */
export function idOf(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return undefined;
  for (const k of ['id', 'businessId', 'candidateId', 'candidate', 'partnerId', 'target']) {
    const s = str(v[k]);
    if (s) return s;
  }
  if (isObject(v.business)) return idOf(v.business);
  if (isObject(v.partner)) return idOf(v.partner);
  return undefined;
}

export function nameOf(v: Json): string | undefined {
  if (!isObject(v)) return undefined;
  const s = str(v.name) ?? str(v.label);
  if (s) return s;
  if (isObject(v.business)) return nameOf(v.business);
  if (isObject(v.partner)) return nameOf(v.partner);
  return undefined;
}

export interface SuggestionItem {
  id: string;
  name?: string;
  score?: number;
  reasons: string[];
  via: string[];
}

/** The suggestions of GET /api/businesses/:id/suggestions, one bullet per clause of each sentence. */
export function readSuggestions(body: Suggestions): SuggestionItem[] {
  return body.suggestions.map((item) => ({
    id: item.id,
    name: item.name,
    score: item.score,
    reasons: item.sentence
      .replace(/\.$/, '')
      .split('; ')
      .map((c) => c.charAt(0).toUpperCase() + c.slice(1)),
    via: item.reasons.commonPartners.map((p) => p.id).filter((p) => p !== item.id),
  }));
}

export interface AnswerLine {
  text: string;
  /** Businesses named in the line (providers, runner-up), to link to the map. */
  businesses: { id: string; name: string }[];
}

export interface AnswerItem {
  question: string;
  lines: AnswerLine[];
  /** What to say when there is no line. */
  empty: string;
}

function businessesIn(v: Json): { id: string; name: string }[] {
  return listOf(v, []).flatMap((b) => {
    const id = idOf(b);
    const name = nameOf(b);
    return id && name ? [{ id, name }] : [];
  });
}

/** The four answers of GET /api/businesses/:id/questions, as lines to show. */
export function readAnswers(body: Json): AnswerItem[] {
  const o = isObject(body) ? body : {};
  const rows = (v: Json) => listOf(v, []).filter(isObject);
  const needs = rows(o.whatNeedsToBeDone).map((n) => ({
    text: `${str(n.capability) ?? '?'} (priority ${str(n.priority) ?? '?'}): ${
      n.gap === true ? 'nobody in this network offers it' : `${str(n.holders) ?? '?'} businesses offer it`
    }`,
    businesses: [],
  }));
  const others = rows(o.whatOthersCanDoForUs).map((n) => {
    const providers = businessesIn(n.providers);
    return {
      text: `${str(n.capability) ?? '?'}${providers.length ? ':' : ': no one within reach'}`,
      businesses: providers,
    };
  });
  const better = rows(o.whatWeDoBetterThanAnyoneWeKnow).map((n) => {
    const runner = isObject(n.runnerUp) ? n.runnerUp : undefined;
    return {
      text: `${str(n.capability) ?? '?'} at level ${str(n.level) ?? '?'}${
        runner ? `; next best we know, at level ${str(runner.level) ?? '?'}:` : ''
      }`,
      businesses: runner ? businessesIn([runner]) : [],
    };
  });
  const only = isObject(o.whatOnlyWeCanDo) ? o.whatOnlyWeCanDo : {};
  const unique = rows(only.unique).map((n) => ({
    text: `${str(n.capability) ?? '?'}: nobody else in this network has it`,
    businesses: [],
  }));
  const rare = rows(only.rare).map((n) => ({
    text: `${str(n.capability) ?? '?'}: not unique, but only ${str(n.holders) ?? '?'} businesses in this network hold it`,
    businesses: [],
  }));
  return [
    { question: 'What needs to be done', lines: needs, empty: 'No needs recorded.' },
    { question: 'What others can do for us', lines: others, empty: 'No needs to meet.' },
    { question: 'What we do better than anyone we know', lines: better, empty: 'Nothing stands out yet.' },
    {
      // Honest when nothing is unique: the rarest capabilities held, said as such.
      question: unique.length > 0 || rare.length === 0 ? 'What only we can do' : 'What few others can do',
      lines: [...unique, ...rare],
      empty: 'Nothing here is unique to this business.',
    },
  ];
}

export interface TeamItem {
  members: string[];
  names: Record<string, string>;
  coverage?: number;
  cohesion?: number;
  score?: number;
  missing: string[];
}

export function readTeams(body: Json): TeamItem[] {
  return listOf(body, ['teams', 'consortia', 'results', 'alternatives']).flatMap((t) => {
    if (!isObject(t)) return [];
    const membersRaw = listOf(t.members ?? t.businesses ?? t.team ?? [], []);
    const names: Record<string, string> = {};
    const members = membersRaw
      .map((m) => {
        const id = idOf(m);
        const name = nameOf(m);
        if (id && name) names[id] = name;
        return id;
      })
      .filter((s): s is string => !!s);
    const missing = listOf(t.missing ?? t.uncovered ?? [], [])
      .map(text)
      .filter((s): s is string => !!s);
    const covered = listOf(t.covered ?? [], []).length;
    const parts = isObject(t.components) ? t.components : {};
    const cov =
      num(t.coverage) ?? (covered + missing.length > 0 ? covered / (covered + missing.length) : undefined);
    const coh = num(t.cohesion) ?? num(parts.cohesion);
    const score = num(t.score);
    return [
      {
        members,
        names,
        missing,
        ...(cov !== undefined ? { coverage: cov } : {}),
        ...(coh !== undefined ? { cohesion: coh } : {}),
        ...(score !== undefined ? { score } : {}),
      },
    ];
  });
}
