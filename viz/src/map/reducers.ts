/**
 * Sigma node and edge reducers: how the display state (filters, ego view, hover, selection,
 * highlight, time range, colour and size choices) changes what is drawn, without touching
 * the graph. `deriveDisplay` does the per-state work once; the reducers are per item lookups.
 */
import type { NodeDisplayData, EdgeDisplayData } from 'sigma/types';
import type { ViewState } from '../state.ts';
import type { EdgeAttrs, MapModel, NodeAttrs } from './model.ts';
import { neighbourhood } from './model.ts';
import {
  CUT_OFF_NODE,
  LOST_EDGE,
  REMOVED_NODE,
  DORMANT_EDGE,
  EDGE_COLOR,
  FADED_EDGE,
  FADED_NODE,
  HIGHLIGHT_EDGE,
  HOVER_EDGE,
  NEW_EDGE,
} from './palette.ts';

export type EdgeTimeStatus = 'active' | 'new' | 'dormant' | 'future';

/**
 * Status of a collaboration in the year range [from, to]: `future` if it began after `to`,
 * `dormant` if none of its events is active in the range, `new` if it began in the range at
 * or after `newSince`, else `active`. Undated ties are always active.
 */
export function edgeTimeStatus(
  spans: [number, number | null][],
  from: number,
  to: number,
  newSince = from,
): EdgeTimeStatus {
  if (spans.length === 0) return 'active';
  let first = Infinity;
  let active = false;
  for (const [s, e] of spans) {
    first = Math.min(first, s);
    if (s <= to && (e === null || e >= from)) active = true;
  }
  if (first > to) return 'future';
  if (!active) return 'dormant';
  return first >= newSince ? 'new' : 'active';
}

export interface Display {
  /** Businesses shown, or null for all. */
  visible: Set<string> | null;
  /** Businesses in focus (hovered + partners, or highlight); others fade. Null = no focus. */
  focus: Set<string> | null;
  focusEdges: Set<string> | null;
  colors: Map<string, string>;
  sizes: Map<string, number>;
  years: [number, number] | null;
  /** Ties that began at or after this year are "new" (none when the range starts at the first year). */
  newSince: number;
  /** What-if mode: firms assumed gone and those they would cut off. */
  removed: Set<string> | null;
  cutOff: Set<string> | null;
  /** Labels shown (collision permitting) without hover: the first ring of an ego view. */
  labelled: Set<string> | null;
}

/** The per-state part of the reducers, computed once per state change. */
export function deriveDisplay(model: MapModel, state: ViewState): Display {
  const { graph } = model;
  const f = state.filters;
  let visible: Set<string> | null = null;
  const filtering =
    f.sector !== null || f.capability !== null || f.community !== null || f.minDegree > 0 || f.years !== null;
  if (filtering) {
    visible = new Set();
    graph.forEachNode((id, a) => {
      const d = a.data;
      if (f.sector !== null && d.sector !== f.sector) return;
      if (f.capability !== null && !d.capabilities.includes(f.capability) && !d.needs.includes(f.capability))
        return;
      if (f.community !== null && d.community !== f.community) return;
      if (f.minDegree > 0 && graph.degree(id) < f.minDegree) return;
      if (f.years !== null && d.firstYear !== undefined && d.firstYear > f.years[1]) return;
      visible?.add(id);
    });
  }
  let labelled: Set<string> | null = null;
  const ego = state.egoDepth > 0 && state.selected !== null && graph.hasNode(state.selected);
  if (ego && state.selected) {
    labelled = new Set(graph.neighbors(state.selected));
    const ego = neighbourhood(graph, state.selected, state.egoDepth);
    visible = visible ? new Set([...ego].filter((n) => visible?.has(n))) : ego;
    visible.add(state.selected);
  }

  let focus: Set<string> | null = null;
  let focusEdges: Set<string> | null = null;
  if (state.whatIf) {
    focus = new Set([...state.whatIf.removed, ...state.whatIf.cutOff]);
    focusEdges = new Set();
    for (const id of state.whatIf.removed)
      if (graph.hasNode(id)) graph.forEachEdge(id, (e) => focusEdges?.add(e));
  }
  if (state.highlight) {
    focus = new Set(state.highlight.nodes);
    focusEdges = new Set(state.highlight.edges);
  }
  // In an ego view every ring stays in colour (the view already keeps only the rings), so the
  // selection does not fade the second and third rings; hovering still focuses.
  const hover = state.hovered ?? (state.highlight || state.whatIf || ego ? null : state.selected);
  if (hover && graph.hasNode(hover)) {
    focus ??= new Set();
    focusEdges ??= new Set();
    focus.add(hover);
    graph.forEachEdge(hover, (e, _a, s, t) => {
      focus?.add(s === hover ? t : s);
      focusEdges?.add(e);
    });
  }
  return {
    visible,
    focus,
    focusEdges,
    colors: model.colors[state.colorBy],
    sizes: model.sizesFor(state.sizeBy),
    years: f.years,
    newSince: f.years && model.payload.years && f.years[0] > model.payload.years.min ? f.years[0] : Infinity,
    removed: state.whatIf?.removed ?? null,
    cutOff: state.whatIf?.cutOff ?? null,
    labelled,
  };
}

/** Sigma reducers reading the current display. */
export function createReducers(
  getDisplay: () => Display,
  getState: () => ViewState,
): {
  nodeReducer: (node: string, data: NodeAttrs) => Partial<NodeDisplayData>;
  edgeReducer: (edge: string, data: EdgeAttrs) => Partial<EdgeDisplayData>;
} {
  return {
    nodeReducer(node, data) {
      const d = getDisplay();
      const state = getState();
      const res: Partial<NodeDisplayData> = {
        x: data.x,
        y: data.y,
        label: data.label,
        size: d.sizes.get(node) ?? data.size,
        color: d.colors.get(node) ?? data.color,
      };
      if (d.visible && !d.visible.has(node)) return { ...res, hidden: true };
      if (d.labelled?.has(node)) res.forceLabel = true;
      if (d.focus && !d.focus.has(node)) {
        res.color = FADED_NODE;
        res.label = '';
        res.zIndex = 0;
      } else if (d.focus) {
        res.zIndex = 1;
        res.forceLabel = d.focus.size <= 40;
      }
      if (node === state.selected) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = 2;
      }
      if (state.highlight?.nodes.has(node)) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = 2;
      }
      if (d.removed?.has(node)) {
        res.color = REMOVED_NODE;
        res.highlighted = true;
        res.forceLabel = true;
        res.label = `${data.label} (leaves)`;
        res.zIndex = 3;
      } else if (d.cutOff?.has(node)) {
        res.color = CUT_OFF_NODE;
        res.forceLabel = true;
        res.zIndex = 2;
      }
      // The business under the pointer is named first, whatever else is shown.
      if (node === state.hovered) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = Math.max(res.zIndex ?? 0, 3);
      }
      return res;
    },
    edgeReducer(edge, data) {
      const d = getDisplay();
      const graph = data;
      const res: Partial<EdgeDisplayData> = { size: graph.size, color: EDGE_COLOR };
      if (d.years) {
        const status = edgeTimeStatus(data.data.spans, d.years[0], d.years[1], d.newSince);
        if (status === 'future') return { ...res, hidden: true };
        if (status === 'new') res.color = NEW_EDGE;
        if (status === 'dormant') res.color = DORMANT_EDGE;
      }
      if (d.visible && (!d.visible.has(data.data.source) || !d.visible.has(data.data.target))) {
        return { ...res, hidden: true };
      }
      if (d.focusEdges) {
        if (d.removed && d.focusEdges.has(edge)) {
          // Ties lost with a firm that leaves.
          res.color = LOST_EDGE;
          res.zIndex = 1;
        } else if (d.focusEdges.has(edge)) {
          res.color = getState().highlight?.edges.has(edge) ? HIGHLIGHT_EDGE : HOVER_EDGE;
          res.size = Math.max(1.5, (res.size ?? 1) * 1.6);
          res.zIndex = 1;
        } else {
          res.color = FADED_EDGE;
          res.zIndex = 0;
        }
      }
      return res;
    },
  };
}
