/**
 * The shareable part of the view state in the URL hash, e.g.
 * `#b=b12&ego=2&cam=0.4210,0.5522,0.2500&color=sector&size=pagerank&sector=machining&deg=2&years=2015-2020`
 * `&need=welding&need=coating&anchor=b3&max=4&team=b3&team=b9&view=table&sort=-betweenness&kpi=newTies`.
 * Everything a person set up comes back from it: selection and ego depth, camera, colour and
 * size, filters and year window, the consortium request and chosen team, the highlighted
 * suggestion, the firms of a what-if, the table's sort and the timeline's measure. Lists are repeated keys (`need=a&need=b`), so names
 * with commas survive. Parsing is forgiving: an unknown or malformed value is ignored, never
 * an error.
 */
import type {
  CameraView,
  ColorBy,
  ConsortiumSetup,
  Filters,
  Highlight,
  TableSort,
  View,
  ViewState,
} from './state.ts';

/** What the hash is written from: the view state (a store's state fits as is). */
export type ShareableState = Pick<
  ViewState,
  | 'view'
  | 'colorBy'
  | 'sizeBy'
  | 'selected'
  | 'egoDepth'
  | 'filters'
  | 'camera'
  | 'consortium'
  | 'timelineKpi'
  | 'tableSort'
> & {
  highlight: Pick<Highlight, 'link'> | null;
  whatIf: { removed: ReadonlySet<string> } | null;
};

/** What a hash sets: some view fields, some filters, and what to restore once the page is up. */
export interface DecodedState {
  view?: View;
  colorBy?: ColorBy;
  sizeBy?: string;
  selected?: string;
  egoDepth?: 0 | 1 | 2 | 3;
  camera?: CameraView;
  filters: Partial<Filters>;
  consortium?: ConsortiumSetup;
  /** The highlight to bring back: a suggestion for the selected business, or a team. */
  link?: NonNullable<Highlight['link']>;
  /** Firms assumed gone in the what-if mode. */
  whatIf?: string[];
  timelineKpi?: string;
  tableSort?: TableSort;
}

/** Column and measure names: report columns and timeline keys are identifiers. */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** Largest list a link carries (a team, the firms of a what-if, a project's capabilities). */
const MAX_LIST = 50;
/** The camera sigma starts with; a link at rest there leaves `cam` out. */
const HOME: CameraView = { x: 0.5, y: 0.5, ratio: 1 };

/** Four decimals: a tenth of a pixel on a 1,000 px map at ratio 1, and short links. */
function fixed(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

function atHome(c: CameraView): boolean {
  return (
    Math.abs(c.x - HOME.x) < 5e-4 && Math.abs(c.y - HOME.y) < 5e-4 && Math.abs(c.ratio - HOME.ratio) < 5e-4
  );
}

/** Serialize the shareable state (defaults left out, so links stay short). */
export function encodeState(s: ShareableState): string {
  const p = new URLSearchParams();
  if (s.selected) p.set('b', s.selected);
  if (s.view !== 'map') p.set('view', s.view);
  if (s.colorBy !== 'community') p.set('color', s.colorBy);
  if (s.sizeBy !== 'degree') p.set('size', s.sizeBy);
  if (s.egoDepth > 0 && s.selected) p.set('ego', String(s.egoDepth));
  if (s.camera && !atHome(s.camera))
    p.set('cam', [s.camera.x, s.camera.y, s.camera.ratio].map(fixed).join(','));
  const f = s.filters;
  if (f.sector) p.set('sector', f.sector);
  if (f.capability) p.set('cap', f.capability);
  if (f.community !== null) p.set('comm', String(f.community));
  if (f.minDegree > 0) p.set('deg', String(f.minDegree));
  if (f.years) p.set('years', `${f.years[0]}-${f.years[1]}`);
  const c = s.consortium;
  if (c && c.capabilities.length > 0) {
    for (const need of c.capabilities.slice(0, MAX_LIST)) p.append('need', need);
    if (c.anchor) p.set('anchor', c.anchor);
    if (c.maxSize !== null) p.set('max', String(c.maxSize));
  }
  const link = s.highlight?.link;
  if (link?.kind === 'team' && c) for (const id of link.ids.slice(0, MAX_LIST)) p.append('team', id);
  // A suggestion belongs to the selected business's panel: without a selection it cannot come back.
  if (link?.kind === 'suggestion' && s.selected && link.ids[0]) p.set('sugg', link.ids[0]);
  if (s.whatIf) for (const id of [...s.whatIf.removed].slice(0, MAX_LIST)) p.append('out', id);
  if (s.tableSort) p.set('sort', `${s.tableSort.desc ? '-' : ''}${s.tableSort.column}`);
  if (s.timelineKpi) p.set('kpi', s.timelineKpi);
  // The camera holds digits, dots and commas only: keep its commas readable.
  return p.toString().replace(/(^|&)cam=[^&]*/, (m) => m.replace(/%2C/g, ','));
}

function int(v: string | null, min: number, max: number): number | undefined {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

/** Distinct non-empty values of a repeated key, in order, at most MAX_LIST. */
function list(p: URLSearchParams, key: string): string[] {
  return [...new Set(p.getAll(key).filter((v) => v !== ''))].slice(0, MAX_LIST);
}

function camera(v: string | null): CameraView | undefined {
  const parts = (v ?? '').split(',');
  if (parts.length !== 3 || parts.some((x) => !/^-?\d+(\.\d+)?$/.test(x))) return undefined;
  const [x, y, ratio] = parts.map(Number) as [number, number, number];
  // Within what a person can reach by panning and zooming (sigma: ratio 0.02–4 here).
  if (Math.abs(x) > 10 || Math.abs(y) > 10 || ratio < 0.01 || ratio > 10) return undefined;
  return { x, y, ratio };
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
  if (ego !== undefined && b) out.egoDepth = ego as 0 | 1 | 2 | 3;
  const cam = camera(p.get('cam'));
  if (cam) out.camera = cam;
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
  const needs = list(p, 'need');
  if (needs.length > 0) {
    const max = int(p.get('max'), 2, 10);
    out.consortium = { capabilities: needs, anchor: p.get('anchor') || null, maxSize: max ?? null };
    const team = list(p, 'team');
    if (team.length > 0) out.link = { kind: 'team', ids: team };
  }
  const sugg = p.get('sugg');
  if (sugg && b && !out.link) out.link = { kind: 'suggestion', ids: [sugg] };
  const gone = list(p, 'out');
  if (gone.length > 0) out.whatIf = gone;
  const sort = /^(-?)(.+)$/.exec(p.get('sort') ?? '');
  if (sort && NAME.test(sort[2]!)) out.tableSort = { column: sort[2]!, desc: sort[1] === '-' };
  const kpi = p.get('kpi');
  if (kpi && NAME.test(kpi)) out.timelineKpi = kpi;
  return out;
}
