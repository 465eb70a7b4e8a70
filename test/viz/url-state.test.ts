import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, NO_FILTERS } from '../../viz/src/state.ts';
import { decodeState, encodeState } from '../../viz/src/url-state.ts';

describe('viz › shareable URL state', () => {
  it('ignores malformed and unknown values instead of failing', () => {
    const d = decodeState('#view=nope&color=rainbow&size=a%20b&ego=9&comm=-1&deg=x&years=2020-2010&zzz=1');
    expect(d).toEqual({ filters: {} });
  });

  it('leaves defaults out of the link', () => {
    expect(encodeState(INITIAL_STATE)).toBe('');
  });

  it('round-trips selection, view, colouring, sizing, ego depth and every filter', () => {
    const state = {
      ...INITIAL_STATE,
      selected: 'b 12/&x',
      view: 'table' as const,
      colorBy: 'sector' as const,
      sizeBy: 'pagerank',
      egoDepth: 2 as const,
      filters: {
        ...NO_FILTERS,
        sector: 'machining & tools',
        capability: '5-axis milling',
        community: 3,
        minDegree: 2,
        years: [2015, 2020] as [number, number],
      },
    };
    const decoded = decodeState(`#${encodeState(state)}`);
    expect(decoded).toEqual({
      selected: 'b 12/&x',
      view: 'table',
      colorBy: 'sector',
      sizeBy: 'pagerank',
      egoDepth: 2,
      filters: {
        sector: 'machining & tools',
        capability: '5-axis milling',
        community: 3,
        minDegree: 2,
        years: [2015, 2020],
      },
    });
  });
});
