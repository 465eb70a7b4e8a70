/**
 * The shareable part of the view state in the URL hash, e.g.
 * `#b=b12&color=sector&size=pagerank&sector=machining&deg=2&years=2015-2020&ego=2&view=table`.
 * Parsing is forgiving: an unknown or malformed value is ignored, never an error.
 */
import type { ColorBy, Filters, View, ViewState } from './state.ts';

type Shareable = Pick<ViewState, 'view' | 'colorBy' | 'sizeBy' | 'selected' | 'egoDepth' | 'filters'>;

/** What a hash sets: some view fields and some filters. */
export type DecodedState = Partial<Omit<Shareable, 'filters'>> & { filters: Partial<Filters> };

/** Serialize the shareable state (defaults left out, so links stay short). */
export function encodeState(s: Shareable): string {
  const p = new URLSearchParams();
  if (s.selected) p.set('b', s.selected);
  if (s.view !== 'map') p.set('view', s.view);
  if (s.colorBy !== 'community') p.set('color', s.colorBy);
  if (s.sizeBy !== 'degree') p.set('size', s.sizeBy);
  if (s.egoDepth > 0) p.set('ego', String(s.egoDepth));
  const f = s.filters;
  if (f.sector) p.set('sector', f.sector);
  if (f.capability) p.set('cap', f.capability);
  if (f.community !== null) p.set('comm', String(f.community));
  if (f.minDegree > 0) p.set('deg', String(f.minDegree));
  if (f.years) p.set('years', `${f.years[0]}-${f.years[1]}`);
  return p.toString();
}

function int(v: string | null, min: number, max: number): number | undefined {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

/** Parse a hash (with or without `#`) into the parts of the state it sets. */
export function decodeState(hash: string): DecodedState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out: DecodedState = { filters: {} };
  const b = p.get('b');
  if (b) out.selected = b;
  const view = p.get('view');
  if (view === 'map' || view === 'table' || view === 'gaps') out.view = view as View;
  const color = p.get('color');
  if (color === 'community' || color === 'sector') out.colorBy = color as ColorBy;
  const size = p.get('size');
  if (size && /^[A-Za-z0-9_]{1,40}$/.test(size)) out.sizeBy = size;
  const ego = int(p.get('ego'), 0, 3);
  if (ego !== undefined) out.egoDepth = ego as 0 | 1 | 2 | 3;
  const sector = p.get('sector');
  if (sector) out.filters.sector = sector;
  const cap = p.get('cap');
  if (cap) out.filters.capability = cap;
  const comm = int(p.get('comm'), 0, 1_000_000);
  if (comm !== undefined) out.filters.community = comm;
  const deg = int(p.get('deg'), 0, 10_000);
  if (deg !== undefined) out.filters.minDegree = deg;
  const years = /^(\d{4})-(\d{4})$/.exec(p.get('years') ?? '');
  if (years) {
    const from = Number(years[1]);
    const to = Number(years[2]);
    if (from <= to) out.filters.years = [from, to];
  }
  return out;
}
