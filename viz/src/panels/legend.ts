/**
 * The colour legend: one row per community or sector with its count; clicking a row
 * filters the map to it (and again to clear).
 */
import { el, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';
import type { Store } from '../state.ts';

export function renderLegend(container: HTMLElement, model: MapModel, store: Store): void {
  const s = store.get();
  const categories = model.legends[s.colorBy];
  if (categories.length === 0) {
    replaceChildren(
      container,
      el('p', {
        class: 'hint',
        text: s.colorBy === 'sector' ? 'No sectors in this network.' : 'No communities.',
      }),
    );
    return;
  }
  const current = s.colorBy === 'sector' ? s.filters.sector : s.filters.community;
  replaceChildren(
    container,
    ...categories.map((c) => {
      const isCurrent = c.value !== null && c.value === current;
      return el('div', { class: 'legend-item' }, [
        el(
          'button',
          {
            attrs: {
              type: 'button',
              'aria-pressed': String(isCurrent),
              title: c.value === null ? '' : isCurrent ? 'Show all' : `Show only ${c.label}`,
            },
            on: {
              click: () => {
                if (c.value === null) return;
                if (s.colorBy === 'sector') store.setFilters({ sector: isCurrent ? null : String(c.value) });
                else store.setFilters({ community: isCurrent ? null : Number(c.value) });
              },
            },
          },
          [
            el('span', { class: 'swatch', attrs: { 'data-color': c.color } }),
            el('span', { text: c.label, ...(isCurrent ? { class: 'current' } : {}) }),
            el('span', { class: 'count', text: c.count.toLocaleString('en') }),
          ],
        ),
      ]);
    }),
  );
  // Colours set through the CSSOM (allowed by the CSP), not inline style attributes.
  container.querySelectorAll<HTMLElement>('.swatch').forEach((sw) => {
    sw.style.background = sw.dataset.color ?? '';
  });
}
