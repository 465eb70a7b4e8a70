import { describe, expect, it } from 'vitest';
import type { GraphPayload } from '../../../viz/src/api-client.ts';
import { buildModel, neighbourhood, shortestPath } from '../../../viz/src/map/model.ts';
import { FADED_NODE } from '../../../viz/src/map/palette.ts';
import { createReducers, deriveDisplay, edgeTimeStatus } from '../../../viz/src/map/reducers.ts';
import { INITIAL_STATE, NO_FILTERS, type ViewState } from '../../../viz/src/state.ts';

function payload(): GraphPayload {
  const node = (id: string, sector: string, community: number, degree: number, firstYear?: number) => ({
    id,
    label: id.toUpperCase(),
    sector,
    community,
    x: Number(id.slice(1)),
    y: 0,
    capabilities: id === 'b1' ? ['milling'] : [],
    needs: id === 'b4' ? ['milling'] : [],
    metrics: { degree },
    ...(firstYear !== undefined ? { firstYear } : {}),
  });
  return {
    snapshot: { id: 's', loadedAt: '', source: 'test' },
    partial: false,
    nodes: [
      node('b1', 'a', 0, 1, 2010),
      node('b2', 'a', 0, 2, 2010),
      node('b3', 'b', 1, 2, 2018),
      node('b4', 'b', 1, 1, 2018),
      node('b5', 'b', 1, 0),
    ],
    edges: [
      { id: 'b1--b2', source: 'b1', target: 'b2', weight: 1, spans: [[2010, 2012]], kinds: [] },
      { id: 'b2--b3', source: 'b2', target: 'b3', weight: 2, spans: [[2018, null]], kinds: [] },
      { id: 'b3--b4', source: 'b3', target: 'b4', weight: 1, spans: [[2018, 2019]], kinds: [] },
    ],
    metrics: ['degree'],
    sectors: ['a', 'b'],
    communities: 2,
    years: { min: 2010, max: 2019 },
  };
}

describe('viz › map reducers', () => {
  const model = buildModel(payload());
  const reduce = (state: ViewState) => {
    const display = deriveDisplay(model, state);
    const r = createReducers(
      () => display,
      () => state,
    );
    const node = (id: string) => r.nodeReducer(id, model.graph.getNodeAttributes(id));
    const edge = (id: string) => r.edgeReducer(id, model.graph.getEdgeAttributes(id));
    return { node, edge };
  };

  it('classifies ties in a year window: future, dormant, new, active', () => {
    expect(edgeTimeStatus([], 2015, 2016)).toBe('active');
    expect(edgeTimeStatus([[2018, null]], 2010, 2012)).toBe('future');
    expect(edgeTimeStatus([[2010, 2012]], 2015, 2018)).toBe('dormant');
    expect(edgeTimeStatus([[2016, null]], 2015, 2018)).toBe('new');
    expect(edgeTimeStatus([[2012, null]], 2015, 2018)).toBe('active');
    expect(edgeTimeStatus([[2016, null]], 2015, 2018, Infinity)).toBe('active');
  });

  it('hides businesses outside the sector, capability and degree filters', () => {
    const { node } = reduce({ ...INITIAL_STATE, filters: { ...NO_FILTERS, sector: 'b', minDegree: 1 } });
    expect(['b1', 'b2', 'b3', 'b4', 'b5'].map((n) => node(n).hidden === true)).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    const byCapability = reduce({ ...INITIAL_STATE, filters: { ...NO_FILTERS, capability: 'milling' } });
    expect(byCapability.node('b1').hidden).toBeFalsy();
    expect(byCapability.node('b4').hidden).toBeFalsy();
    expect(byCapability.node('b2').hidden).toBe(true);
  });

  it('hides ties that had not begun and businesses that had not appeared in the window', () => {
    const { node, edge } = reduce({ ...INITIAL_STATE, filters: { ...NO_FILTERS, years: [2010, 2012] } });
    expect(edge('b2--b3').hidden).toBe(true);
    expect(node('b3').hidden).toBe(true);
    expect(edge('b1--b2').hidden).toBeFalsy();
  });

  it('keeps only the ego network in the ego view', () => {
    const { node } = reduce({ ...INITIAL_STATE, selected: 'b2', egoDepth: 1 });
    expect(['b1', 'b2', 'b3', 'b4'].map((n) => node(n).hidden === true)).toEqual([false, false, false, true]);
  });

  it('fades everything but a hovered business and its partners', () => {
    const { node } = reduce({ ...INITIAL_STATE, hovered: 'b3' });
    expect(node('b1').color).toBe(FADED_NODE);
    expect(node('b2').color).not.toBe(FADED_NODE);
    expect(node('b4').color).not.toBe(FADED_NODE);
  });

  it('sizes by the chosen metric, largest value largest node', () => {
    const { node } = reduce({ ...INITIAL_STATE, sizeBy: 'degree' });
    expect(node('b2').size!).toBeGreaterThan(node('b1').size!);
    expect(node('b1').size!).toBeGreaterThan(node('b5').size!);
  });

  it('finds neighbourhoods and shortest paths for the ego view and suggestion paths', () => {
    expect([...neighbourhood(model.graph, 'b1', 2)].sort()).toEqual(['b1', 'b2', 'b3']);
    expect(shortestPath(model.graph, 'b1', 'b4')).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(shortestPath(model.graph, 'b1', 'b5')).toBeNull();
  });
});
