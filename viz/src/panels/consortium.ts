/**
 * The consortium builder: pick the capabilities a project needs (and optionally an anchor
 * firm), ask POST /api/consortia, list the proposed teams with coverage and cohesion and
 * highlight the chosen team and the collaborations inside it on the map.
 */
import { api, ApiError } from '../api-client.ts';
import { byId, el, formatMetric, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';
import type { Store } from '../state.ts';
import { readTeams, type TeamItem } from './normalize.ts';

function percent(v: number | undefined): string {
  if (v === undefined) return '–';
  return v <= 1 ? `${Math.round(v * 100)}%` : formatMetric(v);
}

export function setupConsortium(model: MapModel, store: Store): void {
  const list = byId('consortium-capabilities');
  const filter = byId<HTMLInputElement>('consortium-filter');
  const anchor = byId<HTMLSelectElement>('consortium-anchor');
  const size = byId<HTMLInputElement>('consortium-size');
  const build = byId<HTMLButtonElement>('consortium-build');
  const results = byId('consortium-results');
  const chosen = new Set<string>();

  const held = model.capabilities.filter((c) => c.holders > 0);
  replaceChildren(
    list,
    ...(held.length
      ? held.map((c) =>
          el('label', { attrs: { 'data-name': c.name.toLowerCase() } }, [
            el('input', {
              attrs: { type: 'checkbox', value: c.name },
              on: {
                change: (e) => {
                  const box = e.target as HTMLInputElement;
                  if (box.checked) chosen.add(c.name);
                  else chosen.delete(c.name);
                  build.disabled = chosen.size === 0;
                },
              },
            }),
            el('span', { text: c.name }),
            el('span', { class: 'count', text: String(c.holders) }),
          ]),
        )
      : [el('p', { class: 'message', text: 'No capabilities recorded in this network.' })]),
  );
  build.disabled = true;
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    list.querySelectorAll<HTMLElement>('label').forEach((l) => {
      l.hidden = q !== '' && !(l.dataset.name ?? '').includes(q);
    });
  });
  const byName = [...model.payload.nodes].sort((a, b) => a.label.localeCompare(b.label));
  for (const n of byName.slice(0, 5_000))
    anchor.append(el('option', { text: n.label, attrs: { value: n.id } }));

  const highlightTeam = (team: TeamItem, index: number) => {
    const { graph } = model;
    const nodes = new Set(team.members.filter((m) => graph.hasNode(m)));
    const edges = new Set<string>();
    for (const a of nodes) {
      graph.forEachEdge(a, (e, _x, s, t) => {
        if (nodes.has(s) && nodes.has(t)) edges.add(e);
      });
    }
    store.set({
      highlight: {
        nodes,
        edges,
        label: `Team ${index + 1}: ${nodes.size} businesses, coverage ${percent(team.coverage)}`,
      },
      selected: null,
    });
  };

  build.addEventListener('click', async () => {
    const body: { capabilities: string[]; anchor?: string; maxSize?: number; alternatives: number } = {
      capabilities: [...chosen],
      alternatives: 3,
    };
    if (anchor.value) body.anchor = anchor.value;
    const max = Number(size.value);
    if (Number.isInteger(max) && max >= 2) body.maxSize = max;
    build.disabled = true;
    replaceChildren(results, el('p', { class: 'message', text: 'Building teams…' }));
    try {
      const teams = readTeams(await api.consortia(body));
      if (teams.length === 0) {
        replaceChildren(results, el('p', { class: 'message', text: 'No team covers these capabilities.' }));
        return;
      }
      const cards = teams.map((t, i) => {
        const card = el(
          'div',
          {
            class: 'team',
            attrs: { role: 'button', tabindex: '0', 'aria-pressed': 'false', 'data-team': String(i) },
          },
          [
            el('strong', { text: `Team ${i + 1}` }),
            el('div', {
              class: 'scores',
              text: `Coverage ${percent(t.coverage)} · cohesion ${percent(t.cohesion)}${t.score !== undefined ? ` · score ${formatMetric(t.score)}` : ''}`,
            }),
            el(
              'ol',
              {},
              t.members.map((m) =>
                el('li', {
                  text: t.names[m] ?? (model.graph.hasNode(m) ? model.graph.getNodeAttribute(m, 'label') : m),
                }),
              ),
            ),
            t.missing.length
              ? el('div', { class: 'message error', text: `Missing: ${t.missing.join(', ')}` })
              : null,
          ],
        );
        const choose = () => {
          results.querySelectorAll('.team').forEach((c) => c.setAttribute('aria-pressed', 'false'));
          card.setAttribute('aria-pressed', 'true');
          highlightTeam(t, i);
        };
        card.addEventListener('click', choose);
        card.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            choose();
          }
        });
        return card;
      });
      replaceChildren(results, ...cards);
      cards[0]?.click();
      cards[0]?.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      const text =
        error instanceof ApiError && error.missingEndpoint
          ? 'The consortium builder is not available from this server yet.'
          : `Could not build teams: ${error instanceof Error ? error.message : 'unknown error'}`;
      replaceChildren(results, el('p', { class: 'message error', text }));
    } finally {
      build.disabled = chosen.size === 0;
    }
  });
}
