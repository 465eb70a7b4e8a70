/**
 * The timeline chart under the year control: one KPI of GET /api/network/timeline per year
 * (active, new and ended ties, density, largest connected share, cross-sector share), drawn
 * as an SVG line with the chosen year window shaded. Clicking a year selects it; the window
 * follows the year control and Play, so chart and map always show the same years.
 */
import { accessMessage, api, ApiError, type TimelineRow } from '../api-client.ts';
import { el, replaceChildren } from '../dom.ts';
import type { Store } from '../state.ts';

const SVG = 'http://www.w3.org/2000/svg';

type Kpi = keyof Pick<
  TimelineRow,
  'activeTies' | 'newTies' | 'endedTies' | 'density' | 'largestComponentShare' | 'crossSectorShare'
>;

export const TIMELINE_KPIS: { key: Kpi; label: string; percent: boolean }[] = [
  { key: 'activeTies', label: 'Active ties', percent: false },
  { key: 'newTies', label: 'New ties', percent: false },
  { key: 'endedTies', label: 'Ended ties', percent: false },
  { key: 'density', label: 'Density', percent: true },
  { key: 'largestComponentShare', label: 'Share in the largest group', percent: true },
  { key: 'crossSectorShare', label: 'Cross-sector share of ties', percent: true },
];

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const W = 260;
const H = 92;
const PAD = { left: 30, right: 6, top: 8, bottom: 16 };

/** Draw `rows` (one per year) for `kpi`, with `window` shaded. Exported for tests. */
export function drawTimeline(
  rows: TimelineRow[],
  kpi: (typeof TIMELINE_KPIS)[number],
  window: [number, number] | null,
  onPick: (year: number) => void,
): SVGSVGElement {
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `${kpi.label} per year`,
    'data-kpi': kpi.key,
  });
  if (rows.length === 0) return root;
  const years = rows.map((r) => r.from);
  const y0 = years[0] as number;
  const y1 = years[years.length - 1] as number;
  const values = rows.map((r) => r[kpi.key] ?? 0);
  const max = Math.max(...values, kpi.percent ? 0.01 : 1);
  const x = (year: number) => PAD.left + ((year - y0) / Math.max(1, y1 - y0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const step = (W - PAD.left - PAD.right) / Math.max(1, y1 - y0);
  if (window) {
    const a = Math.max(window[0], y0);
    const b = Math.min(window[1], y1);
    if (a <= b)
      root.append(
        svg('rect', {
          class: 'window',
          x: x(a) - step / 2,
          y: PAD.top - 4,
          width: x(b) - x(a) + step,
          height: H - PAD.top - PAD.bottom + 4,
        }),
      );
  }
  const fmt = (v: number) => (kpi.percent ? `${Math.round(v * 100)}%` : v.toLocaleString('en'));
  root.append(
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), stroke: '#cdd5df' }),
    svg(
      'text',
      { x: PAD.left - 4, y: y(max) + 4, 'text-anchor': 'end', 'font-size': 9, fill: '#7a8796' },
      fmt(max),
    ),
    svg('text', { x: PAD.left - 4, y: y(0), 'text-anchor': 'end', 'font-size': 9, fill: '#7a8796' }, fmt(0)),
    svg('text', { x: x(y0), y: H - 3, 'text-anchor': 'start', 'font-size': 9, fill: '#7a8796' }, String(y0)),
    svg('text', { x: x(y1), y: H - 3, 'text-anchor': 'end', 'font-size': 9, fill: '#7a8796' }, String(y1)),
    svg('polyline', {
      points: rows.map((r, i) => `${x(r.from).toFixed(1)},${y(values[i] ?? 0).toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: '#1f6feb',
      'stroke-width': 2,
      'stroke-linejoin': 'round',
    }),
  );
  rows.forEach((r, i) => {
    const inWindow = window !== null && r.from >= window[0] && r.from <= window[1];
    root.append(
      svg('circle', { cx: x(r.from), cy: y(values[i] ?? 0), r: inWindow ? 3 : 2, fill: '#1f6feb' }),
    );
    const hit = svg('rect', {
      x: x(r.from) - step / 2,
      y: 0,
      width: step,
      height: H,
      fill: 'transparent',
      'data-year': r.from,
      cursor: 'pointer',
    });
    hit.append(svg('title', {}, `${r.from}: ${fmt(values[i] ?? 0)} (click to show this year)`));
    hit.addEventListener('click', () => onPick(r.from));
    root.append(hit);
  });
  return root;
}

/** Load the timeline into `container` and keep its window in step with the year filter. */
export async function setupTimelineChart(
  container: HTMLElement,
  store: Store,
  maxYear: number,
): Promise<void> {
  replaceChildren(container, el('p', { class: 'hint', text: 'Loading the timeline…' }));
  let rows: TimelineRow[];
  try {
    rows = (await api.timeline()).rows.filter((r) => r.from <= maxYear);
  } catch (error) {
    const text =
      error instanceof ApiError
        ? (accessMessage(error) ?? `The timeline could not be loaded: ${error.message}`)
        : 'The timeline could not be loaded.';
    replaceChildren(container, el('p', { class: 'message error', text }));
    return;
  }
  if (rows.length === 0) {
    replaceChildren(container, el('p', { class: 'hint', text: 'No dated collaborations: no timeline.' }));
    return;
  }
  // The measure is part of the view state, so a shared link shows the same chart.
  const chosen = () => TIMELINE_KPIS.find((k) => k.key === store.get().timelineKpi) ?? TIMELINE_KPIS[0]!;
  let kpi = chosen();
  const select = el(
    'select',
    { attrs: { id: 'timeline-kpi', 'aria-label': 'Measure shown per year' } },
    TIMELINE_KPIS.map((k) => el('option', { text: k.label, attrs: { value: k.key } })),
  );
  select.value = kpi.key;
  const chart = el('div', { attrs: { id: 'timeline-svg' } });
  const draw = () =>
    replaceChildren(
      chart,
      drawTimeline(rows, kpi, store.get().filters.years, (year) => store.setFilters({ years: [year, year] })),
    );
  select.addEventListener('change', () => {
    const key = TIMELINE_KPIS.find((k) => k.key === select.value)?.key ?? kpi.key;
    store.set({ timelineKpi: key === TIMELINE_KPIS[0]!.key ? null : key });
  });
  store.subscribe((s, prev) => {
    if (s.timelineKpi !== prev.timelineKpi) {
      kpi = chosen();
      select.value = kpi.key;
      draw();
    } else if (s.filters.years !== prev.filters.years) draw();
  });
  replaceChildren(container, select, chart);
  draw();
}
