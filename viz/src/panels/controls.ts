/**
 * The sidebar controls: colour by community or sector, size by a metric, and the filters
 * (sector, capability, community, minimum partners, year range). Each control writes the
 * display state; `syncControls` writes the state back into the controls (after a shared
 * link is opened or a legend row clicked).
 */
import { byId, el, metricLabel } from '../dom.ts';
import { communityLabel, type MapModel } from '../map/model.ts';
import { NO_FILTERS, type ColorBy, type Store } from '../state.ts';

function fillSelect(select: HTMLSelectElement, options: { value: string; label: string }[]): void {
  const first = select.options[0];
  select.replaceChildren(...(first && first.value === '' ? [first] : []));
  for (const o of options) select.append(el('option', { text: o.label, attrs: { value: o.value } }));
}

export function setupControls(model: MapModel, store: Store): { sync: () => void; maxYear: number } {
  const { payload } = model;
  const sizeBy = byId<HTMLSelectElement>('size-by');
  fillSelect(
    sizeBy,
    payload.metrics.map((m) => ({ value: m, label: metricLabel(m) })),
  );
  const sector = byId<HTMLSelectElement>('filter-sector');
  // Every sector, not only the coloured ones.
  const allSectors = [...new Set(payload.nodes.map((n) => n.sector).filter((s): s is string => !!s))].sort();
  fillSelect(
    sector,
    allSectors.map((s) => ({ value: s, label: s })),
  );
  const capability = byId<HTMLSelectElement>('filter-capability');
  fillSelect(
    capability,
    model.capabilities.map((c) => ({
      value: c.name,
      label: `${c.name} (${c.holders} hold, ${c.seekers} need)`,
    })),
  );
  const community = byId<HTMLSelectElement>('filter-community');
  const communityCounts = new Map<number, number>();
  for (const n of payload.nodes) {
    if (n.community !== undefined)
      communityCounts.set(n.community, (communityCounts.get(n.community) ?? 0) + 1);
  }
  fillSelect(
    community,
    [...communityCounts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([c, count]) => ({ value: String(c), label: `${communityLabel(c, payload.nodes)} (${count})` })),
  );
  const degree = byId<HTMLInputElement>('filter-degree');
  degree.max = String(Math.max(1, Math.min(model.maxDegree, 50)));
  const degreeValue = byId<HTMLOutputElement>('filter-degree-value');
  const yearFrom = byId<HTMLInputElement>('year-from');
  const yearTo = byId<HTMLInputElement>('year-to');
  const yearValue = byId<HTMLOutputElement>('year-value');
  // Years run to today at most: ties planned to run later count as ongoing, and "all years"
  // is the whole history either way.
  const thisYear = new Date().getFullYear();
  const years = payload.years
    ? { min: payload.years.min, max: Math.max(payload.years.min, Math.min(payload.years.max, thisYear)) }
    : undefined;
  if (!years) {
    byId('year-field').hidden = true;
  } else {
    for (const input of [yearFrom, yearTo]) {
      input.min = String(years.min);
      input.max = String(years.max);
      input.step = '1';
    }
  }

  document.querySelectorAll<HTMLInputElement>('input[name="colorBy"]').forEach((radio) => {
    radio.addEventListener('change', () => {
      if (radio.checked) store.set({ colorBy: radio.value as ColorBy });
    });
  });
  sizeBy.addEventListener('change', () => store.set({ sizeBy: sizeBy.value }));
  sector.addEventListener('change', () => store.setFilters({ sector: sector.value || null }));
  capability.addEventListener('change', () => store.setFilters({ capability: capability.value || null }));
  community.addEventListener('change', () =>
    store.setFilters({ community: community.value === '' ? null : Number(community.value) }),
  );
  degree.addEventListener('input', () => store.setFilters({ minDegree: Number(degree.value) }));
  const onYears = (changed: 'from' | 'to') => {
    if (!years) return;
    let from = Number(yearFrom.value);
    let to = Number(yearTo.value);
    if (from > to) {
      if (changed === 'from') to = from;
      else from = to;
    }
    store.setFilters({ years: from === years.min && to === years.max ? null : [from, to] });
  };
  yearFrom.addEventListener('input', () => onYears('from'));
  yearTo.addEventListener('input', () => onYears('to'));
  // Play: one year at a time, the ties active that year, new ones green, dormant ones faded;
  // it ends on all years again.
  const play = byId<HTMLButtonElement>('year-play');
  let timer: number | undefined;
  const stop = () => {
    window.clearInterval(timer);
    timer = undefined;
    play.textContent = '▶ Play year by year';
    play.setAttribute('aria-pressed', 'false');
  };
  byId('reset-filters').addEventListener('click', () => {
    stop();
    store.set({ filters: NO_FILTERS, egoDepth: 0 });
  });
  // Moving the range by hand stops Play too.
  yearFrom.addEventListener('pointerdown', stop);
  yearTo.addEventListener('pointerdown', stop);
  play.addEventListener('click', () => {
    if (!years) return;
    if (timer !== undefined) {
      stop();
      return;
    }
    let year = years.min;
    play.textContent = '■ Stop';
    play.setAttribute('aria-pressed', 'true');
    const step = () => {
      if (year > years.max) {
        stop();
        store.setFilters({ years: null });
        return;
      }
      store.setFilters({ years: [year, year] });
      year += 1;
    };
    step();
    timer = window.setInterval(step, 900);
  });

  const sync = () => {
    const s = store.get();
    document.querySelectorAll<HTMLInputElement>('input[name="colorBy"]').forEach((r) => {
      r.checked = r.value === s.colorBy;
    });
    sizeBy.value = payload.metrics.includes(s.sizeBy) ? s.sizeBy : 'degree';
    sector.value = s.filters.sector ?? '';
    capability.value = s.filters.capability ?? '';
    community.value = s.filters.community === null ? '' : String(s.filters.community);
    degree.value = String(s.filters.minDegree);
    degreeValue.value = String(s.filters.minDegree);
    if (years) {
      const [from, to] = s.filters.years ?? [years.min, years.max];
      yearFrom.value = String(from);
      yearTo.value = String(to);
      yearValue.value = !s.filters.years
        ? `all (${years.min}–${years.max})`
        : from === to
          ? `${from} only`
          : `${from}–${to}`;
      yearFrom.setAttribute('aria-valuetext', `from ${from}`);
      yearTo.setAttribute('aria-valuetext', `to ${to}`);
    }
  };
  sync();
  return { sync, maxYear: years?.max ?? thisYear };
}
