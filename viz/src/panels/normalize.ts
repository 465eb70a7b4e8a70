/**
 * Tolerant readers of API answers for display: pick ids, names, scores, reasons and texts
 * out of the shapes the API returns, so a new field or a renamed wrapper degrades to less
 * detail instead of a broken panel.
 */

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

export function readSuggestions(body: Json): SuggestionItem[] {
  const out: SuggestionItem[] = [];
  for (const item of listOf(body, ['suggestions', 'items', 'results', 'data'])) {
    const id = idOf(item);
    if (!id || !isObject(item)) continue;
    const reasons = listOf(item.reasons ?? item.explanations ?? item.why ?? [], [])
      .map(text)
      .filter((s): s is string => !!s);
    const via = listOf(item.mutualPartners ?? item.mutual ?? item.via ?? item.path ?? [], [])
      .map(idOf)
      .filter((s): s is string => !!s && s !== id);
    const name = nameOf(item);
    const score = num(item.score) ?? num(item.total);
    out.push({ id, reasons, via, ...(name ? { name } : {}), ...(score !== undefined ? { score } : {}) });
  }
  return out;
}

export interface AnswerItem {
  question: string;
  answer: string;
  items: string[];
}

/** The four answers, from a list or an object keyed by question. */
export function readAnswers(body: Json): AnswerItem[] {
  const list = listOf(body, ['questions', 'answers', 'items']);
  const entries: [string | undefined, Json][] = list.length
    ? list.map((v) => [undefined, v])
    : isObject(body)
      ? Object.entries(body).filter(([k]) => k !== 'snapshot' && k !== 'business' && k !== 'id')
      : [];
  return entries.map(([key, v]) => {
    const o = isObject(v) ? v : {};
    const question = str(o.question) ?? str(o.title) ?? str(o.label) ?? key ?? 'Question';
    const answer = str(o.answer) ?? str(o.summary) ?? str(o.text) ?? (typeof v === 'string' ? v : '');
    const items = listOf(o.items ?? o.businesses ?? o.details ?? o.evidence ?? [], [])
      .map((x) => (isObject(x) ? (nameOf(x) ?? text(x)) : text(x)))
      .filter((s): s is string => !!s)
      .slice(0, 6);
    return { question: humanize(question), answer, items };
  });
}

function humanize(key: string): string {
  if (/\s/.test(key)) return key;
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
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
    const cov =
      num(t.coverage) ??
      (isObject(t.coverage) ? (num(t.coverage.ratio) ?? num(t.coverage.share)) : undefined);
    const coh =
      num(t.cohesion) ??
      (isObject(t.cohesion) ? (num(t.cohesion.density) ?? num(t.cohesion.value)) : undefined);
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
