/**
 * Search with autocomplete (WAI-ARIA combobox): type a name, pick with arrows and Enter or
 * the mouse; the camera flies to the business and selects it. `/` focuses the box from
 * anywhere. Matches on the names already loaded with the map: prefix first, then words,
 * then anywhere; accents and case ignored. An emptied box (typed away, Escape, the browser's
 * clear button) or a closed selection leaves no stale name nor results behind.
 */
import { el, replaceChildren } from '../dom.ts';
import type { MapModel } from '../map/model.ts';

export interface SearchOptions {
  input: HTMLInputElement;
  list: HTMLUListElement;
  model: MapModel;
  onPick: (id: string) => void;
  limit?: number;
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Rank businesses whose name matches `query`: prefix, word prefix, substring. */
export function searchNames(
  model: MapModel,
  query: string,
  limit = 10,
): { id: string; label: string; sector?: string }[] {
  const q = fold(query.trim());
  if (q === '') return [];
  const scored: { id: string; label: string; sector?: string; score: number }[] = [];
  for (const n of model.payload.nodes) {
    const name = fold(n.label);
    let score = -1;
    if (name.startsWith(q)) score = 0;
    else if (name.includes(` ${q}`)) score = 1;
    else if (name.includes(q)) score = 2;
    else if (fold(n.id) === q) score = 0;
    if (score >= 0)
      scored.push({ id: n.id, label: n.label, ...(n.sector ? { sector: n.sector } : {}), score });
  }
  scored.sort((a, b) => a.score - b.score || a.label.localeCompare(b.label));
  return scored.slice(0, limit);
}

export interface Search {
  /** The map's selection changed to `id` (null: none): a box still naming the business picked before is emptied. */
  selectionChanged(id: string | null): void;
}

export function setupSearch({ input, list, model, onPick, limit = 10 }: SearchOptions): Search {
  let results: ReturnType<typeof searchNames> = [];
  let active = -1;
  /** The business last picked here, while the box shows its name. */
  let picked: { id: string; label: string } | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const render = () => {
    replaceChildren(
      list,
      ...results.map((r, i) =>
        el(
          'li',
          {
            attrs: { id: `search-option-${i}`, role: 'option', 'aria-selected': String(i === active) },
            on: {
              mousedown: (e) => {
                e.preventDefault();
                pick(i);
              },
            },
          },
          [el('span', { text: r.label }), el('span', { class: 'meta', text: r.sector ?? '' })],
        ),
      ),
    );
    if (results.length === 0 && input.value.trim() !== '') {
      list.append(
        el('li', {
          class: 'meta',
          text: 'No business matches',
          attrs: { role: 'option', 'aria-disabled': 'true' },
        }),
      );
    }
    list.hidden = input.value.trim() === '';
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const pick = (i: number) => {
    const r = results[i];
    if (!r) return;
    input.value = r.label;
    picked = { id: r.id, label: r.label };
    close();
    onPick(r.id);
  };
  /** An empty box: no results kept for Enter or the arrows to bring back. */
  const clear = () => {
    if (input.value.trim() !== '') input.value = '';
    results = [];
    picked = null;
    replaceChildren(list);
    close();
  };

  input.addEventListener('input', () => {
    if (input.value.trim() === '') {
      clear();
      return;
    }
    if (picked && input.value !== picked.label) picked = null;
    results = searchNames(model, input.value, limit);
    active = results.length > 0 ? 0 : -1;
    render();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (results.length === 0) return;
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + results.length) % results.length;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      // Escape closes the list first (keeping the text: no browser clearing of the search box),
      // then clears the box, and only then reaches the page (which closes the open business).
      if (!list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      }
      if (input.value !== '') {
        e.stopPropagation();
        clear();
      }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 120));
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    const typing =
      target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
    if (e.key === '/' && !typing) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  return {
    selectionChanged(id) {
      if (!picked || picked.id === id) return;
      // Only the name picked here goes; text the person is typing stays.
      if (input.value === picked.label) clear();
      else picked = null;
    },
  };
}
