/**
 * The what-if mode and the key-players list. What-if: pick firms that might leave, ask
 * POST /api/what-if, and show who would be cut off from the rest and how much reach is lost,
 * in the sidebar and on the map (leaving firms dark, cut-off businesses red, lost ties pink).
 * Key players: GET /api/network/key-players, the firms whose departure cuts off the most;
 * a click shows one on the map, "what if" puts it in the what-if list.
 */
import { accessMessage, api, ApiError, type WhatIf } from '../api-client.ts';
import { byId, el, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';
import type { Store } from '../state.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * What losing key player `p` costs, as its row says it: how many it cuts off, else the share of
 * pairs that could reach each other and no longer can; a loss that rounds to 0.0% (a robust
 * network, where the list is led by the biggest brokers) is "cuts off nobody", not "reach −0.0%".
 */
export function describeImpact(
  p: { cutOff: number; reachabilityAfter: number },
  reachBefore: number,
): string {
  if (p.cutOff > 0) return `cuts off ${p.cutOff}`;
  const lost = Math.max(0, reachBefore - p.reachabilityAfter);
  return lost < 0.0005 ? 'cuts off nobody' : `reach −${pct(lost)}`;
}

function problem(error: unknown, what: string): HTMLElement {
  const text =
    error instanceof ApiError
      ? (accessMessage(error) ??
        (error.missingEndpoint
          ? `${what} is not available from this server yet.`
          : `${what}: ${error.message}`))
      : `${what} failed.`;
  return el('p', { class: 'message error', text });
}

/** Rows "before → after" of the what-if KPIs; a loss is marked. */
function kpiTable(answer: WhatIf): HTMLElement {
  const rows: [string, string, string, boolean][] = [
    [
      'Pairs that can reach each other',
      pct(answer.before.reachability),
      pct(answer.after.reachability),
      answer.after.reachability < answer.before.reachability - 1e-9,
    ],
    [
      'Share in the largest connected group',
      pct(answer.before.largestComponentShare),
      pct(answer.after.largestComponentShare),
      answer.after.largestComponentShare < answer.before.largestComponentShare - 1e-9,
    ],
    [
      'Separate groups',
      String(answer.before.components),
      String(answer.after.components),
      answer.after.components > answer.before.components,
    ],
    [
      'Collaborations',
      answer.before.collaborations.toLocaleString('en'),
      answer.after.collaborations.toLocaleString('en'),
      answer.after.collaborations < answer.before.collaborations,
    ],
  ];
  return el('div', { class: 'kpi-row', attrs: { role: 'table', 'aria-label': 'Before and after' } }, [
    el('span', { class: 'meta', text: '' }),
    el('strong', { text: 'now' }),
    el('strong', { text: 'after' }),
    ...rows.flatMap(([label, before, after, worse]) => [
      el('span', { text: label }),
      el('span', { text: before }),
      el('span', { text: after, ...(worse ? { class: 'worse' } : {}) }),
    ]),
  ]);
}

export interface WhatIfPanel {
  /** Add `id` to the firms that leave and show the result. */
  add(id: string): void;
  /** Run for exactly these firms (a shared link). */
  restore(ids: string[]): Promise<void>;
}

export function setupWhatIf(model: MapModel, store: Store, focus: (id: string) => void): WhatIfPanel {
  const pickSelect = byId<HTMLSelectElement>('what-if-pick');
  const chosenList = byId('what-if-chosen');
  const run = byId<HTMLButtonElement>('what-if-run');
  const results = byId('what-if-results');
  const chosen: string[] = [];
  const name = (id: string) => (model.graph.hasNode(id) ? model.graph.getNodeAttribute(id, 'label') : id);

  // Biggest hubs first: those are the ones a manager worries about.
  const byDegree = [...model.payload.nodes].sort(
    (a, b) => model.graph.degree(b.id) - model.graph.degree(a.id) || a.label.localeCompare(b.label),
  );
  for (const n of byDegree.slice(0, 2_000))
    pickSelect.append(
      el('option', { text: `${n.label} (${model.graph.degree(n.id)} partners)`, attrs: { value: n.id } }),
    );

  const drawChosen = () => {
    replaceChildren(
      chosenList,
      ...chosen.map((id) =>
        el('li', {}, [
          el('span', { text: name(id) }),
          el('button', {
            text: '✕',
            attrs: { type: 'button', 'aria-label': `Keep ${name(id)}` },
            on: {
              click: () => {
                chosen.splice(chosen.indexOf(id), 1);
                drawChosen();
                if (chosen.length === 0) clear();
                else void compute();
              },
            },
          }),
        ]),
      ),
    );
    run.disabled = chosen.length === 0;
  };
  const clear = () => {
    replaceChildren(results);
    if (store.get().whatIf) store.set({ whatIf: null });
  };

  const compute = async () => {
    if (chosen.length === 0) return;
    const ids = [...chosen];
    run.disabled = true;
    replaceChildren(results, el('p', { class: 'message', text: 'Working out what changes…' }));
    try {
      const answer = await api.whatIf(ids);
      if (ids.join() !== chosen.join()) return;
      const cutOff = answer.cutOff.filter((b) => model.graph.hasNode(b.id));
      const lostReach = answer.before.reachability - answer.after.reachability;
      replaceChildren(
        results,
        el('p', {
          class: 'message',
          text:
            cutOff.length === 0
              ? `Nobody would be cut off; reach drops by ${pct(Math.max(0, lostReach))} of all pairs.`
              : `${cutOff.length} business${cutOff.length === 1 ? '' : 'es'} would be cut off from the main network; reach drops by ${pct(Math.max(0, lostReach))} of all pairs.`,
        }),
        kpiTable(answer),
        cutOff.length
          ? el('ul', { class: 'list', attrs: { id: 'what-if-cut-off' } }, [
              ...cutOff.slice(0, 30).map((b) =>
                el('li', {}, [
                  el('button', {
                    class: 'partner-link',
                    text: b.name,
                    attrs: { type: 'button' },
                    on: { click: () => focus(b.id) },
                  }),
                ]),
              ),
              cutOff.length > 30
                ? el('li', { class: 'meta', text: `… and ${cutOff.length - 30} more` })
                : null,
            ])
          : null,
        answer.lostCapabilities.length
          ? el('p', {
              class: 'hint',
              text: `${answer.lostCapabilities.length} capability link${answer.lostCapabilities.length === 1 ? '' : 's'} lost: a business no longer reaches anyone holding it (${[
                ...new Set(answer.lostCapabilities.map((c) => c.capability)),
              ]
                .slice(0, 5)
                .join(', ')}${answer.lostCapabilities.length > 5 ? '…' : ''}).`,
            })
          : null,
        el('button', {
          class: 'link-button',
          text: 'Leave what-if mode',
          attrs: { type: 'button', id: 'what-if-clear' },
          on: {
            click: () => {
              chosen.length = 0;
              drawChosen();
              clear();
            },
          },
        }),
      );
      store.set({
        whatIf: { removed: new Set(ids), cutOff: new Set(cutOff.map((b) => b.id)) },
        highlight: null,
        selected: null,
        view: 'map',
      });
    } catch (error) {
      replaceChildren(results, problem(error, 'What-if'));
    } finally {
      run.disabled = chosen.length === 0;
    }
  };

  const add = (id: string) => {
    if (!model.graph.hasNode(id) || chosen.includes(id)) return;
    chosen.push(id);
    drawChosen();
  };
  pickSelect.addEventListener('change', () => {
    if (pickSelect.value) add(pickSelect.value);
    pickSelect.value = '';
  });
  run.addEventListener('click', () => void compute());
  store.subscribe((s, prev) => {
    // Leaving the mode from elsewhere (Escape, a click on the map background).
    if (prev.whatIf && !s.whatIf && chosen.length > 0 && results.childElementCount > 0)
      replaceChildren(results);
  });
  drawChosen();

  return {
    add(id) {
      add(id);
      void compute();
    },
    async restore(ids) {
      chosen.length = 0;
      ids.forEach(add);
      await compute();
    },
  };
}

/** The key-players card: the firms whose departure would cut most others off. */
export async function loadKeyPlayers(
  container: HTMLElement,
  model: MapModel,
  focus: (id: string) => void,
  whatIf: WhatIfPanel,
): Promise<void> {
  replaceChildren(container, el('p', { class: 'message', text: 'Finding key players…' }));
  try {
    const answer = await api.keyPlayers(10);
    const players = answer.keyPlayers.filter((p) => model.graph.hasNode(p.id));
    if (players.length === 0) {
      replaceChildren(
        container,
        el('p', { class: 'message', text: 'No firm holds the network together on its own.' }),
      );
      return;
    }
    // No departure costs anything: say so once, and what the list ranks instead.
    const harmless = players.every(
      (p) => describeImpact(p, answer.before.reachability) === 'cuts off nobody',
    );
    replaceChildren(
      container,
      harmless
        ? el('p', {
            class: 'message',
            text: 'No single firm’s departure would cut anyone off. These firms broker the most ties between the others.',
          })
        : null,
      ...players.map((p) =>
        el('div', { class: 'player-row' }, [
          el(
            'button',
            {
              class: 'player',
              attrs: { type: 'button', title: 'Show on the map', 'data-id': p.id },
              on: { click: () => focus(p.id) },
            },
            [
              el('span', { class: 'meta', text: String(p.rank) }),
              el('span', { text: p.name }),
              el('span', {
                class: 'meta',
                text: describeImpact(p, answer.before.reachability),
              }),
            ],
          ),
          el('button', {
            class: 'link-button',
            text: 'what if it leaves?',
            attrs: { type: 'button', 'data-what-if': p.id },
            on: { click: () => whatIf.add(p.id) },
          }),
        ]),
      ),
    );
  } catch (error) {
    replaceChildren(container, problem(error, 'Key players'));
  }
}
