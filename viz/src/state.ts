/**
 * Display state of the map: what is selected, hovered, filtered and highlighted, and how
 * nodes are coloured and sized. Not data: the graph never changes; sigma's reducers read
 * this state. A minimal store with subscribe, so panels and the map stay in step.
 */

export type ColorBy = 'community' | 'sector';
export type View = 'map' | 'table' | 'gaps';

export interface Filters {
  sector: string | null;
  capability: string | null;
  community: number | null;
  minDegree: number;
  /** Inclusive year range, or null for the whole history. */
  years: [number, number] | null;
}

/** Businesses and collaborations to stand out (a suggestion path, a consortium team). */
export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
  label: string;
  /**
   * How a shared link brings it back: a suggestion for the selected business
   * (`{ kind: 'suggestion', ids: [partner] }`) or a team (`{ kind: 'team', ids: members }`).
   */
  link?: { kind: 'suggestion' | 'team'; ids: string[] };
}

/** The what-if mode: firms assumed gone and the businesses that would then be cut off. */
export interface WhatIfView {
  removed: Set<string>;
  cutOff: Set<string>;
}

/** Camera position in sigma's framed coordinates (0–1) and zoom ratio. */
export interface CameraView {
  x: number;
  y: number;
  ratio: number;
}

/** The consortium builder's request, kept so a shared link builds the same teams again. */
export interface ConsortiumSetup {
  capabilities: string[];
  /** Business every team must include, or null. */
  anchor: string | null;
  /** Largest team asked for, or null for the server's default. */
  maxSize: number | null;
}

/** How the centrality table is sorted: a column of the report, largest first or not. */
export interface TableSort {
  column: string;
  desc: boolean;
}

export interface ViewState {
  view: View;
  colorBy: ColorBy;
  sizeBy: string;
  selected: string | null;
  hovered: string | null;
  /** Ego view depth around the selection; 0 = off. */
  egoDepth: 0 | 1 | 2 | 3;
  filters: Filters;
  highlight: Highlight | null;
  whatIf: WhatIfView | null;
  /** Set from a shared link (and written back on camera moves); null = whole network. */
  camera: CameraView | null;
  /** The last consortium request (the chosen team is `highlight.link`); null = none built. */
  consortium: ConsortiumSetup | null;
  /** The measure the timeline chart draws (a key of the timeline's rows); null = the first one. */
  timelineKpi: string | null;
  /** The centrality table's sort; null = the table's default (degree, largest first). */
  tableSort: TableSort | null;
}

export const NO_FILTERS: Filters = {
  sector: null,
  capability: null,
  community: null,
  minDegree: 0,
  years: null,
};

export const INITIAL_STATE: ViewState = {
  view: 'map',
  colorBy: 'community',
  sizeBy: 'degree',
  selected: null,
  hovered: null,
  egoDepth: 0,
  filters: NO_FILTERS,
  highlight: null,
  whatIf: null,
  camera: null,
  consortium: null,
  timelineKpi: null,
  tableSort: null,
};

export type Listener = (state: ViewState, previous: ViewState) => void;

export interface Store {
  get(): ViewState;
  set(patch: Partial<ViewState>): void;
  setFilters(patch: Partial<Filters>): void;
  subscribe(listener: Listener): () => void;
}

/** A store holding `initial`; `set` notifies listeners synchronously with old and new state. */
export function createStore(initial: ViewState): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  const store: Store = {
    get: () => state,
    set(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const l of listeners) l(state, previous);
    },
    setFilters(patch) {
      store.set({ filters: { ...state.filters, ...patch } });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}
