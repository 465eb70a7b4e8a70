import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, NO_FILTERS, type ViewState } from '../../viz/src/state.ts';
import { decodeState, encodeState } from '../../viz/src/url-state.ts';

/** What a page holding `s` would share, read back by a page opening the link. */
const roundTrip = (s: ViewState) => decodeState(`#${encodeState(s)}`);

describe('viz › shareable URL state', () => {
  it('ignores malformed and unknown values instead of failing', () => {
    const d = decodeState(
      '#view=nope&color=rainbow&size=a%20b&ego=9&comm=-1&deg=x&years=2020-2010&zzz=1' +
        '&cam=1,2&max=99&need=&team=b1&sugg=b2&out=',
    );
    expect(d).toEqual({ filters: {} });
  });

  it('refuses a camera outside what panning and zooming can reach', () => {
    expect(decodeState('#cam=0.5,0.5,0').camera).toBeUndefined();
    expect(decodeState('#cam=0.5,0.5,1e3').camera).toBeUndefined();
    expect(decodeState('#cam=99,0.5,1').camera).toBeUndefined();
    expect(decodeState('#cam=0.4,0.6,0.25').camera).toEqual({ x: 0.4, y: 0.6, ratio: 0.25 });
  });

  it('leaves defaults out of the link, the camera at rest included', () => {
    expect(encodeState(INITIAL_STATE)).toBe('');
    expect(encodeState({ ...INITIAL_STATE, camera: { x: 0.5, y: 0.5, ratio: 1 } })).toBe('');
  });

  it('round-trips selection, view, colouring, sizing, ego depth and every filter', () => {
    const state: ViewState = {
      ...INITIAL_STATE,
      selected: 'b 12/&x',
      view: 'table',
      colorBy: 'sector',
      sizeBy: 'pagerank',
      egoDepth: 2,
      filters: {
        ...NO_FILTERS,
        sector: 'machining & tools',
        capability: '5-axis milling',
        community: 3,
        minDegree: 2,
        years: [2015, 2020],
      },
    };
    expect(roundTrip(state)).toEqual({
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

  it('round-trips the camera to four decimals', () => {
    expect(encodeState({ ...INITIAL_STATE, camera: { x: 0.41, y: 0.57, ratio: 0.35 } })).toBe(
      'cam=0.41,0.57,0.35',
    );
    const d = roundTrip({ ...INITIAL_STATE, camera: { x: 0.123456, y: -0.98766, ratio: 0.0333333 } });
    expect(d.camera).toEqual({ x: 0.1235, y: -0.9877, ratio: 0.0333 });
  });

  it('round-trips a consortium request and its chosen team, names with commas and ampersands intact', () => {
    const state: ViewState = {
      ...INITIAL_STATE,
      consortium: { capabilities: ['welding, TIG', 'R&D = testing', 'coating'], anchor: 'b3', maxSize: 4 },
      highlight: {
        nodes: new Set(),
        edges: new Set(),
        label: 'Team 1',
        link: { kind: 'team', ids: ['b3', 'b9', 'b#1'] },
      },
    };
    const d = roundTrip(state);
    expect(d.consortium).toEqual(state.consortium);
    expect(d.link).toEqual({ kind: 'team', ids: ['b3', 'b9', 'b#1'] });
  });

  it('keeps a consortium request without a team, and drops a team without its request', () => {
    const noTeam = roundTrip({
      ...INITIAL_STATE,
      consortium: { capabilities: ['coating'], anchor: null, maxSize: null },
    });
    expect(noTeam.consortium).toEqual({ capabilities: ['coating'], anchor: null, maxSize: null });
    expect(noTeam.link).toBeUndefined();
    expect(decodeState('#team=b1&team=b2').link).toBeUndefined();
  });

  it('round-trips a highlighted suggestion with the business it belongs to, and drops it without one', () => {
    const highlight = {
      nodes: new Set<string>(),
      edges: new Set<string>(),
      label: 's',
      link: { kind: 'suggestion' as const, ids: ['b7'] },
    };
    const d = roundTrip({ ...INITIAL_STATE, selected: 'b1', highlight });
    expect(d).toMatchObject({ selected: 'b1', link: { kind: 'suggestion', ids: ['b7'] } });
    expect(encodeState({ ...INITIAL_STATE, highlight })).toBe('');
  });

  it('round-trips the firms of a what-if in their order', () => {
    const d = roundTrip({
      ...INITIAL_STATE,
      whatIf: { removed: new Set(['b9', 'b2']), cutOff: new Set(['b4']) },
    });
    expect(d.whatIf).toEqual(['b9', 'b2']);
  });

  it("round-trips the table's sort and the timeline's measure, and ignores names that are not identifiers", () => {
    const d = roundTrip({
      ...INITIAL_STATE,
      tableSort: { column: 'betweenness', desc: true },
      timelineKpi: 'newTies',
    });
    expect(d.tableSort).toEqual({ column: 'betweenness', desc: true });
    expect(d.timelineKpi).toBe('newTies');
    expect(roundTrip({ ...INITIAL_STATE, tableSort: { column: 'name', desc: false } }).tableSort).toEqual({
      column: 'name',
      desc: false,
    });
    expect(decodeState('#sort=-&kpi=%3Cscript%3E')).toEqual({ filters: {} });
    expect(decodeState('#sort=a%20b&kpi=1x')).toEqual({ filters: {} });
  });

  it('any state a person can set up comes back from its link', () => {
    const id = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.record({
          selected: fc.option(id, { nil: null }),
          egoDepth: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>,
          sector: fc.option(id, { nil: null }),
          years: fc.option(
            fc
              .tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 0, max: 10 }))
              .map(([a, n]) => [a, a + n] as [number, number]),
            { nil: null },
          ),
          camera: fc.option(
            fc.record({
              x: fc.integer({ min: -20_000, max: 20_000 }).map((n) => n / 10_000),
              y: fc.integer({ min: -20_000, max: 20_000 }).map((n) => n / 10_000),
              ratio: fc.integer({ min: 200, max: 40_000 }).map((n) => n / 10_000),
            }),
            { nil: null },
          ),
          needs: fc.uniqueArray(id, { minLength: 1, maxLength: 6 }),
          team: fc.uniqueArray(id, { minLength: 1, maxLength: 6 }),
          gone: fc.uniqueArray(id, { maxLength: 4 }),
        }),
        (r) => {
          const state: ViewState = {
            ...INITIAL_STATE,
            selected: r.selected,
            egoDepth: r.selected ? r.egoDepth : 0,
            camera: r.camera,
            filters: { ...NO_FILTERS, sector: r.sector, years: r.years },
            consortium: { capabilities: r.needs, anchor: null, maxSize: null },
            highlight: { nodes: new Set(), edges: new Set(), label: '', link: { kind: 'team', ids: r.team } },
            whatIf: r.gone.length ? { removed: new Set(r.gone), cutOff: new Set() } : null,
          };
          const d = roundTrip(state);
          expect(d.selected ?? null).toBe(r.selected);
          expect(d.egoDepth ?? 0).toBe(state.egoDepth);
          const home = r.camera && r.camera.x === 0.5 && r.camera.y === 0.5 && r.camera.ratio === 1;
          expect(d.camera ?? null).toEqual(home ? null : r.camera);
          expect(d.filters.sector ?? null).toBe(r.sector);
          expect(d.filters.years ?? null).toEqual(r.years);
          expect(d.consortium?.capabilities).toEqual(r.needs);
          expect(d.link).toEqual({ kind: 'team', ids: r.team });
          expect(d.whatIf ?? []).toEqual(r.gone);
        },
      ),
      { numRuns: 300 },
    );
  });
});
