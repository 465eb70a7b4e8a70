/**
 * The consortium builder: pick the capabilities a project needs (and optionally an anchor
 * firm), ask POST /api/consortia, and show each proposed team as a card: the project's
 * capabilities checked off with who brings each one (gaps marked), each member with what it
 * brings and whom in the team it has already worked with, and what the cohesion figure means.
 * The chosen team and the ties among its members are highlighted on the map; a team can be
 * shared (its link restores the request and the team) and exported as CSV (team-csv.ts).
 */
import type { Consortium } from '../../../api/contract.ts';
import { api, ApiError, type Team } from '../api-client.ts';
import { byId, downloadCsv, el, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';
import type { ConsortiumSetup, Store } from '../state.ts';
import { encodeState } from '../url-state.ts';
import { teamToCsv } from './team-csv.ts';

/** Phones: the builder is a bottom sheet; picking a team there is a tap on "Show on map". */
const NARROW = '(max-width: 820px)';

const pct = (v: number) => `${Math.round(v * 100)}%`;

export interface ConsortiumPanel {
  /** Build the teams of a shared link again and choose the one with these members. */
  restore(setup: ConsortiumSetup, team: string[] | null): Promise<void>;
}

export function setupConsortium(model: MapModel, store: Store, focus: (id: string) => void): ConsortiumPanel {
  const list = byId('consortium-capabilities');
  const filter = byId<HTMLInputElement>('consortium-filter');
  const anchor = byId<HTMLSelectElement>('consortium-anchor');
  const size = byId<HTMLInputElement>('consortium-size');
  const build = byId<HTMLButtonElement>('consortium-build');
  const results = byId('consortium-results');
  const chosen = new Set<string>();
  const label = (id: string) => (model.graph.hasNode(id) ? model.graph.getNodeAttribute(id, 'label') : id);

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

  /** Highlight the team and the collaborations among its members on the map. */
  const highlightTeam = (team: Team, index: number) => {
    const { graph } = model;
    const ids = team.members.map((m) => m.id);
    const nodes = new Set(ids.filter((m) => graph.hasNode(m)));
    const edges = new Set<string>();
    for (const [a, b] of team.existingTies) {
      if (!graph.hasNode(a) || !graph.hasNode(b)) continue;
      for (const e of graph.edges(a, b)) edges.add(e);
      for (const e of graph.edges(b, a)) edges.add(e);
    }
    const ties = team.existingTies.length;
    store.set({
      highlight: {
        nodes,
        edges,
        label: `Team ${index + 1}: ${nodes.size} businesses, covers ${team.covered.length} of ${team.covered.length + team.uncovered.length}, ${ties} tie${ties === 1 ? '' : 's'} among members`,
        link: { kind: 'team', ids },
      },
      selected: null,
    });
  };

  const shareLink = () => {
    const hash = encodeState(store.get());
    return `${location.origin}${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
  };

  /** Required capabilities checked off: who brings each, or a gap (and why). */
  const checklist = (team: Team, required: string[], gaps: string[]) =>
    el(
      'ul',
      { class: 'team-needs', attrs: { 'aria-label': 'Required capabilities' } },
      required.map((c) => {
        const by = team.members.filter((m) => m.brings.some((b) => b.capability === c));
        const covered = by.length > 0;
        return el('li', { class: covered ? 'covered' : 'gap', attrs: { 'data-capability': c } }, [
          el('span', { class: 'mark', text: covered ? '✓' : '✗', attrs: { 'aria-hidden': 'true' } }),
          el('span', { class: 'need', text: c }),
          el('span', {
            class: 'meta',
            text: covered
              ? `by ${by.map((m) => `${m.name} (level ${m.brings.find((b) => b.capability === c)?.level ?? '?'})`).join(', ')}`
              : gaps.includes(c)
                ? 'gap: nobody in this network holds it'
                : 'gap: nobody in this team holds it',
          }),
        ]);
      }),
    );

  const memberCard = (team: Team, m: Team['members'][number]) => {
    const partners = team.existingTies
      .filter(([a, b]) => a === m.id || b === m.id)
      .map(([a, b]) => (a === m.id ? b : a));
    const nameOf = (id: string) => team.members.find((x) => x.id === id)?.name ?? label(id);
    return el('li', { class: 'member', attrs: { 'data-member': m.id } }, [
      el('button', {
        class: 'partner-link',
        text: m.name,
        attrs: { type: 'button' },
        on: { click: () => focus(m.id) },
      }),
      m.sector ? el('span', { class: 'meta', text: ` · ${m.sector}` }) : null,
      el(
        'div',
        { class: 'brings' },
        m.brings.length
          ? [
              'Brings ',
              ...m.brings.map((b) =>
                el('span', { class: 'chip', text: `${b.capability} (level ${b.level})` }),
              ),
            ]
          : ['Brings none of the required capabilities (ties the team together)'],
      ),
      el('div', {
        class: 'ties',
        text: partners.length
          ? `Has worked with ${partners.map(nameOf).join(', ')}`
          : 'Has not worked with the others yet',
      }),
    ]);
  };

  const teamCard = (team: Team, i: number, answer: Consortium, choose: () => void) => {
    const required = answer.capabilities;
    const n = team.members.length;
    const pairs = (n * (n - 1)) / 2;
    const csv = () => downloadCsv(teamToCsv(team, i + 1, required), `partner-atlas-team-${i + 1}.csv`);
    const share = async (button: HTMLButtonElement) => {
      choose();
      const url = shareLink();
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = 'Link copied';
      } catch {
        // Clipboard refused (http, permissions): the address bar holds the link.
        button.textContent = 'Link in address bar';
        history.replaceState(null, '', url);
      }
      setTimeout(() => (button.textContent = 'Share'), 2_000);
    };
    const shareButton: HTMLButtonElement = el('button', {
      text: 'Share',
      attrs: { type: 'button', 'data-action': 'share' },
      on: { click: () => void share(shareButton) },
    });
    return el(
      'article',
      { class: 'team', attrs: { 'data-team': String(i), 'aria-label': `Team ${i + 1}` } },
      [
        el('header', {}, [
          el('strong', { text: `Team ${i + 1}` }),
          el('span', {
            class: 'scores',
            text: `covers ${team.covered.length} of ${required.length} · cohesion ${pct(team.components.cohesion)}`,
          }),
        ]),
        el('p', {
          class: 'hint cohesion-note',
          text:
            n > 1
              ? `Cohesion: each pair of members counts 1 if they have worked together, ½ if they share a partner, 0 otherwise, averaged over the ${pairs} pair${pairs === 1 ? '' : 's'}; ${team.existingTies.length} of ${pairs} have worked together.`
              : 'Cohesion: a one-member team counts as fully cohesive (there are no pairs).',
        }),
        checklist(team, required, answer.gaps),
        el(
          'ol',
          { class: 'members' },
          team.members.map((m) => memberCard(team, m)),
        ),
        el('div', { class: 'team-actions' }, [
          el('button', {
            class: 'primary',
            text: 'Show on map',
            attrs: { type: 'button', 'data-action': 'show' },
            on: { click: choose },
          }),
          shareButton,
          el('button', { text: 'CSV', attrs: { type: 'button', 'data-action': 'csv' }, on: { click: csv } }),
        ]),
      ],
    );
  };

  const show = (answer: Consortium, pick: string[] | null, restoring: boolean) => {
    if (answer.teams.length === 0) {
      replaceChildren(
        results,
        el('p', {
          class: 'message',
          text: answer.gaps.length
            ? `No team covers these capabilities: nobody in this network holds ${answer.gaps.join(', ')}.`
            : 'No team covers these capabilities.',
        }),
      );
      return;
    }
    const cards = answer.teams.map((t, i) => {
      const choose = () => {
        results.querySelectorAll('.team').forEach((c) => c.classList.remove('chosen'));
        card.classList.add('chosen');
        highlightTeam(t, i);
      };
      const card = teamCard(t, i, answer, choose);
      return { card, choose, team: t };
    });
    replaceChildren(
      results,
      answer.gaps.length
        ? el('p', {
            class: 'message error',
            text: `Nobody in this network holds ${answer.gaps.join(', ')}: no team can cover it.`,
          })
        : null,
      ...cards.map((c) => c.card),
    );
    const key = (ids: string[]) => [...ids].sort().join('\u0000');
    const wanted = pick ? cards.find((c) => key(c.team.members.map((m) => m.id)) === key(pick)) : undefined;
    if (pick && !wanted)
      results.prepend(
        el('p', {
          class: 'message error',
          text: 'The shared team is no longer among the proposals (the data has changed); here are today’s.',
        }),
      );
    // On a phone the sheet stays open to read the cards; "Show on map" closes it.
    // A link without a team restores the cards only.
    const auto = wanted ?? (restoring || window.matchMedia(NARROW).matches ? undefined : cards[0]);
    auto?.choose();
    (auto?.card ?? cards[0]?.card)?.scrollIntoView({ block: 'nearest' });
  };

  const run = async (setup: ConsortiumSetup, pick: string[] | null, restoring = false) => {
    const body: { capabilities: string[]; anchor?: string; maxSize?: number; alternatives: number } = {
      capabilities: setup.capabilities,
      alternatives: 3,
    };
    if (setup.anchor) body.anchor = setup.anchor;
    if (setup.maxSize !== null) body.maxSize = setup.maxSize;
    build.disabled = true;
    replaceChildren(results, el('p', { class: 'message', text: 'Building teams…' }));
    store.set({ consortium: setup });
    try {
      show(await api.consortia(body), pick, restoring);
    } catch (error) {
      const text =
        error instanceof ApiError && error.missingEndpoint
          ? 'The consortium builder is not available from this server yet.'
          : `Could not build teams: ${error instanceof Error ? error.message : 'unknown error'}`;
      replaceChildren(results, el('p', { class: 'message error', text }));
    } finally {
      build.disabled = chosen.size === 0;
    }
  };

  build.addEventListener('click', () => {
    const max = Number(size.value);
    void run(
      {
        capabilities: [...chosen],
        anchor: anchor.value || null,
        // The input's bounds are the API's (2–10): a typed-in 15 asks for the largest team allowed.
        maxSize: Number.isInteger(max) && max >= 2 ? Math.min(max, Number(size.max) || 10) : null,
      },
      null,
    );
  });

  return {
    async restore(setup, team) {
      chosen.clear();
      list.querySelectorAll<HTMLInputElement>('input[type="checkbox"]').forEach((box) => {
        box.checked = setup.capabilities.includes(box.value);
        if (box.checked) chosen.add(box.value);
      });
      // A capability of the link this network does not list is still asked for (the answer names it a gap).
      for (const c of setup.capabilities) chosen.add(c);
      anchor.value = setup.anchor && model.graph.hasNode(setup.anchor) ? setup.anchor : '';
      if (setup.maxSize !== null) size.value = String(setup.maxSize);
      await run({ ...setup, anchor: anchor.value || null }, team, true);
    },
  };
}
