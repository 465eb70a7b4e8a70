/**
 * The business panel's lines from the API's answers: each suggestion's reasons as bullets and
 * the four answers as sentences with the businesses they name. The answers are typed by the
 * API's contract (api/contract.ts), so these read the fields the API sends and nothing else.
 */

import type { FourAnswers, Suggestions } from '../../../api/contract.ts';

export interface SuggestionItem {
  id: string;
  name: string;
  score: number;
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

/** The four answers of GET /api/businesses/:id/questions, as lines to show. */
export function readAnswers(body: FourAnswers): AnswerItem[] {
  const needs = body.whatNeedsToBeDone.map((n) => ({
    text: `${n.capability} (priority ${n.priority}): ${
      n.gap ? 'nobody in this network offers it' : `${n.holders} businesses offer it`
    }`,
    businesses: [],
  }));
  const others = body.whatOthersCanDoForUs.map((n) => ({
    text: `${n.capability}${n.providers.length ? ':' : ': no one within reach'}`,
    businesses: n.providers.map(({ id, name }) => ({ id, name })),
  }));
  const better = body.whatWeDoBetterThanAnyoneWeKnow.map(({ capability, level, runnerUp }) => ({
    text: `${capability} at level ${level}${runnerUp ? `; next best we know, at level ${runnerUp.level}:` : ''}`,
    businesses: runnerUp ? [{ id: runnerUp.id, name: runnerUp.name }] : [],
  }));
  const unique = body.whatOnlyWeCanDo.unique.map((n) => ({
    text: `${n.capability}: nobody else in this network has it`,
    businesses: [],
  }));
  const rare = body.whatOnlyWeCanDo.rare.map((n) => ({
    text: `${n.capability}: not unique, but only ${n.holders} businesses in this network hold it`,
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
