/**
 * The capability-gap view: every capability with who holds it and who needs it, gaps first
 * (needs nobody on the park meets). From GET /api/capabilities when the server offers it,
 * else from the capabilities and needs loaded with the map. Clicking a capability filters
 * the map to its holders and seekers.
 */
import { api } from '../api-client.ts';
import { el, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';

interface GapRow {
  name: string;
  holders: number;
  seekers: number;
}

export function setupGapsView(
  container: HTMLElement,
  model: MapModel,
  onPick: (capability: string) => void,
): () => Promise<void> {
  let loaded = false;
  return async () => {
    if (loaded) return;
    loaded = true;
    replaceChildren(container, el('p', { class: 'message', text: 'Loading capabilities…' }));
    let rows: GapRow[] = model.capabilities;
    try {
      const body = await api.capabilities();
      const fromApi = body.capabilities.map(({ name, holders, seekers }) => ({ name, holders, seekers }));
      if (fromApi.length > 0) rows = fromApi;
    } catch {
      // Older server: the map's own capability lists are complete for public data.
      rows = model.capabilities;
    }
    const gaps = rows.filter((r) => r.seekers > 0 && r.holders === 0).sort((a, b) => b.seekers - a.seekers);
    const thin = rows
      .filter((r) => r.seekers > 0 && r.holders > 0 && r.holders < r.seekers)
      .sort((a, b) => b.seekers - b.holders - (a.seekers - a.holders));
    const table = (list: GapRow[], kind: 'gap' | 'need' | 'ok') =>
      list.length === 0
        ? el('p', { class: 'message', text: 'None.' })
        : el('table', { class: 'data' }, [
            el('thead', {}, [
              el('tr', {}, [
                el('th', { text: 'Capability', attrs: { scope: 'col' } }),
                el('th', { text: 'Businesses that need it', attrs: { scope: 'col' } }),
                el('th', { text: 'Businesses that hold it', attrs: { scope: 'col' } }),
                el('th', { text: 'Status', attrs: { scope: 'col' } }),
              ]),
            ]),
            el(
              'tbody',
              {},
              list.map((r) =>
                el('tr', {}, [
                  el('td', {}, [
                    el('button', {
                      class: 'link-button',
                      text: r.name,
                      attrs: { type: 'button', title: 'Show on the map' },
                      on: { click: () => onPick(r.name) },
                    }),
                  ]),
                  el('td', { text: String(r.seekers) }),
                  el('td', { text: String(r.holders) }),
                  el('td', {}, [
                    el('span', {
                      class: `pill ${kind}`,
                      text:
                        kind === 'gap'
                          ? 'gap: nobody in this network'
                          : kind === 'need'
                            ? 'thin supply'
                            : 'covered',
                    }),
                  ]),
                ]),
              ),
            ),
          ]);
    const noNeeds = rows.every((r) => r.seekers === 0);
    replaceChildren(
      container,
      el('h2', { text: 'Capability gaps' }),
      el('p', {
        class: noNeeds ? 'message' : 'hint',
        attrs: noNeeds ? { id: 'gaps-why-empty' } : {},
        text: noNeeds
          ? 'This data records no needs (CORDIS, for one, lists only what organisations work on), so no gap can be shown. Add needs.csv to the bundle to see them.'
          : `${gaps.length} need${gaps.length === 1 ? '' : 's'} nobody in this network meets: candidates for recruitment or outside partners.`,
      }),
      table(gaps, 'gap'),
      el('h2', { text: 'Thin supply', class: 'spaced' }),
      el('p', { class: 'hint', text: 'More businesses need these than hold them.' }),
      table(thin, 'need'),
    );
  };
}
