/**
 * The side panel of the selected business: profile, capabilities and needs, metrics with
 * ranks, partners, the four answers and suggested partners with their reasons. Clicking a
 * suggestion highlights it and the path through mutual partners on the map.
 */
import { api, ApiError } from '../api-client.ts';
import { byId, el, formatMetric, metricLabel, ordinal, replaceChildren } from '../dom.ts';
import { communityLabel, type MapModel } from '../map/model.ts';
import { pathEdges, shortestPath } from '../map/model.ts';
import type { Store } from '../state.ts';
import { readAnswers, readSuggestions, type SuggestionItem } from './answer-lines.ts';

export interface PanelDeps {
  model: MapModel;
  store: Store;
  /** Select and fly to a business. */
  focus: (id: string) => void;
}

/** Rank of each business by each metric (1 = highest), computed once. */
function rankTable(model: MapModel): Map<string, Map<string, number>> {
  const ranks = new Map<string, Map<string, number>>();
  for (const metric of model.payload.metrics) {
    const sorted = [...model.payload.nodes].sort(
      (a, b) => (b.metrics[metric] ?? 0) - (a.metrics[metric] ?? 0),
    );
    const r = new Map<string, number>();
    let rank = 0;
    let last = NaN;
    sorted.forEach((n, i) => {
      const v = n.metrics[metric] ?? 0;
      if (v !== last) rank = i + 1;
      last = v;
      r.set(n.id, rank);
    });
    ranks.set(metric, r);
  }
  return ranks;
}

function message(text: string, error = false): HTMLElement {
  return el('p', { class: error ? 'message error' : 'message', text });
}

function explain(error: unknown, what: string): HTMLElement {
  if (error instanceof ApiError && error.missingEndpoint)
    return message(`${what} are not available from this server yet.`);
  if (error instanceof ApiError) return message(`${what} could not be loaded: ${error.message}`, true);
  return message(`${what} could not be loaded.`, true);
}

export function setupBusinessPanel({ model, store, focus }: PanelDeps): void {
  const panel = byId('panel');
  const ranks = rankTable(model);
  const order = model.payload.nodes.length;
  let current: string | null = null;

  const partnerButton = (id: string, name?: string) =>
    el('button', {
      class: 'partner-link',
      text: name ?? (model.graph.hasNode(id) ? model.graph.getNodeAttribute(id, 'label') : id),
      attrs: { type: 'button' },
      on: { click: () => focus(id) },
    });

  const highlightSuggestion = (from: string, s: SuggestionItem, button: HTMLElement) => {
    const { graph } = model;
    if (!graph.hasNode(s.id)) return;
    const wasOn = button.getAttribute('aria-pressed') === 'true';
    panel.querySelectorAll('.suggestion').forEach((b) => b.setAttribute('aria-pressed', 'false'));
    if (wasOn) {
      store.set({ highlight: null });
      return;
    }
    button.setAttribute('aria-pressed', 'true');
    const nodes = new Set([from, s.id]);
    const edges = new Set<string>();
    // Mutual partners given by the API, else those found on the map, else a shortest path.
    let via = s.via.filter((v) => graph.hasNode(v));
    if (via.length === 0) via = graph.neighbors(from).filter((n) => graph.hasEdge(n, s.id));
    if (via.length > 0) {
      for (const v of via.slice(0, 6)) {
        nodes.add(v);
        for (const e of pathEdges(graph, [from, v, s.id])) edges.add(e);
      }
    } else {
      const path = shortestPath(graph, from, s.id);
      if (path) {
        path.forEach((n) => nodes.add(n));
        pathEdges(graph, path).forEach((e) => edges.add(e));
      }
    }
    const name = s.name;
    const how =
      via.length > 0
        ? `through ${via.length} mutual partner${via.length === 1 ? '' : 's'}`
        : edges.size > 0
          ? `${edges.size} steps away`
          : 'not yet connected';
    store.set({
      highlight: {
        nodes,
        edges,
        label: `Suggested partner: ${name} (${how})`,
        link: { kind: 'suggestion', ids: [s.id] },
      },
    });
  };

  const render = async (id: string) => {
    current = id;
    const { graph } = model;
    if (!graph.hasNode(id)) {
      replaceChildren(panel, message(`Business "${id}" is not in this network.`, true));
      panel.hidden = false;
      return;
    }
    const a = graph.getNodeAttributes(id);
    const d = a.data;
    const facts = [
      d.sector,
      d.community !== undefined ? communityLabel(d.community, model.payload.nodes) : undefined,
      d.employees !== undefined ? `${d.employees.toLocaleString('en')} employees` : undefined,
      d.site,
      d.founded !== undefined ? `founded ${d.founded}` : undefined,
    ].filter(Boolean);
    const profile = el('section', {}, [el('p', { class: 'message', text: 'Loading profile…' })]);
    // The map's names first (what every caller may see); the profile's lists replace them when
    // they arrive, with levels, priorities and, for analysts and admins, the confidential ones.
    const capabilityPills = el(
      'div',
      { attrs: { 'data-list': 'capabilities' } },
      pills(d.capabilities, 'ok'),
    );
    const needPills = el('div', { attrs: { 'data-list': 'needs' } }, pills(d.needs, 'need'));
    const answers = el('section', {}, [message('Loading the four answers…')]);
    const suggestions = el('section', { attrs: { id: 'suggestions' } }, [message('Loading suggestions…')]);

    const partners = graph
      .edges(id)
      .map((e) => ({ other: graph.opposite(id, e), weight: graph.getEdgeAttributes(e).data.weight }))
      .sort((x, y) => y.weight - x.weight);

    replaceChildren(
      panel,
      el('div', { class: 'panel-head' }, [
        el('div', {}, [
          el('h2', { text: a.label, attrs: { id: 'panel-title' } }),
          el('p', { class: 'sub', text: facts.join(' · ') || 'No profile details' }),
        ]),
        el('button', {
          class: 'close',
          text: '✕',
          attrs: { type: 'button', 'aria-label': 'Close the business panel' },
          on: { click: () => store.set({ selected: null, highlight: null, egoDepth: 0 }) },
        }),
      ]),
      profile,
      el('h3', { text: 'Capabilities' }),
      capabilityPills,
      el('h3', { text: 'Needs' }),
      needPills,
      // The manager's questions first, the numbers after.
      el('h3', { text: 'The four answers' }),
      answers,
      el('h3', { text: 'Metrics and ranks' }),
      el(
        'div',
        { class: 'metrics' },
        model.payload.metrics.map((m) =>
          el('div', { class: 'metric' }, [
            el('div', { class: 'name', text: metricLabel(m) }),
            el('div', { class: 'value', text: formatMetric(d.metrics[m]) }),
            el('div', {
              class: 'rank',
              attrs: { 'data-metric': m },
              text: `${ordinal(ranks.get(m)?.get(id) ?? order)} of ${order.toLocaleString('en')}`,
            }),
          ]),
        ),
      ),
      el('h3', { text: `Partners (${partners.length})` }),
      partners.length
        ? el(
            'ul',
            { class: 'list' },
            partners
              .slice(0, 25)
              .map((p) =>
                el('li', {}, [
                  partnerButton(p.other),
                  el('span', { class: 'meta', text: `  · weight ${formatMetric(p.weight)}` }),
                ]),
              ),
          )
        : message('No recorded collaborations.'),
      partners.length > 25 ? message(`… and ${partners.length - 25} more.`) : null,
      el('h3', { text: 'Suggested partners' }),
      suggestions,
    );
    panel.hidden = false;

    const [p, q, s] = await Promise.allSettled([api.business(id), api.questions(id), api.suggestions(id)]);
    if (current !== id) return;
    if (p.status === 'fulfilled') {
      const desc = p.value.business.description;
      replaceChildren(profile, desc ? el('p', { text: desc }) : null);
      const { capabilities, needs } = p.value;
      replaceChildren(
        capabilityPills,
        ...pills(
          capabilities.map((c) => ({ ...c, detail: `level ${c.level} of 5` })),
          'ok',
        ),
      );
      replaceChildren(
        needPills,
        ...pills(
          needs.map((n) => ({ ...n, detail: `priority ${n.priority} of 5` })),
          'need',
        ),
      );
      // The API's ranks are the reference (same analysis as the centrality report).
      const apiRanks: Partial<Record<string, { rank: number; of: number }>> = p.value.ranks ?? {};
      panel.querySelectorAll<HTMLElement>('.rank[data-metric]').forEach((node) => {
        const r = apiRanks[node.dataset.metric ?? ''];
        if (r) node.textContent = `${ordinal(r.rank)} of ${r.of.toLocaleString('en')}`;
      });
    } else {
      replaceChildren(profile);
    }
    if (q.status === 'fulfilled') {
      const list = readAnswers(q.value);
      replaceChildren(
        answers,
        el(
          'ul',
          { class: 'answers' },
          list.map((x) =>
            el('li', {}, [
              el('div', { class: 'q', text: x.question }),
              ...(x.lines.length
                ? x.lines.map((line) =>
                    el('div', { class: 'a' }, [
                      line.text,
                      ...line.businesses.flatMap((b, i) => [i > 0 ? ', ' : ' ', partnerButton(b.id, b.name)]),
                    ]),
                  )
                : [el('div', { class: 'a', text: x.empty })]),
            ]),
          ),
        ),
      );
    } else {
      replaceChildren(answers, explain(q.reason, 'The four answers'));
    }
    if (s.status === 'fulfilled') {
      const list = readSuggestions(s.value);
      replaceChildren(
        suggestions,
        list.length
          ? el(
              'div',
              { attrs: { role: 'list' } },
              list.map((x) => {
                const button: HTMLButtonElement = el(
                  'button',
                  {
                    class: 'suggestion',
                    attrs: { type: 'button', 'aria-pressed': 'false', role: 'listitem', 'data-id': x.id },
                  },
                  [
                    el('span', { class: 'score', text: formatMetric(x.score) }),
                    el('span', { class: 'name', text: x.name }),
                    x.reasons.length
                      ? el(
                          'ul',
                          {},
                          x.reasons.slice(0, 4).map((r) => el('li', { text: r })),
                        )
                      : null,
                  ],
                );
                button.addEventListener('click', () => highlightSuggestion(id, x, button));
                return button;
              }),
            )
          : message('No suggestions for this business.'),
      );
    } else {
      replaceChildren(suggestions, explain(s.reason, 'Suggestions'));
    }
  };

  store.subscribe((s, prev) => {
    if (s.selected === prev.selected) return;
    if (s.selected === null) {
      panel.hidden = true;
      current = null;
      return;
    }
    void render(s.selected);
  });
  if (store.get().selected) void render(store.get().selected as string);
}

/** Pills of capability or need names; a confidential one is marked (only analysts and admins get them). */
function pills(
  items: readonly (string | { name: string; detail?: string; confidential?: boolean | undefined })[],
  kind: 'ok' | 'need',
): HTMLElement[] {
  if (items.length === 0) return [message('None listed.')];
  return items.map((item) => {
    const { name, detail, confidential } = typeof item === 'string' ? { name: item } : item;
    const title = [detail, confidential ? 'confidential: shown to analysts and admins only' : undefined]
      .filter(Boolean)
      .join('; ');
    return el('span', {
      class: `pill ${kind}${confidential ? ' confidential' : ''}`,
      text: confidential ? `🔒 ${name}` : name,
      attrs: { ...(title && { title }), ...(confidential && { 'data-confidential': 'true' }) },
    });
  });
}
